"""The structured coaching plan: next problems, adjacent roles, a 30/60/90-day learning plan and
one AI-fluency exercise. Every item carries the source it came from."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field


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

    @property
    def item_id(self) -> str:
        """A stable id for this plan item: its source and a slug of its title."""
        return f"{self.source.id}#{re.sub(r'[^a-z0-9]+', '-', self.title.lower()).strip('-')[:60]}"


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


class CoachingPlan(BaseModel):
    role: SourceRef | None = None
    next_problems: list[NextProblem] = Field(default_factory=list)
    adjacent_roles: list[AdjacentRole] = Field(default_factory=list)
    plan: LearningPlan = Field(default_factory=LearningPlan)
    exercise: Exercise | None = None
