"""A task map: each task labelled E0/E1/E2 (Eloundou et al., 2023) and filed under
automate, augment or human-core, with confidence, evidence and the matched occupation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Exposure = Literal["E0", "E1", "E2"]
Category = Literal["automate", "augment", "human-core"]


class Evidence(BaseModel):
    task: str
    occupation: str
    label: str  # the human annotators' E0/E1/E2
    similarity: float = 0.0


class TaskResult(BaseModel):
    task: str
    exposure: Exposure
    category: Category
    confidence: float = Field(ge=0, le=1)
    automation: float = Field(0.0, ge=0, le=1, description="P(AI could do most of it, T3-T4)")
    evidence: list[Evidence] = []


class OccupationMatch(BaseModel):
    code: str
    title: str
    score: float
    human_beta: float | None = None
    gpt4_beta: float | None = None
    ai_applicability: float | None = None
    via: str = "similarity"  # or "role card": the coach's own card for the role names this code


class TaskMap(BaseModel):
    tasks: list[TaskResult]
    occupation: OccupationMatch | None = None
    method: str = ""  # which parts voted, e.g. "lexical+finetuned[all-MiniLM-L6-v2]+knn[16339]"
    source: str = ""  # where the tasks came from: "your message" or the id of a role card

    def counts(self) -> dict[str, int]:
        out = {"automate": 0, "augment": 0, "human-core": 0}
        for t in self.tasks:
            out[t.category] += 1
        return out

    def chart_rows(self) -> list[dict]:
        """One row per task for a chart: category, exposure and confidence (UI-agnostic)."""
        fields = {"task", "category", "exposure", "confidence"}
        return [t.model_dump(include=fields) for t in self.tasks]

    def to_markdown(self) -> str:
        """A compact table for a chat answer, with the nearest labelled task as evidence."""
        lines = [
            "| Task | Category | Exposure | Confidence | Closest labelled task |",
            "|---|---|---|---|---|",
        ]
        for t in self.tasks:
            near = (
                f"{t.evidence[0].task} ({t.evidence[0].occupation}, {t.evidence[0].label})"
                if t.evidence
                else ""
            )
            cells = [t.task, t.category, t.exposure, f"{t.confidence:.0%}", near]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        if self.occupation:
            how = " (from the coach's card for your role)" if self.occupation.via == "role card" else ""
            lines.append(f"\nClosest occupation: {self.occupation.title} ({self.occupation.code}){how}.")
        return "\n".join(lines)
