"""How one message updates a person's profile. Facts come from ``coach.pipeline.facts`` (rules,
no model), so the profile never depends on which chat model is configured."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from coach.domain.profile import LIST_KINDS, Profile
from coach.pipeline.facts import extract_facts
from coach.pipeline.language import detect_with_evidence

MAX_ITEMS = 20  # per list; when full, the oldest facts drop off first

RoleMatcher = Callable[[str], tuple[str, str | None] | None]


def _merge(old: list[str], new: list[str]) -> list[str]:
    """Old then new, without case-insensitive repeats, the newest ``MAX_ITEMS`` kept."""
    seen: set[str] = set()
    out = []
    for item in [*old, *new]:
        key = " ".join(item.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out[-MAX_ITEMS:]


def update_from_message(profile: Profile, message: str, match_role: RoleMatcher | None = None) -> Profile:
    """A new profile with the facts stated in ``message`` added; ``profile`` is left untouched.

    ``match_role(text)`` maps the role as written, with its context ("HR generalist at a bank"),
    to ``(role_id, sector_id)``, or returns None when the corpus has no such role.
    """
    facts = extract_facts(message or "")
    update: dict = {kind: _merge(getattr(profile, kind), facts[kind]) for kind in LIST_KINDS}
    if facts["role"]:
        role, role_text = facts["role"][-1], facts["role_text"][-1]
        if role.lower() != (profile.role or "").lower() or (match_role and not profile.role_id):
            update["role"] = role
            matched = match_role(role_text) if match_role else None
            # A new role makes the old match wrong, so an unmatched one clears it.
            update["role_id"], update["sector"] = matched if matched else (None, None)
            if profile.role and role.lower() != profile.role.lower():
                update["occupation_code"] = None  # a choice made for the old role no longer holds
    code, hits = detect_with_evidence(message or "")
    if hits >= 2:
        update["language"] = code
    if any(getattr(profile, key) != value for key, value in update.items()):
        update["updated_at"] = datetime.now(UTC)
    return profile.model_copy(update=update, deep=True)
