"""The zones of a person's tasks for one coaching turn (coach/domain/preferences.py): this turn's
task map where it holds the tasks they gave a preference for, else those tasks mapped."""

from __future__ import annotations

import logging
from typing import Any

from coach.domain.preferences import TaskZone, task_zones
from coach.domain.profile import Profile
from coach.domain.taskmap import TaskMap

log = logging.getLogger(__name__)


def profile_zones(task_mapper: Any, task_map: TaskMap | None, profile: Profile) -> list[TaskZone]:
    """Zones for every task the person has a say over; [] without preferences. Their tasks are
    mapped only when this turn's map misses some (it maps the message's or the card's tasks)."""
    if not profile.task_preferences:
        return []
    zones = task_zones(task_map, profile.task_preferences)
    if len(zones) < len(profile.task_preferences) and task_mapper is not None:
        try:
            own = task_mapper.map_tasks(list(profile.task_preferences), role=profile.role)
        except Exception as exc:  # the ranking is a refinement; never lose the answer for it
            log.warning("mapping the preferred tasks failed: %s", exc, exc_info=True)
            return zones
        zones = task_zones(own, profile.task_preferences)
    return zones
