"""Replace personal data with placeholders before text goes to a remote model.

Emails (also spelled out: "ana dot perez at gmail dot com"), phone numbers, names given as names,
profile links and personal sites, IBANs and id numbers (employee, passport, SSN, NI, DNI/NIE,
codice fiscale, NIR, Steuer-ID, NIF; staff numbers read from a sentence about a badge, payslip or
clock card: staff_ids.py), dates of birth, postcodes, PO boxes and street addresses
become ``[email]``, ``[phone]``, ``[name]``, ``[profile]``, ``[url]``, ``[number]``,
``[date of birth]``, ``[postcode]`` and ``[address]``. The rules are tuned to leave career talk
alone: job titles, tools ("Python 3.12", "SAP"), years, percentages, money, counts ("5 hours",
"200 staff"), ordinary dates, ranges, standards ("ISO 27001") and "30/60/90-day plan" pass through
unchanged. Every rule is linear in the length of the text. Redaction is best effort, not a
guarantee: a name mentioned in passing ("ask Maria") is found from word lists and cues, and a rare
name with no cue ("I disagree with Leopold") can still get through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from langchain_core.messages import BaseMessage

from coach.pipeline.redact.names import recurring, replace_names
from coach.pipeline.redact.structured import redact_structured, replace_numbers

__all__ = ["redact", "redact_messages"]


def _redact(text: str, counts: Counter, known: set[str] | None = None) -> tuple[str, set[str]]:
    text = redact_structured(text, counts)
    text = replace_numbers(text, counts)
    return replace_names(text, counts, known)


def redact(text: str) -> tuple[str, dict[str, int]]:
    """``text`` with personal data replaced by placeholders, and how many of each kind."""
    counts: Counter = Counter()
    text, _ = _redact(text, counts)
    return text, dict(counts)


def _map_content(content: str | list, redactor: Callable[[str], str]) -> str | list:
    if isinstance(content, str):
        return redactor(content)
    parts: list = []
    for part in content:
        if isinstance(part, str):
            parts.append(redactor(part))
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append({**part, "text": redactor(part["text"])})
        else:
            parts.append(part)
    return parts


def redact_messages(messages: list[BaseMessage]) -> tuple[list[BaseMessage], dict[str, int]]:
    """Redacted copies of chat messages (the originals are not changed), and the total counts.
    A name introduced in one message (the history) is also replaced where another one repeats it."""
    total: Counter = Counter()
    names: set[str] = set()

    def first_pass(text: str) -> str:
        clean, found = _redact(text, total)
        names.update(found)
        return clean

    contents = [_map_content(m.content, first_pass) for m in messages]
    pattern = recurring(names)
    if pattern is not None:

        def second_pass(text: str) -> str:
            clean, n = pattern.subn("[name]", text)
            total["name"] += n
            return clean

        contents = [_map_content(c, second_pass) for c in contents]
    copies = [m.model_copy(update={"content": c}) for m, c in zip(messages, contents)]
    return copies, {k: v for k, v in total.items() if v}
