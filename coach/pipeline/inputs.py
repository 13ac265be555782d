"""Input cleaning: whatever arrives (bytes, control characters, a huge paste) becomes a safe,
bounded question, with notices that say what was changed."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(raw: str | bytes | None, limit: int) -> tuple[str, list[str]]:
    """Make any input safe to use: decode bytes, drop control characters, cut to ``limit``."""
    notices = []
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = _CONTROL.sub("", raw or "").strip()
    if text and text.count("\ufffd") > len(text) * 0.2:
        return "", ["That looked like binary data, not a question, so I ignored it."]
    if len(text) > limit:
        notices.append(
            f"Your message was {len(text):,} characters; I read the first {limit:,} "
            f"(the limit is set by COACH_MAX_QUESTION_CHARS)."
        )
        text = text[:limit].rstrip()
    return text, notices
