"""The grounding check: a model's free text may only name roles and skills, and quote figures,
that the retrieved guidance or the plan contains. Sentences that go beyond it are dropped and
reported, which matters most with a small local model that invents things fluently."""

from __future__ import annotations

import re

_FIGURE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?%|\b0\.\d+\b|\b\d+(?:\.\d+)? (?:percent|per cent)\b", re.IGNORECASE
)
_SPLIT = re.compile(r"((?<=[.!?])[ \t]+|\n+)")
_WORDS = re.compile(r"[a-z0-9]+")


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def check_grounding(
    text: str,
    allowed_ids: set[str],
    names_by_id: dict[str, list[str]],
    source_texts: list[str],
) -> tuple[str, list[str]]:
    """(text with ungrounded sentences removed, one note per removal)."""
    sources = " ".join(source_texts)
    source_norm = f" {_norm(sources)} "
    notes: list[str] = []
    pieces = _SPLIT.split(text)
    for i in range(0, len(pieces), 2):  # even items are sentences, odd ones separators
        sentence = pieces[i]
        padded = f" {_norm(sentence)} "
        unknown = sorted(
            {
                name
                for entry_id, names in names_by_id.items()
                if entry_id not in allowed_ids
                for name in names
                if f" {name} " in padded and name not in source_norm
            },
            key=len,
        )
        figures = [f for f in _FIGURE.findall(sentence) if f.replace(" ", "") not in sources.replace(" ", "")]
        if unknown or figures:
            what = f"'{unknown[-1]}'" if unknown else f"the figure {figures[0]}"
            notes.append(f"Removed a sentence naming {what}, which the retrieved guidance does not contain.")
            pieces[i] = ""
            if i + 1 < len(pieces):
                pieces[i + 1] = ""
    return "".join(pieces).strip(), notes
