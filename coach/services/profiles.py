"""What the coach knows about a person: shown, edited, exported and forgotten by that person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.corpus.catalog import Catalog
from coach.domain.principal import Principal
from coach.domain.profile import Profile
from coach.storage.repositories import ConversationRepository, ProfileRepository


def _lines(items: Sequence[str] | str) -> list[str]:
    if isinstance(items, str):
        items = items.splitlines()
    return [line.strip() for line in items if line.strip()]


class ProfileService:
    def __init__(self, profiles: ProfileRepository, conversations: ConversationRepository, catalog: Catalog):
        self.profiles = profiles
        self.conversations = conversations
        self.catalog = catalog

    def get(self, principal: Principal) -> Profile:
        return self.profiles.get(principal, principal.own())

    def edit(
        self,
        principal: Principal,
        role: str = "",
        tasks: Sequence[str] | str = (),
        skills: Sequence[str] | str = (),
        goals: Sequence[str] | str = (),
        constraints: Sequence[str] | str = (),
    ) -> Profile:
        """Replace the profile's fields with what the person wrote; the role is matched to a card."""
        matched = self.catalog.match_role(role) if role.strip() else None
        profile = self.get(principal).model_copy(
            update={
                "role": role.strip() or None,
                "role_id": matched[0] if matched else None,
                "sector": matched[1] if matched else None,
                "tasks": _lines(tasks),
                "skills": _lines(skills),
                "goals": _lines(goals),
                "constraints": _lines(constraints),
            }
        )
        self.profiles.save(principal, principal.own(), profile)
        return profile

    def export(self, principal: Principal) -> dict[str, Any]:
        return self.conversations.export(principal, principal.own())

    def forget(self, principal: Principal) -> dict[str, int]:
        return self.conversations.forget(principal, principal.own())
