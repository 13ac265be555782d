"""What the coach knows about a person (profile, task map, plan): shown, edited, exported and
forgotten by that person alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from coach.corpus.catalog import Catalog
from coach.domain.plan import CoachingPlan, Opportunity, PlanItem
from coach.domain.preferences import PREFERENCES, Preference, TaskZone, task_key, task_zones
from coach.domain.principal import Principal
from coach.domain.profile import Profile
from coach.domain.roleview import OccupationChoice, RoleView
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
        current = self.get(principal)
        same_role = (current.role or "").lower() == role.strip().lower()
        profile = current.model_copy(
            update={
                "role": role.strip() or None,
                "occupation_code": current.occupation_code if same_role else None,
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
        """Replace the person's task list (the *My tasks* page); preferences for tasks no longer
        listed are dropped."""
        current = self.get(principal)
        listed = _lines(tasks)
        keys = {task_key(t) for t in listed}
        kept = {t: p for t, p in current.task_preferences.items() if task_key(t) in keys}
        profile = current.model_copy(update={"tasks": listed, "task_preferences": kept})
        self.profiles.save(principal, principal.own(), profile)
        return profile

    def set_preferences(self, principal: Principal, preferences: Mapping[str, str | None]) -> Profile:
        """Keep the person's say over their listed tasks: "do" (AI does it), "help" (AI helps)
        or "mine" (leave it theirs); None or "" clears one. Raises ValueError for a task not
        on their list or an unknown value."""
        current = self.get(principal)
        listed = {task_key(t): t for t in current.tasks}
        kept = {task_key(t): (t, p) for t, p in current.task_preferences.items()}
        for task, value in preferences.items():
            key = task_key(task)
            if key not in listed:
                raise ValueError(f"{task!r} is not one of your tasks")
            if not value:
                kept.pop(key, None)
            elif value in PREFERENCES:
                kept[key] = (listed[key], cast(Preference, value))
            else:
                raise ValueError(f"preference must be one of {', '.join(PREFERENCES)}, not {value!r}")
        profile = current.model_copy(update={"task_preferences": dict(kept.values())})
        self.profiles.save(principal, principal.own(), profile)
        return profile

    def task_zones(self, principal: Principal, task_map: TaskMap | None = None) -> list[TaskZone]:
        """The zone of each task the person gave a preference for (their task map's labels)."""
        profile = self.get(principal)
        if not profile.task_preferences:
            return []
        return task_zones(task_map or self.task_map(principal), profile.task_preferences)

    def coaching_plan(self, principal: Principal, task_map: TaskMap | None = None) -> CoachingPlan:
        """The plan for the person's role (card, else open data), its next problems ranked by
        their tasks, goals and skills and re-ranked by their say over their tasks."""
        from coach.pipeline.plan import build_data_plan, build_plan

        profile = self.get(principal)
        zones = self.task_zones(principal, task_map)
        if profile.role_id and self.catalog.get(profile.role_id) is not None:
            context = " ".join([*profile.tasks, *profile.goals, *profile.skills])
            return build_plan(self.catalog, profile.role_id, context, zones)
        view = self.role_view(principal)
        if view is not None:
            return build_data_plan(self.catalog, view, zones, [profile.sector] if profile.sector else [])
        return CoachingPlan()

    def opportunities(self, principal: Principal) -> list[Opportunity]:
        """Where work is growing for the person's role and sector, each with its card and heading."""
        from coach.pipeline.opportunities import opportunities_for

        plan = self.coaching_plan(principal)
        if plan.opportunities:
            return plan.opportunities
        profile = self.get(principal)
        context = " ".join([profile.role or "", *profile.tasks])
        return opportunities_for(self.catalog, [profile.sector] if profile.sector else [], context)

    def task_map(self, principal: Principal) -> TaskMap | None:
        """The person's own tasks mapped (None without tasks or a mapper)."""
        profile = self.get(principal)
        if not profile.tasks or self.task_mapper is None:
            return None
        task_map = self.task_mapper.map_tasks(profile.tasks, role=profile.role)
        choice = self.occupation_choice(principal)
        update: dict[str, Any] = {"source": "your tasks"}
        if choice is not None and choice.chosen is not None:
            update["occupation"] = choice.chosen  # the person's pick, or the match shown with it
        return task_map.model_copy(update=update)

    def _decision(self, profile: Profile):
        from coach.pipeline.coach import role_views_for
        from coach.pipeline.occupation import decide_role

        role = self.catalog.get(profile.role_id)
        return decide_role(self.catalog, role_views_for(self.task_mapper), profile, role)

    def occupation_choice(self, principal: Principal) -> OccupationChoice | None:
        """The occupation the person's role matches (or they chose) and the next candidates;
        None without a role, a choice or imported data."""
        profile = self.get(principal)
        if not (profile.role or profile.occupation_code):
            return None
        return self._decision(profile).choice

    def occupation_options(self, principal: Principal, k: int = 10) -> list:
        """Occupations to pick from: the nearest ``k`` to the person's role (their pick first)."""
        from coach.pipeline.coach import role_views_for

        views = role_views_for(self.task_mapper)
        if views is None or views.data is None:
            return []
        profile = self.get(principal)
        return views.match(profile.role or "", k, first=profile.occupation_code)

    def role_view(self, principal: Principal) -> RoleView | None:
        """The open-data view of the person's chosen or matched occupation."""
        from coach.pipeline.coach import role_views_for

        choice = self.occupation_choice(principal)
        views = role_views_for(self.task_mapper)
        if choice is None or choice.chosen is None or views is None:
            return None
        return views.view(choice.chosen.code)

    def set_occupation(self, principal: Principal, code: str | None) -> Profile:
        """Keep the person's pick of occupation (None: back to the automatic match)."""
        from coach.pipeline.coach import role_views_for

        views = role_views_for(self.task_mapper)
        if code and (views is None or not views.has(code)):
            raise ValueError(f"occupation {code} is not in the imported data")
        profile = self.get(principal).model_copy(update={"occupation_code": code or None})
        self.profiles.save(principal, principal.own(), profile)
        return profile

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
