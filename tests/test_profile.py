from datetime import UTC, datetime

import pytest

from coach.domain.profile import Profile, profile_summary
from coach.pipeline.language import detect_language
from coach.pipeline.profile_update import MAX_ITEMS, update_from_message


@pytest.fixture
def empty() -> Profile:
    return Profile(user_id="u1")


def fake_matcher(calls: list[str]):
    """A role matcher over a tiny "corpus", recording what it was asked."""
    known = {
        "payroll clerk": ("role/payroll-clerk", "sector/hr"),
        "hr generalist": ("role/hr-generalist", "sector/finance"),
    }

    def match(text: str):
        calls.append(text)
        return next((ids for title, ids in known.items() if title in text.lower()), None)

    return match


@pytest.mark.parametrize(
    "message, role",
    [
        ("I'm a payroll clerk", "payroll clerk"),
        ("Hi! I work as a nurse in a big hospital.", "nurse"),
        ("My job is payroll clerk.", "payroll clerk"),
        ("As a paralegal, I spend most of my time on contracts.", "paralegal"),
        ("I am an HR generalist at a bank", "HR generalist"),
        ("Role: data entry clerk", "data entry clerk"),
        ("I'm a 45-year-old accountant and I want to stay relevant.", "accountant"),
        ("I used to be a teacher, now I'm a payroll clerk.", "payroll clerk"),
        ("I've been working as a warehouse supervisor for 6 years", "warehouse supervisor"),
    ],
)
def test_role_is_taken_from_how_people_say_it(empty, message, role):
    assert update_from_message(empty, message).role == role


@pytest.mark.parametrize(
    "message",
    [
        "I'm worried about AI taking my job.",
        "I'm not sure what to do next.",
        "I'm looking for a new job.",
        "I'm a bit worried about automation.",
        "I'm a quick learner and a team player.",
        "I'm the only one in my team who knows payroll.",
        "I want to be a data analyst.",
        "If I were a nurse, what would change?",
        "My job is boring and my role is changing.",
        "As a result, my hours were cut.",
        "I used to be a teacher.",
    ],
)
def test_statements_that_are_not_a_role_set_none(empty, message):
    assert update_from_message(empty, message).role is None


def test_one_message_fills_every_kind_of_fact(empty):
    message = (
        "I'm a payroll clerk at a logistics firm. My tasks are reconciling timesheets, answering pay "
        "questions and chasing approvals. I'm good at Excel and talking to people. I'd like to move into "
        "HR analytics and learn SQL. I can't relocate and I only have 5 hours a week."
    )
    p = update_from_message(empty, message)
    assert p.role == "payroll clerk"
    assert p.tasks == ["reconciling timesheets", "answering pay questions", "chasing approvals"]
    assert p.skills == ["Excel", "talking to people"]
    assert p.goals == ["move into HR analytics", "learn SQL"]
    assert p.constraints == ["can't relocate", "only 5 hours a week"]
    assert p.language == "en"
    assert p.updated_at is not None and p.updated_at.tzinfo is not None


def test_bulleted_lists_take_their_kind_from_the_line_above(empty):
    message = (
        "My daily tasks:\n- reconcile timesheets\n* answer pay questions\n1. process new starters\n\n"
        "Things I'm good at:\n- Excel\n- patience\n"
        "Goals:\n- move into HR analytics\n"
        "Constraints:\n- no car\n"
    )
    p = update_from_message(empty, message)
    assert p.tasks == ["reconcile timesheets", "answer pay questions", "process new starters"]
    assert p.skills == ["Excel", "patience"]
    assert p.goals == ["move into HR analytics"]
    assert p.constraints == ["no car"]


def test_the_original_profile_is_never_changed(empty):
    before = empty.model_dump()
    new = update_from_message(empty, "I'm a nurse. I handle triage.")
    assert empty.model_dump() == before
    assert new is not empty and new.tasks == ["handle triage"]


def test_facts_accumulate_without_case_insensitive_repeats(empty):
    p = update_from_message(empty, "I know Excel and SQL.")
    p = update_from_message(p, "Skills: excel, Python")
    assert p.skills == ["Excel", "SQL", "Python"]


def test_each_list_is_capped_and_keeps_the_newest(empty):
    p = empty
    for i in range(MAX_ITEMS + 5):
        p = update_from_message(p, f"I know tool{i}.")
    assert len(p.skills) == MAX_ITEMS
    assert p.skills[0] == "tool5" and p.skills[-1] == f"tool{MAX_ITEMS + 4}"


def test_a_message_without_facts_leaves_the_profile_and_its_timestamp_alone():
    stamped = Profile(user_id="u1", role="nurse", language="en", updated_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert update_from_message(stamped, "Thanks!") == stamped
    assert update_from_message(stamped, "I'm a nurse").updated_at == stamped.updated_at


def test_match_role_fills_ids_from_the_role_with_its_context(empty):
    calls: list[str] = []
    p = update_from_message(empty, "I am an HR generalist at a bank", match_role=fake_matcher(calls))
    assert (p.role, p.role_id, p.sector) == ("HR generalist", "role/hr-generalist", "sector/finance")
    assert calls == ["HR generalist at a bank"]


def test_a_new_role_that_does_not_match_clears_the_old_ids(empty):
    calls: list[str] = []
    p = update_from_message(empty, "I'm a payroll clerk", match_role=fake_matcher(calls))
    assert p.role_id == "role/payroll-clerk"
    p = update_from_message(p, "Actually I'm a lighthouse keeper", match_role=fake_matcher(calls))
    assert (p.role, p.role_id, p.sector) == ("lighthouse keeper", None, None)


def test_repeating_the_same_role_does_not_call_the_matcher_again(empty):
    calls: list[str] = []
    p = update_from_message(empty, "I'm a payroll clerk", match_role=fake_matcher(calls))
    update_from_message(p, "As I said, I'm a payroll clerk.", match_role=fake_matcher(calls))
    assert calls == ["payroll clerk"]


def test_summary_is_markdown_with_escaped_user_text(empty):
    assert "Nothing saved" in profile_summary(empty)
    p = empty.model_copy(
        update={
            "role": "payroll clerk",
            "role_id": "role/payroll-clerk",
            "sector": "sector/skilled-trades",
            "tasks": [f"task {i}" for i in range(7)],
            "skills": ["*bold* [link](x)"],
        }
    )
    text = profile_summary(p)
    assert "- **Role:** payroll clerk (matched `role/payroll-clerk`)" in text
    assert "- **Sector:** skilled trades" in text
    assert "task 4" in text and "task 5" not in text and "(+2 more)" in text
    assert r"\*bold\* \[link\](x)" in text
    assert "Goals" not in text  # empty lists are left out


@pytest.mark.parametrize(
    "text, code",
    [
        ("I'm a payroll clerk and I want to know what to learn next.", "en"),
        ("Soy enfermera y quiero cambiar de trabajo, ¿qué me recomiendas?", "es"),
        ("Je suis comptable et je veux savoir comment l'IA change mon travail.", "fr"),
        ("Ich bin Buchhalterin und möchte wissen, wie sich meine Arbeit verändert.", "de"),
        ("Eu sou enfermeira e quero saber como a IA muda o meu trabalho.", "pt"),
        ("Sono un'infermiera e voglio sapere come cambia il mio lavoro con l'IA.", "it"),
        ("", "en"),
        ("12345 !!!", "en"),
    ],
)
def test_language_is_detected_by_stopwords(text, code):
    assert detect_language(text) == code


def test_profile_language_follows_the_person_but_not_on_tiny_messages(empty):
    p = update_from_message(empty, "Soy enfermera y quiero cambiar de trabajo.")
    assert p.language == "es"
    assert update_from_message(p, "OK").language == "es"
