import time

import pytest

from coach.pipeline.facts import extract_facts


def facts(message: str) -> dict[str, list[str]]:
    return {kind: items for kind, items in extract_facts(message).items() if items and kind != "role_text"}


@pytest.mark.parametrize(
    "message, expected",
    [
        # tasks
        (
            "My tasks are payroll, benefits and onboarding.",
            {"tasks": ["payroll", "benefits", "onboarding"]},
        ),
        (
            "I spend my day reconciling timesheets, answering emails and chasing approvals.",
            {"tasks": ["reconciling timesheets", "answering emails", "chasing approvals"]},
        ),
        (
            "I handle payroll for 200 staff and answer pay questions.",
            {"tasks": ["handle payroll for 200 staff", "answer pay questions"]},
        ),
        (
            "I handle payroll, benefits and onboarding.",
            {"tasks": ["handle payroll, benefits and onboarding"]},
        ),
        ("I do a lot of data entry.", {"tasks": ["data entry"]}),
        ("My job is to reconcile invoices.", {"tasks": ["reconcile invoices"]}),
        (
            "I manage a team of 5 and I'm responsible for onboarding.",
            {"tasks": ["manage a team of 5", "onboarding"]},
        ),
        # skills
        ("I know Excel and SQL.", {"skills": ["Excel", "SQL"]}),
        ("Skills: Excel, SQL, Power BI", {"skills": ["Excel", "SQL", "Power BI"]}),
        ("I'm an expert in Excel.", {"skills": ["Excel"]}),
        ("I use Excel every day to track hours.", {"skills": ["Excel"]}),
        ("I'm good at health and safety.", {"skills": ["health and safety"]}),
        ("I can code in Python and I speak Spanish.", {"skills": ["code in Python", "Spanish"]}),
        ("I have 10 years of experience in payroll.", {"skills": ["payroll"]}),
        # goals
        ("My goal is to become a team lead.", {"goals": ["become a team lead"]}),
        ("I'd like to move into HR, what should I learn?", {"goals": ["move into HR"]}),
        ("I'm looking for a job as a data analyst.", {"goals": ["find a job as a data analyst"]}),
        ("I'm interested in moving into UX design.", {"goals": ["moving into UX design"]}),
        # constraints
        ("I can't relocate because my partner works here.", {"constraints": ["can't relocate"]}),
        ("no degree, can't relocate", {"constraints": ["no degree", "can't relocate"]}),
        ("I don't have a degree.", {"constraints": ["no degree"]}),
        ("Without a degree, what can I do?", {"constraints": ["no degree"]}),
        ("I don't want to manage people.", {"constraints": ["don't want to manage people"]}),
        (
            "I'm a single parent and I need a remote job.",
            {"constraints": ["single parent", "need a remote job"]},
        ),
        # mixed
        (
            "I'm a nurse but I want to become a data analyst.",
            {"role": ["nurse"], "goals": ["become a data analyst"]},
        ),
        (
            "i'm a payroll clerk and i handle timesheets",
            {"role": ["payroll clerk"], "tasks": ["handle timesheets"]},
        ),
    ],
)
def test_facts_are_found_in_ordinary_phrasing(message, expected):
    assert facts(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "I'm looking for advice.",
        "I want to know what my next problem to solve is.",
        "I know that AI is coming for some of my work.",
        "If I want to move to HR, what should I learn?",
        "I can't wait to learn more.",
        "I have no idea what to do.",
        "I'm not a manager.",
        "I'm sure a clerk can do it.",
        "What does a payroll clerk do all day?",
        "- I'm worried about this",
    ],
)
def test_questions_and_feelings_are_not_facts(message):
    assert facts(message) == {}


def test_the_role_keeps_its_context_for_matching():
    found = extract_facts("I'm currently a retail sales associate at a supermarket.")
    assert found["role"] == ["retail sales associate"]
    assert found["role_text"] == ["retail sales associate at a supermarket"]


def test_long_items_are_cut_at_a_word():
    found = extract_facts("I handle " + "very " * 40 + "long things")
    assert len(found["tasks"][0]) <= 120 and not found["tasks"][0].endswith(" ")


@pytest.mark.parametrize(
    "text", ["a" * 100_000, "I'm a " * 5_000, "I handle " + "x and " * 5_000, "- x\n" * 20_000]
)
def test_huge_pastes_are_read_in_linear_time(text):
    start = time.perf_counter()
    extract_facts(text)
    assert time.perf_counter() - start < 2


def test_prose_hard_wrapped_mid_sentence_is_read_as_one_line():
    text = (
        "Bit of background: I left school at 16, did my apprenticeship, and I've been a licensed\n"
        "electrician for about twelve years, mostly commercial fit-outs and some solar installs."
    )
    assert extract_facts(text)["role"] == ["licensed electrician"]
    # Short lines and list items stay apart.
    assert extract_facts("I'm a nurse\nwhat should I learn?")["role"] == ["nurse"]
    assert extract_facts("My tasks:\n- run payroll\n- answer pay queries")["tasks"] == [
        "run payroll",
        "answer pay queries",
    ]
