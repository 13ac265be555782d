"""Building the coaching plan from the corpus: next problems, adjacent roles, a 30/60/90-day
learning plan and one AI-fluency exercise, each item with the entry it came from."""

from __future__ import annotations

import re

from coach.corpus.catalog import Catalog, Entry, Item, split_first_step
from coach.domain.plan import (
    AdjacentRole,
    CoachingPlan,
    Exercise,
    LearningPlan,
    NextProblem,
    PlanStep,
    SourceRef,
)
from coach.pipeline.citations import content_words


def _first_sentence(text: str, limit: int = 260) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def _ref(entry: Entry, heading: str = "") -> SourceRef:
    return SourceRef(id=entry.id, title=entry.title, heading=heading)


def _overlap(a: str, b: str) -> int:
    return len(content_words(a) & content_words(b))


def _pick_skills(catalog: Catalog, role: Entry, problems: list[Item]) -> list[Entry | None]:
    """The role's listed skill that best fits each problem, preferring a different one each time."""
    skills = [s for s in (catalog.get(i) for i in role.refs("skills")) if s is not None]
    chosen: list[Entry | None] = []
    for item in problems:
        unused = [s for s in skills if s not in chosen] or skills
        if not unused:
            chosen.append(None)
            continue
        text = f"{item.title} {item.text}"
        chosen.append(max(unused, key=lambda s: (_overlap(text, " ".join(s.names)), -unused.index(s))))
    return chosen


def _practice_steps(skill: Entry, weeks: slice) -> list[PlanStep]:
    heading = "How to practise it over 30 days"
    return [
        PlanStep(
            text=f"{skill.title} — {item.title}: {_first_sentence(item.text)}", source=_ref(skill, heading)
        )
        for item in skill.items(heading)[weeks]
    ]


def build_plan(catalog: Catalog, role_id: str, context: str = "") -> CoachingPlan:
    """The coaching plan for a role, ranked by what the person told us (``context``: their
    question, tasks and goals). Every item is a parsed piece of a corpus entry, cited."""
    role = catalog.get(role_id)
    if role is None or role.kind != "role":
        return CoachingPlan()
    heading = "Next problems to solve"
    items = role.items(heading)
    # Rank the card's problems by overlap with what the person said; card order breaks ties.
    ranked = sorted(items, key=lambda it: (-_overlap(context, f"{it.title} {it.text}"), items.index(it)))[:3]
    skills = _pick_skills(catalog, role, ranked)
    problems = []
    for item, skill in zip(ranked, skills):
        why, first_step = split_first_step(item.text)
        problems.append(
            NextProblem(
                title=item.title,
                why=why,
                first_step=first_step,
                skill=_ref(skill, "Summary") if skill else None,
                source=_ref(role, heading),
            )
        )

    adjacent = [
        AdjacentRole(id=it.ref, title=it.title, why=it.text, source=_ref(role, "Adjacent roles"))
        for it in role.items("Adjacent roles")
        if it.ref and catalog.get(it.ref)
    ][:4]

    plan = LearningPlan()
    learn = [s for s in skills if s is not None]
    if learn:
        plan.days_30 = _practice_steps(learn[0], slice(0, 4))
    if len(learn) > 1:
        plan.days_60 = _practice_steps(learn[1], slice(0, 2))
    if len(problems) > 1:
        plan.days_60.append(
            PlanStep(
                text=f"Take on: {problems[1].title}. {problems[1].first_step}", source=problems[1].source
            )
        )
    path = next((catalog.get(p) for p in role.refs("paths") if catalog.get(p)), None)
    if path is not None:
        plan.days_90 = [
            PlanStep(
                text=f"{path.title} — {it.title}: {_first_sentence(it.text)}", source=_ref(path, "Steps")
            )
            for it in path.items("Steps")[:3]
        ]
    elif learn:
        proof = "How to show proof of it"
        plan.days_90 = [
            PlanStep(
                text=f"Show your {learn[0].title.lower()}: {line.strip('- ').strip()}",
                source=_ref(learn[0], proof),
            )
            for line in learn[0].section(proof).splitlines()
            if line.strip().startswith("-")
        ][:2]
    if len(problems) > 2:
        plan.days_90.append(
            PlanStep(
                text=f"Take on: {problems[2].title}. {problems[2].first_step}", source=problems[2].source
            )
        )

    return CoachingPlan(
        role=_ref(role, "Summary"),
        next_problems=problems,
        adjacent_roles=adjacent,
        plan=plan,
        exercise=build_exercise(catalog, role),
    )


def build_exercise(catalog: Catalog, role: Entry | None = None) -> Exercise | None:
    """One AI-fluency exercise to try today: week one of an AI-fluency skill the role lists."""
    candidates = [catalog.get(i) for i in (role.refs("skills") if role else [])]
    candidates += [catalog.get("skill/verifying-ai-output"), catalog.get("skill/prompting")]
    heading = "How to practise it over 30 days"
    for skill in candidates:
        if skill is not None and skill.meta.get("skill_type") == "ai-fluency" and skill.items(heading):
            week = skill.items(heading)[0]
            return Exercise(
                title=f"{skill.title}: {week.title}", steps=week.text, source=_ref(skill, heading)
            )
    return None
