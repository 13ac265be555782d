"""What the coach knows about a person (profile, task map, plan): shown, edited, exported and
forgotten by that person alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.corpus.catalog import Catalog
from coach.domain.plan import PlanItem
from coach.domain.principal import Principal
from coach.domain.profile import Profile
from coach.domain.taskmap import TaskMap
from coach.storage.repositories import ConversationRepository, PlanRepository, ProfileRepository


def _lines(items: Sequence[str] | str) -> list[str]:
    if isinstance(items, str):
        items = items.splitlines()
    return [line.strip() for line in items if line.strip()]


class ProfileService:
    def __init__(
        self,
        profiles: ProfileRepository,
        conversations: ConversationRepository,
        catalog: Catalog,
        plans: PlanRepository,
        task_mapper: Any = None,  # coach.exposure.mapper.TaskMapper; None = no task maps
    ):
        self.profiles = profiles
        self.conversations = conversations
        self.catalog = catalog
        self.plans = plans
        self.task_mapper = task_mapper

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

    def set_tasks(self, principal: Principal, tasks: Sequence[str] | str) -> Profile:
        """Replace the person's task list (the *My tasks* page)."""
        profile = self.get(principal).model_copy(update={"tasks": _lines(tasks)})
        self.profiles.save(principal, principal.own(), profile)
        return profile

    def task_map(self, principal: Principal) -> TaskMap | None:
        """The person's own tasks mapped (None without tasks or a mapper)."""
        profile = self.get(principal)
        if not profile.tasks or self.task_mapper is None:
            return None
        return self.task_mapper.map_tasks(profile.tasks, role=profile.role).model_copy(
            update={"source": "your tasks"}
        )

    def plan(self, principal: Principal) -> list[PlanItem]:
        return self.plans.items(principal, principal.own())

    def mark(self, principal: Principal, item_id: str, done: bool) -> PlanItem:
        return self.plans.mark(principal, principal.own(), item_id, done)

    def stored_counts(self, principal: Principal) -> dict[str, int]:
        """How much is stored about the person, for the Privacy page."""
        data = self.export(principal)
        return {
            "profile fields": 0 if data["profile"] is None else Profile(**data["profile"]).filled(),
            "messages": len(data["messages"]),
            "plan items": len(data["plan"]),
        }
