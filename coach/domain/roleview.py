"""A role view built from the open data for any imported O*NET occupation (no role card needed),
and the occupation match as the person sees it: the chosen occupation, the runners-up, and
whether the coach has a written card for their role."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from coach.domain.plan import NextProblem
from coach.domain.taskmap import OccupationMatch, TaskMap

ELOUNDOU = 'Eloundou et al. 2023, "GPTs are GPTs"'
TOMLINSON = 'Tomlinson et al. 2025, "Working with AI"'
CHOSEN = "your choice"  # OccupationMatch.via for an occupation the person picked


class ExposureFigure(BaseModel):
    """One occupation-level figure with the study it comes from; ``value`` is None where the
    source has no figure for the occupation (``note`` says so)."""

    name: str
    value: float | None
    source: str
    note: str = ""


class AdjacentOccupation(BaseModel):
    code: str
    title: str
    overlap: float  # task-set similarity to the viewed occupation, 0..1
    exposed_share: float  # share of its tasks rated E1 by the human annotators
    shared_task: str = ""  # its task statement closest to one of the viewed occupation's


class RoleTask(BaseModel):
    """One O*NET task statement of the occupation, with its id and the human annotators' label."""

    task_id: int
    task_type: str = ""  # Core / Supplemental
    human_label: str = ""


class RoleView(BaseModel):
    code: str
    title: str
    task_map: TaskMap  # the occupation's task statements, mapped by the task classifier
    tasks: list[RoleTask] = Field(default_factory=list)  # aligned with task_map.tasks
    figures: list[ExposureFigure] = Field(default_factory=list)
    exposed_share: float | None = None  # share of all its tasks rated E1 by humans
    adjacent: list[AdjacentOccupation] = Field(default_factory=list)
    next_problems: list[NextProblem] = Field(default_factory=list)

    def missing(self) -> list[str]:
        """What keeps this view from being complete (empty when it is)."""
        gaps = []
        if not self.task_map.tasks:
            gaps.append("tasks")
        for figure in self.figures:
            if figure.value is None:
                gaps.append(figure.name)
        if len(self.adjacent) < 3:
            gaps.append("adjacent")
        if len(self.next_problems) < 3:
            gaps.append("next problems")
        return gaps

    def to_markdown(self) -> str:
        counts = self.task_map.counts()
        lines = [f"### {self.title} ({self.code}) — from the open data", ""]
        for f in self.figures:
            shown = f"{f.value:.2f}" if f.value is not None else "not available"
            note = f" ({f.note})" if f.note else ""
            lines.append(f"- {f.name}: {shown} — {f.source}{note}")
        lines.append(
            f"- Tasks: {counts['automate']} automate, {counts['augment']} augment, "
            f"{counts['human-core']} human-core (of {len(self.task_map.tasks)} shown)"
        )
        if self.adjacent:
            lines += ["", "Adjacent occupations (shared tasks, fewer directly exposed ones):"]
            for a in self.adjacent:
                lines.append(
                    f"- {a.title} ({a.code}): task overlap {a.overlap:.2f}, "
                    f"{a.exposed_share:.0%} of tasks directly exposed (here: {self.exposed_share or 0:.0%})"
                )
        return "\n".join(lines)


ChosenBy = Literal["you", "role card", "similarity"]


class OccupationChoice(BaseModel):
    """Which occupation an answer is about, how it was chosen, and the next candidates, so the
    person can see the match and correct it."""

    chosen: OccupationMatch | None = None
    candidates: list[OccupationMatch] = Field(default_factory=list)  # the next ones, best first
    chosen_by: ChosenBy = "similarity"
    role_text: str = ""  # the person's role, in their words
    has_card: bool = False  # the coach has a written card that fits the role
    card_id: str | None = None  # the card used for the plan, if any
    card_similarity: float | None = None
    note: str = ""  # the plain-language statement shown in the answer

    def to_markdown(self) -> str:
        if self.chosen is None:
            return ""
        c = self.chosen
        how = {"you": "your choice", "role card": "from the role card", "similarity": "matched"}[
            self.chosen_by
        ]
        lines = [f"**Occupation:** {c.title} ({c.code}), {how}, score {c.score:.2f}"]
        if self.candidates:
            others = "; ".join(f"{m.title} ({m.code}) {m.score:.2f}" for m in self.candidates)
            lines.append(f"**Other candidates:** {others}")
        lines.append("_Not right? Pick another with `--occupation CODE` or on the My tasks page._")
        return "\n\n".join(lines)
