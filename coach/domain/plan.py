"""The structured coaching plan: next problems, adjacent roles, a 30/60/90-day learning plan and
one AI-fluency exercise. Every item carries the source it came from."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


class SourceRef(BaseModel):
    """Where a recommendation comes from: a corpus entry (and section) or the open data."""

    id: str
    title: str
    heading: str = ""


class NextProblem(BaseModel):
    title: str
    why: str  # why it fits this person
    first_step: str  # a first step for this week
    skill: SourceRef | None = None  # the skill it builds
    source: SourceRef
    # Where the problem is about a task the task map files under automate: why it is still
    # worth taking on (coach/pipeline/consistency.py), so the plan and the map tell one story.
    map_note: str = ""

    @property
    def item_id(self) -> str:
        """A stable id for this plan item: its source and a slug of its title."""
        return f"{self.source.id}#{_slug(self.title)}"


class AdjacentRole(BaseModel):
    id: str
    title: str
    why: str
    source: SourceRef


class PlanStep(BaseModel):
    text: str
    source: SourceRef


class LearningPlan(BaseModel):
    days_30: list[PlanStep] = Field(default_factory=list)
    days_60: list[PlanStep] = Field(default_factory=list)
    days_90: list[PlanStep] = Field(default_factory=list)


class Exercise(BaseModel):
    title: str
    steps: str
    source: SourceRef


class Opportunity(BaseModel):
    """Where work is growing for the person: a role the sector card says is growing, or a kind
    of new task AI creates (principle card), with the card and heading it came from."""

    title: str
    text: str = ""
    kind: Literal["growing role", "new task"] = "growing role"
    source: SourceRef


class CoachingPlan(BaseModel):
    role: SourceRef | None = None
    next_problems: list[NextProblem] = Field(default_factory=list)
    adjacent_roles: list[AdjacentRole] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    plan: LearningPlan = Field(default_factory=LearningPlan)
    exercise: Exercise | None = None


PlanItemKind = Literal["problem", "days_30", "days_60", "days_90"]


class PlanItem(BaseModel):
    """One item of a person's saved plan, markable done: a next problem or a plan step."""

    item_id: str
    kind: PlanItemKind
    title: str
    detail: str = ""
    source_id: str
    created_at: datetime | None = None
    done_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


def plan_items(problems: list[NextProblem], plan: LearningPlan | None) -> list[PlanItem]:
    """The items of a plan as they are saved for the person."""
    items = [
        PlanItem(
            item_id=p.item_id,
            kind="problem",
            title=p.title,
            detail=f"{p.why} First step: {p.first_step}",
            source_id=p.source.id,
        )
        for p in problems
    ]
    if plan is not None:
        for kind in ("days_30", "days_60", "days_90"):
            for step in getattr(plan, kind):
                items.append(
                    PlanItem(
                        item_id=f"{step.source.id}#{kind}-{_slug(step.text)}",
                        kind=kind,
                        title=step.text,
                        source_id=step.source.id,
                    )
                )
    return items
