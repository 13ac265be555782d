"""Prompts are YAML files in ``prompts/``, rendered with Jinja in strict mode so a missing
variable fails loudly instead of producing a silently broken prompt."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined
from pydantic import BaseModel, ConfigDict

_ENV = Environment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class PromptTemplate(BaseModel):
    """One prompt file: a system and a user template."""

    model_config = ConfigDict(extra="forbid")

    description: str
    system: str
    user: str

    def render(self, **variables) -> tuple[str, str]:
        """(system, user) text; raises ``jinja2.UndefinedError`` on a missing variable."""
        return (
            _ENV.from_string(self.system).render(**variables).strip(),
            _ENV.from_string(self.user).render(**variables).strip(),
        )


@lru_cache(maxsize=32)
def _load(path: Path, mtime: float) -> PromptTemplate:
    return PromptTemplate.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_prompt(prompts_dir: Path, name: str) -> PromptTemplate:
    """The prompt ``prompts_dir/name.yaml``; re-read when the file changes."""
    path = prompts_dir / f"{name}.yaml"
    if not path.exists():
        raise FileNotFoundError(f"prompt '{name}' not found at {path}")
    return _load(path, path.stat().st_mtime)


REPLIES = "replies"


def prompt_names(prompts_dir: Path) -> list[str]:
    """The model prompt templates (the reply book is loaded separately)."""
    return sorted(p.stem for p in prompts_dir.glob("*.yaml") if p.stem != REPLIES)


class ReplyBook(BaseModel):
    """Fixed replies by name and language (``prompts/replies.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    description: str
    replies: dict[str, dict[str, str]]

    def render(self, name: str, language: str = "en", **variables) -> str:
        """The reply in ``language`` (English when not translated), rendered strictly."""
        variants = self.replies[name]
        template = variants.get(language) or variants["en"]
        return _ENV.from_string(template).render(**variables).strip()


def load_replies(prompts_dir: Path) -> ReplyBook:
    path = prompts_dir / f"{REPLIES}.yaml"
    return ReplyBook.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
