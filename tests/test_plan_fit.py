"""Every role card's plan fits the person: no practice step, next problem or exercise speaks of
another sector's work (an electrical code for a nurse, a site walk for a payroll clerk), and the
exercise to try today always puts an AI tool to work on the person's own work."""

import re

import pytest

from coach.config import Settings
from coach.corpus.catalog import Catalog
from coach.pipeline.plan import build_plan

CATALOG = Catalog(Settings().knowledge_dir)
ROLES = sorted(e.id for e in CATALOG.of_kind("role"))

TRADES, FACTORY, LOGISTICS = "sector/skilled-trades", "sector/manufacturing", "sector/operations-logistics"
HEALTH, SCHOOL, FINANCE, TECH = "sector/healthcare", "sector/education", "sector/finance", "sector/technology"
PHYSICAL = {TRADES, FACTORY, LOGISTICS}

# Words that belong to some sectors' work, and the sectors where they fit.
SECTOR_TERMS: dict[str, set[str]] = {
    r"electrical code|wiring regulations": {TRADES},
    r"plumbing code|building code": {TRADES},
    r"hazard walk|walk-round": PHYSICAL,
    r"(?:your|the|on|at|a) (?:work )?site\b|site names": PHYSICAL,
    r"vehicles?\b": {TRADES, LOGISTICS},
    r"toolbox talk|crew\b|lockout|tagout|permits? to work": PHYSICAL,
    r"OSHA|HSE guidance|hours-of-service": PHYSICAL | {HEALTH},
    r"patients?\b|ward\b|bedside": {HEALTH},
    r"pharmacy": {HEALTH},
    r"classroom|pupils?\b|students?\b|lesson plan": {SCHOOL},
    r"ledger": {FINANCE},
    r"pull request|code review|code repository|unit tests?\b": {TECH},
}
_TERMS = [(re.compile(rf"\b(?:{pattern})", re.IGNORECASE), fits) for pattern, fits in SECTOR_TERMS.items()]
# An AI tool at work: an assistant, a model, a named product, or "AI" itself.
AI_TOOL = re.compile(
    r"\b(?:AI|assistant|chatbot|Copilot|ChatGPT|Gemini|Claude|LLM|language model|"
    r"transcription|scribe|classifier|prompt)\b",
    re.IGNORECASE,
)
OWN_WORK = re.compile(r"\b(?:your|you)\b", re.IGNORECASE)


def misfits(role_id: str) -> list[str]:
    """Each plan text (for every ordering of the role's next problems, so that every problem's
    skill leads the 30-day plan once) with a word from a sector the role is not in, and each
    exercise without an AI tool applied to the person's own work."""
    role = CATALOG.get(role_id)
    assert role is not None
    sectors = set(role.refs("sectors"))
    contexts = [""] + [item.title for item in role.items("Next problems to solve")]
    found: list[str] = []
    for context in contexts:
        plan = build_plan(CATALOG, role_id, context)
        steps = plan.plan.days_30 + plan.plan.days_60 + plan.plan.days_90
        texts = [s.text for s in steps] + [f"{p.title}. {p.first_step}" for p in plan.next_problems]
        if plan.exercise:
            texts.append(f"{plan.exercise.title}: {plan.exercise.steps}")
            if not (AI_TOOL.search(plan.exercise.steps) and OWN_WORK.search(plan.exercise.steps)):
                found.append(f"exercise without an AI tool on own work: {plan.exercise.title}")
        for text in dict.fromkeys(texts):
            for pattern, fits in _TERMS:
                match = pattern.search(text)
                if match and not fits & sectors:
                    found.append(f"{match.group(0)!r} ({', '.join(sorted(fits))}) in: {text[:120]}")
    return sorted(set(found))


@pytest.mark.parametrize("role_id", ROLES)
def test_plan_fits_the_role_and_its_exercise_uses_ai(role_id):
    assert misfits(role_id) == []


def test_the_check_flags_another_sectors_words():
    # The check itself must be able to fail: a trades step in a payroll clerk's plan is flagged.
    text = "Safety and compliance — Week 2 — Hazard walk: Do a walk-round of your site, vehicle or work area."
    flagged = [p.pattern for p, fits in _TERMS if p.search(text) and not fits & {"sector/hr", FINANCE}]
    assert len(flagged) >= 3
    assert not [p for p, fits in _TERMS if p.search(text) and not fits & {TRADES}]


def test_every_role_card_is_checked():
    assert len(ROLES) == len(list(Settings().knowledge_dir.glob("roles/*.md"))) >= 77


def test_practice_weeks_carry_the_note_for_the_roles_sector():
    # Payroll clerks put "Audit the automation" first: safety and compliance leads their plan.
    payroll = build_plan(CATALOG, "role/payroll-clerk", "Audit the automation").plan.days_30
    nurse = build_plan(CATALOG, "role/registered-nurse", "Reduce alert fatigue with data").plan.days_60
    electrician = build_plan(CATALOG, "role/electrician").plan.days_30
    card = CATALOG.get("skill/safety-and-compliance").section("How to practise it over 30 days")
    for steps, words in [
        (payroll, "wage, tax"),
        (nurse, "medicines-management"),
        (electrician, "electrical"),
    ]:
        week_one = steps[0].text
        assert steps[0].source.id == "skill/safety-and-compliance", week_one
        note = week_one.split(" In your work: ", 1)[1]
        assert words in note and note in card
