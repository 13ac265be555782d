import time

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from coach.pipeline.redact import redact, redact_messages


@pytest.mark.parametrize(
    "text, expected, counts",
    [
        (
            "Email me at ana.lopez@example.com or ANA@mail.co.uk.",
            "Email me at [email] or [email].",
            {"email": 2},
        ),
        (
            "Call me on +44 20 7946 0958 or (555) 123-4567 or 555.123.4567.",
            "Call me on [phone] or [phone] or [phone].",
            {"phone": 3},
        ),
        (
            "Mobile: 06 12 34 56 78, office 030 1234567, tel:+49 30 1234567, 0612345678",
            "Mobile: [phone], office [phone], tel:[phone], [phone]",
            {"phone": 4},
        ),
        ("+1 (555) 123-4567", "[phone]", {"phone": 1}),
        ("my number is 612 345 678", "my number is [phone]", {"phone": 1}),
        ("call 555-1234 after six", "call [phone] after six", {"phone": 1}),
        (
            "My name is Ana María López and I'm a payroll clerk.",
            "My name is [name] and I'm a payroll clerk.",
            {"name": 1},
        ),
        ("my name is ana lopez, i work in payroll", "my name is [name], i work in payroll", {"name": 1}),
        ("I'm called Jean-Luc Picard.", "I'm called [name].", {"name": 1}),
        ("Name: John Smith\nRole: nurse", "Name: [name]\nRole: nurse", {"name": 1}),
        ("Full name: J. R. R. Tolkien", "Full name: [name]", {"name": 1}),
        ("Thanks!\n\nBest regards,\nAna López", "Thanks!\n\nBest regards,\n[name]", {"name": 1}),
        ("That helps.\nSigned, Maria", "That helps.\nSigned, [name]", {"name": 1}),
        ("Call me Ishmael.", "Call me [name].", {"name": 1}),
        (
            "Me llamo Lucía de la Fuente y soy enfermera.",
            "Me llamo [name] y soy enfermera.",
            {"name": 1},
        ),
        ("I live at 221B Baker Street, London.", "I live at [address], London.", {"address": 1}),
        ("Send it to 1600 Pennsylvania Ave NW, please.", "Send it to [address], please.", {"address": 1}),
        ("Adresse: Hauptstraße 5, Berlin", "Adresse: [address], Berlin", {"address": 1}),
        ("Calle Mayor 12, Madrid; 12 rue de Rivoli", "[address], Madrid; [address]", {"address": 2}),
        ("10 Downing St., Apt 4", "[address]", {"address": 1}),
        ("I live at 42 oak road", "I live at [address]", {"address": 1}),
        (
            "SSN 123-45-6789, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, DNI 12345678Z",
            "SSN [number], card [number], IBAN [number], DNI [number]",
            {"number": 4},
        ),
        ("NI AB 12 34 56 C; account 123456789012", "NI [number]; account [number]", {"number": 2}),
    ],
)
def test_personal_data_becomes_placeholders(text, expected, counts):
    assert redact(text) == (expected, counts)


def test_counts_cover_every_kind_in_one_text():
    text = (
        "Hi, my name is Ana López. I'm a payroll clerk at 10 Market Street. Reach me at ana@example.com "
        "or +34 612 34 56 78. My card is 4111-1111-1111-1111.\nThanks,\nAna"
    )
    clean, counts = redact(text)
    assert counts == {"email": 1, "phone": 1, "name": 2, "address": 1, "number": 1}
    for secret in ("Ana", "López", "Market", "example.com", "612", "4111"):
        assert secret not in clean
    assert "payroll clerk" in clean


@pytest.mark.parametrize(
    "text",
    [
        "I'm a payroll clerk; AI could automate 40% of my tasks by 2025.",
        "Build a 30/60/90-day plan. In 2023 I processed 1,200 payslips for 350 employees.",
        "I spend 5 hours a week on exceptions, from 2019-2023, salary $45,000 or €52.000 a year.",
        "Meeting on 12.03.2024 or 2024-03-12 at 14:30. Pages 12-15. Version 2.1.3. ISO 27001. 401(k).",
        "A budget of 1 250 000 euros; 12 345 678 workers in the EU; revenue €1.234.567.890.",
        "I drive 2 hours on the highway every day. I work on Main Street. Via Slack 3 times a day.",
        "Best practices for payroll: verify AI output before you send it.",
        "My role is changing; the name of the game is judgment.",
        "The O*NET code is 43-3051.00; SOC 2 compliance; GPT-4 and Claude 3.5.",
        "I have 3 kids and a long drive to work.",
        "Working at Best Buy for 3 years, then 2 years at Target.",
        "Thanks, I will try that.",
        "Please call me tomorrow about the 2024 review.",
        "Paralegals draft documents, manage case files and check citations; 65% of tasks are exposed.",
        "My username: ana_1990",
        "",
    ],
)
def test_ordinary_career_text_passes_unchanged(text):
    assert redact(text) == (text, {})


def test_redacting_twice_changes_nothing_more():
    once, _ = redact("My name is Ana López, phone 06 12 34 56 78, ana@x.org, 221B Baker Street.")
    assert redact(once) == (once, {})


def test_messages_are_copied_redacted_and_the_originals_kept():
    messages = [
        SystemMessage(content="You are a career coach."),
        HumanMessage(content="My name is Ana López, email ana@example.com."),
        AIMessage(content="Thanks Ana. Call +44 20 7946 0958 for payroll help."),
        HumanMessage(content=[{"type": "text", "text": "I live at 221B Baker Street"}, "ana@example.com"]),
    ]
    originals = [m.model_copy(deep=True) for m in messages]
    redacted, counts = redact_messages(messages)

    assert messages == originals  # never mutated
    assert [type(m) for m in redacted] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert redacted[0].content == "You are a career coach."
    assert redacted[1].content == "My name is [name], email [email]."
    assert redacted[2].content == "Thanks [name]. Call [phone] for payroll help."  # a known given name
    assert redacted[3].content == [{"type": "text", "text": "I live at [address]"}, "[email]"]
    assert counts == {"name": 2, "email": 2, "phone": 1, "address": 1}


def test_no_messages_no_counts():
    assert redact_messages([]) == ([], {})


@pytest.mark.parametrize(
    "text", ["a" * 100_000, "1" * 100_000, "a@" * 50_000, "Ab " * 30_000, "(1) 2-3.4 " * 10_000]
)
def test_huge_pastes_are_redacted_in_linear_time(text):
    start = time.perf_counter()
    redact(text)
    assert time.perf_counter() - start < 2  # a quadratic pattern took 15 s on 100k characters


# --- what a probe found reaching a remote endpoint verbatim (issue #17) -----------------------------
@pytest.mark.parametrize(
    "text, secrets",
    [
        ("I'm Ana Pérez, a payroll clerk.", ["Ana Pérez"]),
        ("my manager John Smith wants a plan.", ["John Smith"]),
        ("my colleague Maria Garcia uses SAP.", ["Maria Garcia"]),
        ("This is Priya Raman from accounts.", ["Priya Raman"]),
        ("I report to Sarah Connor, the CFO.", ["Sarah Connor"]),
        ("I met Mr. Takahashi yesterday.", ["Takahashi"]),
        ("Details — name: Dmitri Ivanov, role: analyst", ["Dmitri Ivanov"]),
        ("Me llamo Lucía Fernández.", ["Lucía Fernández"]),
        ("Je m'appelle Marie Dupont.", ["Marie Dupont"]),
        ("Ich heiße Jonas Weber.", ["Jonas Weber"]),
        ("Mi chiamo Marco Rossi.", ["Marco Rossi"]),
        ("Meu nome é João Silva.", ["João Silva"]),
        (
            "La Sra. Gómez, Frau Schneider, Mme Laurent et Herr Müller.",
            ["Gómez", "Schneider", "Laurent", "Müller"],
        ),
        ("Meine Kollegin Anna Schmidt hilft mir.", ["Anna Schmidt"]),
        ("That helps a lot.\nCordialement,\nChloé Lefèvre", ["Chloé Lefèvre"]),
        ("I was born on 12/03/1985.", ["12/03/1985"]),
        ("DOB: 1990-07-14", ["1990-07-14"]),
        ("Date of birth: 3 March 1979", ["3 March 1979"]),
        ("Nací el 12 de marzo de 1988.", ["12 de marzo de 1988"]),
        ("Ich bin am 12. März 1984 geboren.", ["12. März 1984"]),
        ("https://www.linkedin.com/in/ana-perez-4821/", ["ana-perez-4821"]),
        ("see github.com/jsmith-dev", ["jsmith-dev"]),
        ("facebook.com/maria.garcia.77", ["maria.garcia.77"]),
        ("twitter.com/sarahc and x.com/dmitri_iv", ["sarahc", "dmitri_iv"]),
        ("My site is anaperez.dev and my portfolio https://priyaraman.design", ["anaperez", "priyaraman"]),
        ("Employee ID E-48213", ["E-48213"]),
        ("staff number 004821", ["004821"]),
        ("my badge is A7731", ["A7731"]),
        ("I live at LS6 2AB.", ["LS6 2AB"]),
        ("Office: Hauptstraße 5, 10115 Berlin", ["Hauptstraße 5", "10115"]),
        ("Springfield, IL 62704", ["62704"]),
        ("350 Fifth Avenue, New York, NY 10118", ["350 Fifth Avenue", "10118"]),
        ("PO Box 1234, Austin", ["PO Box 1234"]),
        ("IBAN es91 2100 0418 4502 0005 1332", ["2100 0418 4502"]),
        ("write to ana dot perez at gmail dot com", ["ana dot perez", "gmail dot com"]),
        (
            "ana [at] mail [dot] com or ANA.PEREZ@GMAIL.COM or josé@correo.es",
            ["ana [at]", "ANA.PEREZ", "josé"],
        ),
        ("Passport number X1234567", ["X1234567"]),
        ("codice fiscale RSSMRA85T10A562S", ["RSSMRA85T10A562S"]),
        ("SSN 078 05 1120, NI QQ 12 34 56 C, NIE X1234567L", ["078 05 1120", "QQ 12 34 56", "X1234567L"]),
        (
            "Steuer-ID 12 345 678 901, NIF 501 964 843, NIR 1 85 05 78 006 084 36",
            ["345 678 901", "964 843", "006 084"],
        ),
        ("Handy: 0171/2345678", ["2345678"]),
    ],
)
def test_personal_data_the_probe_found_is_redacted(text, secrets):
    clean, counts = redact(text)
    for secret in secrets:
        assert secret.lower() not in clean.lower(), clean
    assert counts


@pytest.mark.parametrize(
    "text",
    [
        "I'm ISO 27001 Lead Auditor certified; we run SAP S/4HANA and Python 3.12.",
        "I'm Head of Payroll at a company with 20000 employees, salary €58.000, since 2019.",
        "I'm Level 2 support; This is Excel work mostly; I report to the CFO and HR.",
        "Ich bin Projektleiter bei einem Konzern mit 12000 Mitarbeitern.",
        "Budget line 4410-200 covers training; cost centre 7301; EN 50131 Grade 2.",
        "See https://www.onetonline.org/link/summary/43-3051.00 for the tasks.",
        "I'm Spanish, based in London; I work at Acme with 45% of tasks in Excel.",
        "- Python\n- SQL\n- Power BI",
    ],
)
def test_career_content_survives(text):
    assert redact(text) == (text, {})


def test_name_after_a_question_prefix_is_redacted_in_the_prompt_and_the_history():
    messages = [
        SystemMessage(content="You are a career coach."),
        HumanMessage(content="name: Dmitri Ivanov\nI'm a nurse."),
        AIMessage(content="Thanks. Dmitri Ivanov, here is a plan for a nurse."),
        HumanMessage(content="Question: name: Priya Raman. My manager is Sarah Connor; can Ivanov help?"),
    ]
    redacted, counts = redact_messages(messages)
    sent = "\n".join(str(m.content) for m in redacted)
    for secret in ("Dmitri", "Ivanov", "Priya", "Raman", "Sarah Connor"):
        assert secret not in sent
    assert redacted[3].content.startswith("Question: name: [name].")
    assert counts["name"] == 5
    assert "nurse" in sent


def test_redaction_applies_to_requests_sent_to_a_chat_endpoint(tmp_index, hash_embedder):
    from coach.llm.providers import build_chat_model
    from coach.pipeline.coach import Coach
    from coach.retrieval.hybrid import HybridRetriever
    from tests.openai_server import ScriptedOpenAIServer

    history = [
        {"role": "user", "content": "Hi, I'm Ana Pérez, born 12/03/1985, ana dot perez at gmail dot com."},
        {"role": "assistant", "content": "Welcome. What do you do?"},
    ]
    question = (
        "I'm a payroll clerk; my manager John Smith wants Excel skills. IBAN es91 2100 0418 4502 0005 1332"
    )
    for mode, redacted in (("always", True), ("auto", False)):  # auto: loopback is this machine
        with ScriptedOpenAIServer("Start with exceptions [1].") as server:
            settings = tmp_index.model_copy(
                update={
                    "chat_provider": "openai",
                    "base_url": server.base_url,
                    "redact": mode,
                    "max_retries": 0,
                }
            )
            coach = Coach(settings, build_chat_model(settings), HybridRetriever(settings, hash_embedder))
            answer = coach.ask(question, history)
        sent = str(server.requests[0]["body"]["messages"])
        assert ("Ana Pérez" in sent) is not redacted and ("John Smith" in sent) is not redacted
        if redacted:
            for secret in ("12/03/1985", "ana dot perez", "2100 0418"):
                assert secret not in sent
            assert "payroll clerk" in sent and "Excel" in sent
            assert any("I removed" in n for n in answer.notices)


@pytest.mark.parametrize(
    "unit",
    [
        "2019, 4500 payslips, 12.5%, call 555 123 4567, ref 0048213; ",  # quadratic before: 11-40 s
        "My name is Ana. I'm a clerk. My manager Mr. Smith; Thanks,\nAna\n",
        "ana dot perez at gmail dot com, born 12/03/1985, Hauptstraße 5, 10115 Berlin. ",
        "x" * 999 + " ",
    ],
)
def test_100_kb_is_redacted_in_bounded_time(unit):
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    start = time.perf_counter()
    redact(text)
    assert time.perf_counter() - start < 5  # about 0.3 s here; a generous guard against quadratic rules
