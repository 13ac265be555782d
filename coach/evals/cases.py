"""Evaluation cases: a YAML file of questions, each with the rubric of checks its answer must
pass. Validated strictly (``extra="forbid"``), so a misspelt check fails loudly instead of
silently checking nothing. ``evals/cases.yaml`` is the development set; ``evals/heldout/`` is the
held-out set nobody tunes on."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coach.config import PROJECT_ROOT
from coach.domain.answer import Mode

DEFAULT_CASES = PROJECT_ROOT / "evals" / "cases.yaml"
HELDOUT_CASES = PROJECT_ROOT / "evals" / "heldout" / "cases.yaml"
Category = Literal[
    "role", "vague", "surveillance", "distress", "injection", "off_topic", "non_english", "task_list"
]
CATEGORIES: tuple[str, ...] = get_args(Category)


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str


class Checks(BaseModel):
    """The rubric for one case. Unset (None/False) checks are not run."""

    model_config = ConfigDict(extra="forbid")

    mode: list[Mode] | None = Field(None, min_length=1, description="allowed answer modes")
    min_next_problems: int | None = Field(None, ge=1)
    requires_sources: bool = False
    requires_plan: bool = False
    requires_exercise: bool = False
    requires_adjacent_roles: bool = False
    min_task_map: int | None = Field(None, ge=1)
    task_map_includes: list[str] | None = Field(None, min_length=1)
    clarifying_questions: tuple[int, int] | None = None
    no_plan: bool = False
    must_include_any: list[str] | None = Field(None, min_length=1)
    opens_with_any: list[str] | None = Field(None, min_length=1)
    must_not_match: list[str] | None = None
    no_prompt_leak: bool = False
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")
    source_ids_any: list[str] | None = Field(None, min_length=1)
    max_latency_s: float | None = Field(None, gt=0)
    # Reader-facing, on by default: every claim in a coaching answer's prose cites a source.
    sentences_cited: bool = True
    # Reader-facing, on by default: the prose, the task map and the plan tell one story.
    one_story: bool = True
    # Reader-facing, on by default: the answer draws on the guidance its intent calls for.
    serves_intent: bool = True
    # The intents a blind labeller accepts for the message (evals/README.md).
    intent: list[str] | None = Field(None, min_length=1)

    @field_validator("intent")
    @classmethod
    def _known_intents(cls, labels: list[str] | None) -> list[str] | None:
        from coach.pipeline.intent import INTENTS

        unknown = [label for label in labels or [] if label not in INTENTS]
        if unknown:
            raise ValueError(f"unknown intent(s) {', '.join(unknown)}; known: {', '.join(INTENTS)}")
        return labels

    @field_validator("must_not_match")
    @classmethod
    def _compiles(cls, patterns: list[str] | None) -> list[str] | None:
        for pattern in patterns or []:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
        return patterns

    @field_validator("clarifying_questions")
    @classmethod
    def _range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 <= value[0] <= value[1]:
            raise ValueError("clarifying_questions is [min, max] with 0 <= min <= max")
        return value


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    category: Category
    question: str
    history: list[Turn] = Field(default_factory=list)
    checks: Checks


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: Checks = Field(default_factory=Checks)
    rubrics: dict[str, Checks] = Field(default_factory=dict, description="named check sets for YAML anchors")
    cases: list[Case] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> CaseFile:
        repeated = [i for i, n in Counter(c.id for c in self.cases).items() if n > 1]
        if repeated:
            raise ValueError(f"case ids must be unique; repeated: {', '.join(repeated)}")
        return self


class CaseError(ValueError):
    """The cases file cannot be used; the message says where."""


def merge_checks(defaults: dict, own: dict) -> dict:
    """A case's own check replaces the default of the same name, except ``must_not_match``,
    whose patterns add to the defaults (a case cannot switch off a safety pattern by adding one)."""
    merged = {**defaults, **own}
    if "must_not_match" in defaults and "must_not_match" in own:
        merged["must_not_match"] = list(dict.fromkeys(defaults["must_not_match"] + own["must_not_match"]))
    return merged


def load_cases(path: Path | str = DEFAULT_CASES) -> list[Case]:
    """Read and validate a cases file, applying its ``defaults`` to every case."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CaseError(f"{path}: expected a mapping with 'defaults' and 'cases'")
    try:
        parsed = CaseFile.model_validate(raw)
    except ValidationError as exc:
        raise CaseError(f"{path}: {exc}") from exc
    defaults = parsed.defaults.model_dump(exclude_unset=True)
    return [
        case.model_copy(
            update={
                "checks": Checks.model_validate(
                    merge_checks(defaults, case.checks.model_dump(exclude_unset=True))
                )
            }
        )
        for case in parsed.cases
    ]


def select_cases(cases: Sequence[Case], categories: Sequence[str] | None, limit: int | None) -> list[Case]:
    chosen = [c for c in cases if not categories or c.category in categories]
    return chosen[:limit] if limit else chosen
