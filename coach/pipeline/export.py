"""A coaching answer as Markdown, so a person can keep their plan outside the app."""

from __future__ import annotations

from coach.domain.answer import Answer
from coach.domain.plan import SourceRef
from coach.domain.preferences import PREFERENCE_LABELS, ZONE_LABELS


def _cite(ref: SourceRef | None) -> str:
    if ref is None:
        return ""
    where = f", {ref.heading}" if ref.heading else ""
    return f" _(source: {ref.title}{where} — `{ref.id}`)_"


def answer_markdown(answer: Answer) -> str:
    """The whole answer: question, text, the structured plan and the sources."""
    return f"# Career Coach — {answer.question[:80]}\n\n{answer.text}\n\n{plan_markdown(answer)}"


def plan_markdown(answer: Answer) -> str:
    """The structured parts only: task map, next problems, adjacent roles, plan, exercise, sources."""
    lines: list[str] = []
    if answer.occupation and answer.occupation.chosen:
        lines += ["## Your occupation match", "", answer.occupation.to_markdown(), ""]
    if answer.role_view:
        lines += [answer.role_view.to_markdown(), ""]
    if answer.task_map and answer.task_map.tasks:
        # The task map's own table: label, calibrated confidence (or "unsure"), the role card's
        # tag, the nearest labelled task's human and GPT-4 labels, and why sources disagree.
        lines += ["## Your tasks, mapped", "", answer.task_map.to_markdown(), ""]
    if answer.zones:
        lines += ["## Your say over your tasks", "", "| Task | You | AI could | Zone |", "|---|---|---|---|"]
        lines += [
            f"| {z.task.replace('|', '/')} | {PREFERENCE_LABELS[z.preference]} | "
            f"{'yes' if z.ai_could else 'not yet'} ({z.exposure}, {z.category}) | {ZONE_LABELS[z.zone]} |"
            for z in answer.zones
        ]
        lines.append("")
    if answer.next_problems:
        lines += ["## Next problems to solve", ""]
        for i, p in enumerate(answer.next_problems, 1):
            skill = f" Builds: {p.skill.title}." if p.skill else ""
            note = f" {p.map_note}" if p.map_note else ""
            step = f"First step this week: {p.first_step}"
            lines.append(f"{i}. **{p.title}** — {p.why} {step}{skill}{note}{_cite(p.source)}")
        lines.append("")
    if answer.adjacent_roles:
        lines += ["## Adjacent roles", ""]
        lines += [f"- **{r.title}** — {r.why}{_cite(r.source)}" for r in answer.adjacent_roles]
        lines.append("")
    if answer.opportunities:
        lines += ["## Where work is growing", ""]
        lines += [
            f"- **{o.title}**{f' — {o.text}' if o.text else ''}{_cite(o.source)}"
            for o in answer.opportunities
        ]
        lines.append("")
    if answer.plan:
        lines += ["## 30/60/90-day learning plan", ""]
        for label, steps in (
            ("30 days", answer.plan.days_30),
            ("60 days", answer.plan.days_60),
            ("90 days", answer.plan.days_90),
        ):
            if steps:
                lines += [f"### {label}", ""] + [f"- {s.text}{_cite(s.source)}" for s in steps] + [""]
    if answer.exercise:
        lines += [
            "## Try today",
            "",
            f"**{answer.exercise.title}** — {answer.exercise.steps}{_cite(answer.exercise.source)}",
            "",
        ]
    if answer.sources:
        lines += ["## Sources", ""]
        lines += [f"[{s.n}] {s.title} — {s.heading} (`{s.id}`)" for s in answer.sources]
    return "\n".join(lines).strip() + "\n"
