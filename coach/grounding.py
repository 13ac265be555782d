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


_NEGATION = re.compile(r"\b(no|not|never|nothing|none|nobody|cannot|without|\w+n't)\b", re.IGNORECASE)
_PROMISE = re.compile(
    r"\b(ai|automation)[- ]proof\b|\b(safe|immune|protected) from "
    r"(ai|automation|being (automated|replaced))\b|\byour (job|role|career) (is|will be) (safe|secure)\b",
    re.IGNORECASE,
)
_NEVER_REPLACED = re.compile(
    r"\b(ai|automation) (will|can|could) never (replace|take|automate)\b", re.IGNORECASE
)


def drop_unsafe(text: str, system_prompt: str) -> tuple[str, list[str]]:
    """Remove sentences that promise a job is safe from AI (no job is) or that echo the
    system prompt (small models parrot it). Returns the text and one note per removal."""
    prompt_runs = _runs(system_prompt)
    notes: list[str] = []
    pieces = _SPLIT.split(text)
    for i in range(0, len(pieces), 2):
        sentence = pieces[i]
        promise = "?" not in sentence and (
            bool(_NEVER_REPLACED.search(sentence))
            or (_PROMISE.search(sentence) and not _NEGATION.search(sentence))
        )
        echo = bool(_runs(sentence) & prompt_runs)
        if promise or echo:
            notes.append(
                "Removed a promise that a job is safe from AI: no job is fully AI-proof."
                if promise
                else "Removed text that repeated the coach's instructions."
            )
            pieces[i] = ""
            if i + 1 < len(pieces):
                pieces[i + 1] = ""
    return "".join(pieces).strip(), notes


def _runs(text: str, n: int = 7) -> set[str]:
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
