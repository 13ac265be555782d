import re

import pytest

from coach.config import Settings
from coach.corpus.catalog import Catalog
from coach.pipeline.plan import build_exercise, build_plan


@pytest.fixture(scope="module")
def catalog():
    return Catalog(Settings().knowledge_dir)


def test_plan_items_all_come_from_the_corpus_with_sources(catalog):
    plan = build_plan(catalog, "role/payroll-clerk")
    card = catalog.get("role/payroll-clerk")
    assert len(plan.next_problems) == 3
    for problem in plan.next_problems:
        assert problem.title in card.section("Next problems to solve")
        assert problem.first_step and problem.first_step in card.section("Next problems to solve")
        assert problem.source.id == "role/payroll-clerk"
        assert problem.skill and problem.skill.id in card.refs("skills")
    assert {r.id for r in plan.adjacent_roles} <= set(card.refs("adjacent_roles"))
    for step in plan.plan.days_30 + plan.plan.days_60 + plan.plan.days_90:
        # Each step's words come from the section its source names, not from anywhere else.
        section = catalog.get(step.source.id).section(step.source.heading).replace("**", "")
        assert _item_words(step.text) in section, step
    assert plan.plan.days_30 and plan.plan.days_60 and plan.plan.days_90
    assert plan.exercise and catalog.get(plan.exercise.source.id).meta["skill_type"] == "ai-fluency"


def test_problems_are_ranked_by_what_the_person_said(catalog):
    default = [p.title for p in build_plan(catalog, "role/payroll-clerk").next_problems]
    steered = [
        p.title
        for p in build_plan(catalog, "role/payroll-clerk", "I want to move into pay analysis").next_problems
    ]
    assert steered[0] == "Move toward pay analysis"
    assert steered != default


def test_each_problem_builds_a_different_skill(catalog):
    skills = [p.skill.id for p in build_plan(catalog, "role/electrician").next_problems]
    assert len(set(skills)) == len(skills)


def test_the_90_day_plan_follows_a_documented_path(catalog):
    plan = build_plan(catalog, "role/payroll-clerk")
    assert plan.plan.days_90[0].source.id == "path/payroll-clerk-to-compensation-analyst"


@pytest.mark.parametrize("role_id", ["role/unknown", "skill/prompting"])
def test_unknown_or_non_role_ids_give_an_empty_plan(catalog, role_id):
    assert build_plan(catalog, role_id).next_problems == []


def test_every_role_yields_a_full_plan(catalog):
    for role in catalog.of_kind("role"):
        plan = build_plan(catalog, role.id)
        assert len(plan.next_problems) == 3, role.id
        assert plan.adjacent_roles and plan.exercise, role.id
        assert plan.plan.days_30 and plan.plan.days_90, role.id


def test_exercise_without_a_role_is_an_ai_fluency_week_one(catalog):
    exercise = build_exercise(catalog)
    assert exercise and "Week 1" in exercise.title


def _item_words(step: str) -> str:
    """The words a plan step took from its source item (its title, or the proof line)."""
    words = step.removeprefix("Take on: ")
    if " — " in words:
        words = words.split(" — ", 1)[1]
    if words.startswith("Show your "):
        words = words.split(": ", 1)[1]
    return re.split(r"[:.] ", words)[0][:30]
