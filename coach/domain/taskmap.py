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
    gpt4_label: str | None = None  # GPT-4's E0/E1/E2 for the same statement (same rubric)


class TaskResult(BaseModel):
    task: str
    exposure: Exposure
    category: Category
    confidence: float = Field(ge=0, le=1, description="calibrated P(the label matches human raters)")
    automation: float = Field(0.0, ge=0, le=1, description="P(AI could do most of it, T3-T4)")
    evidence: list[Evidence] = []
    # Selective labels: below the calibrated-confidence threshold the task is shown as unsure;
    # ``exposure`` and ``category`` keep the best guess, so counts and consumers still work.
    probability: float | None = Field(None, ge=0, le=1, description="the top class probability, uncalibrated")
    unsure: bool = False
    # The sources disagree (or confidence is low): ``reasons`` says how, one sentence each.
    uncertain: bool = False
    reasons: list[str] = []
    card_tag: Category | None = None  # the role card's tag for this task, where the card lists it
    card_task: str | None = None  # the card's wording of that task

    @property
    def shown(self) -> str:
        """The category to display: "unsure" below the confidence threshold, else the category."""
        return "unsure" if self.unsure else self.category


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
        """One row per task for a chart: category, exposure and confidence, and the selective
        fields: ``shown`` ("unsure" or the category), unsure, uncertain and its reasons, and
        the role card's tag (UI-agnostic)."""
        fields = {"task", "category", "exposure", "confidence", "unsure", "uncertain", "reasons", "card_tag"}
        return [t.model_dump(include=fields) | {"shown": t.shown} for t in self.tasks]

    def to_markdown(self) -> str:
        """A compact table for a chat answer: each task's label and calibrated confidence (or
        "unsure"), the role card's tag, the nearest labelled task with its human and GPT-4
        labels, and why the sources disagree where they do."""
        lines = [
            "| Task | Category | Exposure | Confidence | Role card "
            "| Closest labelled task (human / GPT-4) | Uncertain |",
            "|---|---|---|---|---|---|---|",
        ]
        for t in self.tasks:
            near = ""
            if t.evidence:
                e = t.evidence[0]
                gpt4 = f" / GPT-4 {e.gpt4_label}" if e.gpt4_label else ""
                near = f"{e.task} ({e.occupation}; human {e.label}{gpt4})"
            category = f"unsure (best guess: {t.category})" if t.unsure else t.category
            note = "; ".join(t.reasons) if t.uncertain else ""
            cells = [t.task, category, t.exposure, f"{t.confidence:.0%}", t.card_tag or "", near, note]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        if self.occupation:
            lines.append("\n" + occupation_line(self.occupation))
        return "\n".join(lines)


def occupation_line(occ: OccupationMatch) -> str:
    """The matched occupation with its exposure figures (beta from human and GPT-4 ratings,
    Eloundou et al. 2023; AI applicability, Tomlinson et al. 2025), where the data has them."""
    how = " (from the coach's card for your role)" if occ.via == "role card" else ""
    figures = [
        f"{name} {value:.2f}"
        for name, value in (
            ("exposure β (human)", occ.human_beta),
            ("β (GPT-4)", occ.gpt4_beta),
            ("AI applicability", occ.ai_applicability),
        )
        if value is not None
    ]
    tail = f" — {', '.join(figures)}" if figures else ""
    return f"Closest occupation: {occ.title} ({occ.code}){how}{tail}."
