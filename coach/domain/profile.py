"""What the coach knows about one person, in their words and as corpus ids."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, Field

from coach.domain.preferences import Preference

LIST_KINDS = ("tasks", "skills", "goals", "constraints")


class Profile(BaseModel):
    """One person's career facts, in their words (``role``) and as corpus ids (``role_id``)."""

    user_id: str
    role: str | None = None  # as the person said it
    role_id: str | None = None  # the matched corpus id, e.g. "role/payroll-clerk"
    sector: str | None = None  # a sector id, e.g. "sector/finance"
    # An O*NET-SOC code the person picked ("29-1051.00"); it overrides the automatic match.
    occupation_code: str | None = None
    tasks: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    # Per task (its text), whether the person wants AI to do it, help with it, or leave it theirs.
    # Profiles are stored as JSON, so older rows without it read back as {}.
    task_preferences: dict[str, Preference] = Field(default_factory=dict)
    language: str | None = None  # ISO 639-1
    updated_at: datetime | None = None

    def filled(self) -> int:
        """How many facts are stored: the role and sector, and each list item."""
        return sum(1 for v in (self.role, self.sector) if v) + sum(len(getattr(self, k)) for k in LIST_KINDS)

    def is_empty(self) -> bool:
        named = self.role or self.role_id or self.sector or self.occupation_code
        return not (named or any(getattr(self, k) for k in LIST_KINDS))


def _md(text: str) -> str:
    """Escape what markdown would render, since these strings are the person's own words."""
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", text)


def profile_summary(profile: Profile, max_items: int = 5) -> str:
    """A short markdown summary of what the coach remembers, for the UI."""
    if profile.is_empty():
        return "_Nothing saved about you yet. Tell me your role, your main tasks and what you want next._"
    lines = []
    if profile.role or profile.role_id:
        role = _md(profile.role or "")
        if profile.role_id:
            role = f"{role} (matched `{profile.role_id}`)".strip()
        lines.append(f"- **Role:** {role}")
    if profile.occupation_code:
        lines.append(f"- **Occupation (your choice):** O\\*NET `{profile.occupation_code}`")
    if profile.sector:
        lines.append(f"- **Sector:** {_md(profile.sector.split('/')[-1].replace('-', ' '))}")
    for kind in LIST_KINDS:
        items = getattr(profile, kind)
        if items:
            shown = "; ".join(_md(i) for i in items[:max_items])
            more = f" (+{len(items) - max_items} more)" if len(items) > max_items else ""
            lines.append(f"- **{kind.capitalize()}:** {shown}{more}")
    return "\n".join(lines)
