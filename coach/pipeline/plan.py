"""Building the coaching plan from the corpus: next problems, adjacent roles, a 30/60/90-day
learning plan and one AI-fluency exercise, each item with the entry it came from."""

from __future__ import annotations

import re
from collections.abc import Sequence

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
from coach.domain.preferences import TaskZone
from coach.domain.roleview import ELOUNDOU, RoleView
from coach.pipeline.citations import content_words
from coach.pipeline.opportunities import opportunities_for


def _first_sentence(text: str, limit: int = 260) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def _ref(entry: Entry, heading: str = "") -> SourceRef:
    return SourceRef(id=entry.id, title=entry.title, heading=heading)


def _overlap(a: str, b: str) -> int:
    return len(content_words(a) & content_words(b))


# The person's say over their tasks re-ranks next problems (coach/domain/preferences.py). For
# each of the two zones that call for action and hold at least one task, a problem scores two
# points per content word it shares with that zone's tasks, plus one point if it uses any of the
# zone's cue words. So tasks they keep though AI could do them push up problems about that work
# and about owning and shaping it; tasks they want AI to take push up problems about that work
# and about automating it first. "Watch for tools" and "low priority" tasks add nothing. The
# task words weigh more than the cues so that the person's own work decides, not the vocabulary.
TASK_WORD_POINTS = 2
ZONE_CUES = {
    "keep-and-shape": frozenset(
        [
            "own",
            "owning",
            "expert",
            "audit",
            "auditing",
            "check",
            "checking",
            "review",
            "reviewing",
            "exceptions",
            "exception",
            "judgment",
            "trust",
            "quality",
            "shape",
            "rules",
        ]
    ),
    "automate-first": frozenset(
        [
            "automate",
            "automated",
            "automation",
            "automating",
            "tool",
            "tools",
            "system",
            "systems",
            "software",
            "workflow",
            "workflows",
        ]
    ),
}


def zone_score(text: str, zones: Sequence[TaskZone]) -> int:
    """``text``'s score for the action zones: 2 per word shared with a zone's tasks, 1 per zone
    whose cue words it uses (see ZONE_CUES)."""
    words = content_words(text)
    score = 0
    for zone, cues in ZONE_CUES.items():
        tasks = [z.task for z in zones if z.zone == zone]
        if tasks:
            score += TASK_WORD_POINTS * len(words & content_words(" ".join(tasks))) + bool(words & cues)
    return score


def rank_by_preferences(problems: list[NextProblem], zones: Sequence[TaskZone]) -> list[NextProblem]:
    """``problems`` re-ranked by :func:`zone_score` (stable: equal scores keep their order);
    each keeps its source. Without zones the order is unchanged."""
    if not zones:
        return list(problems)
    return sorted(problems, key=lambda p: -zone_score(f"{p.title} {p.why} {p.first_step}", zones))


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


PRACTICE = "How to practise it over 30 days"
# An indented line under a practice week that says what the week means in some sectors:
# "  - *healthcare, education:* follow one medication round …" (sector ids without "sector/").
_SECTOR_NOTE = re.compile(r"^\s+[-*]\s+\*(?P<sectors>[a-z, -]+):\*\s+(?P<text>.+)$")
# A week that puts an AI tool to work: the exercise to try today must be one of these.
_AI_TOOL = re.compile(
    r"\b(?:AI|assistant|chatbot|Copilot|ChatGPT|Gemini|LLM|language model|scribe|classifier|prompt)\b",
    re.IGNORECASE,
)


def _sector_notes(skill: Entry, heading: str) -> dict[str, list[tuple[set[str], str]]]:
    """Per week title, the sector notes indented under it in ``heading``."""
    notes: dict[str, list[tuple[set[str], str]]] = {}
    titles = iter(item.title for item in skill.items(heading))
    current = ""
    for line in skill.section(heading).splitlines():
        if line.lstrip().startswith(("- **", "* **")) and not line[:1].isspace():
            current = next(titles, "")
        elif (match := _SECTOR_NOTE.match(line)) and current:
            sectors = {f"sector/{s.strip()}" for s in match.group("sectors").split(",")}
            notes.setdefault(current, []).append((sectors, match.group("text").strip()))
    return notes


def _practice_steps(skill: Entry, weeks: slice, sectors: tuple[str, ...] = ()) -> list[PlanStep]:
    """The skill's practice weeks, each with what it means in the role's sectors where the card
    says so (a nurse reads care rules, an electrician the electrical code)."""
    notes = _sector_notes(skill, PRACTICE)
    steps = []
    for item in skill.items(PRACTICE)[weeks]:
        text = f"{skill.title} — {item.title}: {_first_sentence(item.text)}"
        # The note for the role's main (first-listed) sector wins over one for a second sector.
        fitting = [note for sector in sectors for fits, note in notes.get(item.title, []) if sector in fits]
        if fitting:
            text += f" In your work: {fitting[0]}"
        steps.append(PlanStep(text=text, source=_ref(skill, PRACTICE)))
    return steps


def build_plan(
    catalog: Catalog, role_id: str, context: str = "", zones: Sequence[TaskZone] = ()
) -> CoachingPlan:
    """The coaching plan for a role, ranked by what the person told us (``context``: their
    question, tasks and goals) and their say over their tasks (``zones``). Every item is a
    parsed piece of a corpus entry, cited."""
    role = catalog.get(role_id)
    heading = "Next problems to solve"
    # A role card, or a principle written as a plan for any job (STARTER_PLAN)
    items = role.items(heading) if role is not None and role.kind in ("role", "principle") else []
    if role is None or not items:
        return CoachingPlan()
    # Rank the card's problems by overlap with what the person said, plus the zone score of
    # their task preferences (all of the card's problems, before the top three are kept);
    # card order breaks ties.
    ranked = sorted(
        items,
        key=lambda it: (
            -_overlap(context, f"{it.title} {it.text}") - zone_score(f"{it.title} {it.text}", zones),
            items.index(it),
        ),
    )[:3]
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
    sectors = tuple(role.refs("sectors"))
    if learn:
        plan.days_30 = _practice_steps(learn[0], slice(0, 4), sectors)
    if len(learn) > 1:
        plan.days_60 = _practice_steps(learn[1], slice(0, 2), sectors)
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
        opportunities=opportunities_for(catalog, role.refs("sectors"), f"{role.title} {context}"),
        plan=plan,
        exercise=build_exercise(catalog, role),
    )


# The plan for a job with no card and no imported occupation data: general, and said to be.
STARTER_PLAN = "principle/a-starting-plan-for-any-job"


def build_exercise(catalog: Catalog, role: Entry | None = None) -> Exercise | None:
    """One AI-fluency exercise to try today: the first week of an AI-fluency skill the role
    lists that puts an AI tool to work on the person's own work (week one of spreadsheet
    modeling is a workbook walk-through with no AI in it, so its AI week is chosen)."""
    candidates = [catalog.get(i) for i in (role.refs("skills") if role else [])]
    candidates += [catalog.get("skill/verifying-ai-output"), catalog.get("skill/prompting")]
    for skill in candidates:
        if skill is None or skill.meta.get("skill_type") != "ai-fluency":
            continue
        week = next((w for w in skill.items(PRACTICE) if _AI_TOOL.search(w.text)), None)
        if week is not None:
            return Exercise(
                title=f"{skill.title}: {week.title}", steps=week.text, source=_ref(skill, PRACTICE)
            )
    return None


def build_data_plan(
    catalog: Catalog, view: RoleView, zones: Sequence[TaskZone] = (), sectors: Sequence[str] = ()
) -> CoachingPlan:
    """The coaching plan for an occupation with no role card, from its role view (open data):
    its next problems (re-ranked by ``zones``), adjacent occupations, a plan that takes the
    problems on in turn, and where work is growing (``sectors``: the person's, if known)."""
    role = SourceRef(id=f"onet/{view.code}", title=f"{view.title} (O*NET {view.code})", heading="open data")
    problems = rank_by_preferences(view.next_problems, zones)[:3]
    own = view.exposed_share or 0.0
    adjacent = [
        AdjacentRole(
            id=f"onet/{a.code}",
            title=a.title,
            why=f"Task overlap {a.overlap:.2f} with {view.title}; {a.exposed_share:.0%} of its tasks "
            f"are directly exposed to LLMs (E1, human ratings), against {own:.0%} here. "
            f"A shared task: {a.shared_task}",
            source=SourceRef(
                id=f"onet/{a.code}", title=f"O*NET {a.code}, {ELOUNDOU}", heading="task overlap"
            ),
        )
        for a in view.adjacent
    ]
    steps = [[PlanStep(text=f"Take on: {p.title}. {p.first_step}", source=p.source)] for p in problems]
    plan = LearningPlan(
        days_30=steps[0] if steps else [],
        days_60=steps[1] if len(steps) > 1 else [],
        days_90=steps[2] if len(steps) > 2 else [],
    )
    if adjacent:
        first = view.adjacent[0]
        plan.days_90.append(
            PlanStep(
                text=f"Compare your tasks with those of {first.title} ({first.code}): it shares "
                f"much of your work with fewer directly exposed tasks.",
                source=adjacent[0].source,
            )
        )
    return CoachingPlan(
        role=role,
        next_problems=problems,
        adjacent_roles=adjacent,
        opportunities=opportunities_for(catalog, sectors, view.title),
        plan=plan,
        exercise=build_exercise(catalog),
    )
