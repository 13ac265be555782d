"""What a turn contributes to team insights: a coarse topic and the task-map counts. Never text.

The topic comes from the reply's route and the kind of guidance it cited first, so it says what
people ask *about* ("my role and tasks", "skills and AI fluency") without keeping their words.
"""

from __future__ import annotations

from coach.domain.answer import TurnRecord

TOPICS: dict[str, str] = {
    "role": "My role and its tasks",
    "path": "Moving into adjacent work",
    "skill": "Skills and AI fluency",
    "sector": "My sector's outlook",
    "principle": "How AI changes work",
    "upload": "The team's own documents",
    "general": "General career questions",
    "getting-started": "Getting started",
    "support": "Support in a hard moment",
    "declined": "Monitoring requests (declined)",
    "off-topic": "Off topic",
}

_BY_MODE = {
    "clarify": "getting-started",
    "support": "support",
    "decline": "declined",
    "redirect": "off-topic",
}


def topic_of(record: TurnRecord) -> str:
    """The topic key (one of ``TOPICS``) a stored reply counts under."""
    if record.mode in _BY_MODE:
        return _BY_MODE[record.mode]
    for source_id in record.source_ids:
        kind = source_id.split("/", 1)[0]
        if kind in TOPICS:
            return kind
    return "general"
