"""An answer as the person receives it: text, mode, cited sources and the structured parts
(task map, plan, exercise), plus what the pipeline noticed on the way."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

from coach.domain.plan import AdjacentRole, CoachingPlan, Exercise, LearningPlan, NextProblem, Opportunity
from coach.domain.preferences import TaskZone
from coach.domain.profile import Profile
from coach.domain.roleview import OccupationChoice, RoleView
from coach.domain.taskmap import TaskMap

# How a reply was decided: by the model from the guidance (coach) or by a rule.
Mode = Literal["coach", "clarify", "decline", "support", "redirect", "empty"]
MODES: tuple[str, ...] = get_args(Mode)


class Source(BaseModel):
    n: int
    id: str
    title: str
    kind: str
    heading: str
    snippet: str
    path: str

    def public(self) -> dict:
        return {"id": self.id, "title": self.title, "kind": self.kind, "heading": self.heading}


class Answer(BaseModel):
    question: str
    text: str
    mode: Mode = "coach"
    intent: str = ""  # what the intent classifier read the message as ("" when rules decided)
    # What the safety reads found besides the intent: signs of crisis (the crisis line was shown),
    # instructions set aside as an injection.
    crisis: bool = False
    injection: bool = False
    language: str = "en"
    sources: list[Source] = Field(default_factory=list, description="the cited sources, as numbered in text")
    retrieved: list[Source] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    error: str | None = None
    fallback: bool = False  # the text is retrieved guidance, not a model answer
    model: str = ""
    timings: dict[str, float] = Field(default_factory=dict)
    clarifying_questions: list[str] = Field(default_factory=list)
    task_map: TaskMap | None = None
    zones: list[TaskZone] = Field(default_factory=list, description="the person's say × exposure, per task")
    next_problems: list[NextProblem] = Field(default_factory=list)
    adjacent_roles: list[AdjacentRole] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list, description="where work is growing")
    plan: LearningPlan | None = None
    exercise: Exercise | None = None
    grounding: list[str] = Field(default_factory=list, description="claims dropped by the grounding check")
    profile: Profile | None = None
    occupation: OccupationChoice | None = None  # the occupation matched (or chosen) and the runners-up
    role_view: RoleView | None = None  # the open-data view the plan was built from (no card fits)

    def attach_plan(self, plan: CoachingPlan) -> None:
        self.next_problems, self.adjacent_roles = plan.next_problems, plan.adjacent_roles
        self.plan, self.exercise = plan.plan, plan.exercise
        self.opportunities = plan.opportunities

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "mode": self.mode,
            "intent": self.intent,
            "safety": {"crisis": self.crisis, "injection": self.injection},
            "language": self.language,
            "sources": [s.public() for s in self.sources],
            "clarifying_questions": self.clarifying_questions,
            "task_map": self.task_map.model_dump(mode="json") if self.task_map else None,
            "zones": [z.model_dump() for z in self.zones],
            "next_problems": [p.model_dump() for p in self.next_problems],
            "adjacent_roles": [r.model_dump() for r in self.adjacent_roles],
            "opportunities": [o.model_dump() for o in self.opportunities],
            "plan": self.plan.model_dump() if self.plan else None,
            "exercise": self.exercise.model_dump() if self.exercise else None,
            "grounding": self.grounding,
            "notices": self.notices,
            "error": self.error,
            "fallback": self.fallback,
            "model": self.model,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "occupation": self.occupation.model_dump(mode="json") if self.occupation else None,
            "role_view": self.role_view.model_dump(mode="json") if self.role_view else None,
        }


class TaskMapSummary(BaseModel):
    tasks: int
    counts: dict[str, int]
    method: str = ""
    source: str = ""


class TurnRecord(BaseModel):
    """What is stored of a reply besides its text: enough to show and count it later. Never the
    profile, the retrieved snippets or the prompt."""

    mode: Mode = "coach"
    language: str = "en"
    source_ids: list[str] = Field(default_factory=list)
    plan_item_ids: list[str] = Field(default_factory=list)
    task_map: TaskMapSummary | None = None
    fallback: bool = False
    error: str | None = None

    @classmethod
    def of(cls, answer: Answer) -> TurnRecord:
        task_map = answer.task_map
        return cls(
            mode=answer.mode,
            language=answer.language,
            source_ids=[s.id for s in answer.sources],
            plan_item_ids=[p.item_id for p in answer.next_problems],
            task_map=TaskMapSummary(
                tasks=len(task_map.tasks),
                counts=task_map.counts(),
                method=task_map.method,
                source=task_map.source,
            )
            if task_map
            else None,
            fallback=answer.fallback,
            error=answer.error,
        )
