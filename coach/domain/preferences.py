"""The worker's own say over each task (WORKBank's Human Agency Scale, Shao et al. 2025): would
they like AI to do it, help with it, or leave it theirs. Combined with the task's exposure this
places the task in one of four zones.

The rule (:func:`zone_of`):

- *AI could* means the task map labels it exposed (E1 or E2) **and** files it under automate or
  augment. A human-core task or an E0 task is "AI can't yet". Tasks shown as unsure keep their
  best-guess label here and are flagged ``unsure`` so a screen can say so.
- *You want it* means the person chose "do" or "help"; "mine" means they want to keep it.

| | you want AI ("do", "help") | you keep it ("mine") |
|---|---|---|
| AI could | automate-first | keep-and-shape |
| AI can't yet | watch-for-tools | low-priority |

Tasks the person has not given a preference for get no zone.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel

from coach.domain.taskmap import TaskMap, TaskResult

Preference = Literal["do", "help", "mine"]
PREFERENCES: tuple[str, ...] = get_args(Preference)
PREFERENCE_LABELS = {"do": "AI does it", "help": "AI helps me", "mine": "leave it mine"}

Zone = Literal["automate-first", "keep-and-shape", "watch-for-tools", "low-priority"]
ZONES: tuple[str, ...] = get_args(Zone)
ZONE_LABELS = {
    "automate-first": "Automate first",
    "keep-and-shape": "Keep it, shape how AI is used",
    "watch-for-tools": "Watch for tools",
    "low-priority": "Low priority",
}


class TaskZone(BaseModel):
    task: str
    preference: Preference
    zone: Zone
    ai_could: bool
    exposure: str
    category: str
    unsure: bool = False  # the map's label is below its confidence threshold (best guess used)


def task_key(task: str) -> str:
    """How a task's text is matched to a stored preference: case and spacing do not matter."""
    return " ".join(task.lower().split())


def ai_could(result: TaskResult) -> bool:
    """Exposed (E1/E2) and filed under automate or augment: AI could do or help with it now."""
    return result.exposure in ("E1", "E2") and result.category in ("automate", "augment")


def zone_of(could: bool, preference: Preference) -> Zone:
    wants = preference in ("do", "help")
    if could:
        return "automate-first" if wants else "keep-and-shape"
    return "watch-for-tools" if wants else "low-priority"


def task_zones(task_map: TaskMap | None, preferences: dict[str, Preference]) -> list[TaskZone]:
    """The zone of each mapped task the person gave a preference for, in the map's order."""
    if task_map is None or not preferences:
        return []
    wanted = {task_key(t): p for t, p in preferences.items()}
    zones = []
    for result in task_map.tasks:
        preference = wanted.get(task_key(result.task))
        if preference is None:
            continue
        could = ai_could(result)
        zones.append(
            TaskZone(
                task=result.task,
                preference=preference,
                zone=zone_of(could, preference),
                ai_could=could,
                exposure=result.exposure,
                category=result.category,
                unsure=result.unsure,
            )
        )
    return zones
