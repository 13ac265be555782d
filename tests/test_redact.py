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
    assert redacted[2].content == "Thanks Ana. Call [phone] for payroll help."
    assert redacted[3].content == [{"type": "text", "text": "I live at [address]"}, "[email]"]
    assert counts == {"name": 1, "email": 2, "phone": 1, "address": 1}


def test_no_messages_no_counts():
    assert redact_messages([]) == ([], {})


@pytest.mark.parametrize(
    "text", ["a" * 100_000, "1" * 100_000, "a@" * 50_000, "Ab " * 30_000, "(1) 2-3.4 " * 10_000]
)
def test_huge_pastes_are_redacted_in_linear_time(text):
    start = time.perf_counter()
    redact(text)
    assert time.perf_counter() - start < 2  # a quadratic pattern took 15 s on 100k characters
