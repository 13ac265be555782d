"""Inline citations: keep the ``[n]`` markers that point at a retrieved source, drop the rest,
renumber them in order of first use, and attribute uncited sentences that a source supports."""

from __future__ import annotations

import re
from collections.abc import Callable

CITATION = re.compile(r"\s?\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_SPLIT = re.compile(r"((?<=[.!?])[ \t]+|\n+)")  # sentence ends and line breaks, kept
_STOPWORD_TEXT = """
the and for are but not you your with that this from they them their have has had was were
will would can could should into about what when where which who how why than then there
these those its it's our out all any some more most such very just also only other each been
being does did doing over under again further once here both few own same too use using may
might must shall able make makes made get gets like well much many work
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS}


def clean_citations(text: str, n_sources: int) -> tuple[str, list[int]]:
    """Remove markers pointing at no source and renumber the rest 1..m by first use.
    Returns the new text and the original source numbers in their new order."""
    order: list[int] = []

    def replace(match: re.Match) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        valid = []
        for n in numbers:
            if 1 <= n <= n_sources and n not in valid:
                valid.append(n)
                if n not in order:
                    order.append(n)
        if not valid:
            return ""
        return " " + "".join(f"[{order.index(n) + 1}]" for n in valid)

    cleaned = CITATION.sub(replace, text)
    return cleaned, order


def drop_sentences(text: str, verdict: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """Remove each sentence (or line) for which ``verdict`` returns a note, keeping the layout
    of the rest. Returns the new text and the notes of the removals."""
    notes: list[str] = []
    pieces = _SPLIT.split(text)
    for i in range(0, len(pieces), 2):  # even items are sentences, odd ones separators
        note = verdict(pieces[i])
        if note is not None:
            notes.append(note)
            pieces[i] = ""
            if i + 1 < len(pieces):
                pieces[i + 1] = ""
    return "".join(pieces).strip(), notes


def attribute_uncited(text: str, sources: list[str], min_overlap: float = 0.6) -> str:
    """Append ``[n]`` to each uncited sentence whose content words mostly appear in source n.
    Small local models often forget to cite; this ties what they say back to the guidance
    when the guidance really says it, and leaves unsupported sentences uncited."""
    vocab = [content_words(s) for s in sources]
    pieces = _SPLIT.split(text)
    for i in range(0, len(pieces), 2):  # even items are sentences, odd ones the separators
        sentence = pieces[i]
        words = content_words(sentence)
        if CITATION.search(sentence) or len(words) < 4 or not vocab:
            continue
        overlaps = [len(words & v) / len(words) for v in vocab]
        best = max(range(len(vocab)), key=overlaps.__getitem__)
        if overlaps[best] < min_overlap:
            continue
        stripped = sentence.rstrip()
        if stripped[-1] in ".!?":
            pieces[i] = f"{stripped[:-1]} [{best + 1}]{stripped[-1]}"
        else:
            pieces[i] = f"{stripped} [{best + 1}]"
    return "".join(pieces)
