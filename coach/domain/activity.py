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
    """The topic key (one of ``TOPICS``) a stored reply counts under: the route for rule-decided
    replies; the team's documents when one was cited first; the person's role when the reply
    built them a plan; else the kind of guidance cited most (earliest first on a tie)."""
    if record.mode in _BY_MODE:
        return _BY_MODE[record.mode]
    kinds = [k for k in (s.split("/", 1)[0] for s in record.source_ids) if k in TOPICS]
    if kinds and kinds[0] == "upload":
        return "upload"
    if record.plan_item_ids:
        return "role"
    if not kinds:
        return "general"
    return max(dict.fromkeys(kinds), key=kinds.count)
