"""The grounding check: a model's free text may only name roles and skills, and quote figures,
that the retrieved guidance or the plan contains. Sentences that go beyond it are dropped and
reported, which matters most with a small local model that invents things fluently."""

from __future__ import annotations

import re

from coach.corpus.catalog import normalise
from coach.pipeline.citations import drop_sentences

_FIGURE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?%|\b0\.\d+\b|\b\d+(?:\.\d+)? (?:percent|per cent)\b", re.IGNORECASE
)


def check_grounding(
    text: str,
    allowed_ids: set[str],
    names_by_id: dict[str, list[str]],
    source_texts: list[str],
) -> tuple[str, list[str]]:
    """(text with ungrounded sentences removed, one note per removal)."""
    sources = " ".join(source_texts)
    source_norm = f" {normalise(sources)} "
    compact_sources = sources.replace(" ", "")

    def verdict(sentence: str) -> str | None:
        padded = f" {normalise(sentence)} "
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
        figures = [f for f in _FIGURE.findall(sentence) if f.replace(" ", "") not in compact_sources]
        if not (unknown or figures):
            return None
        what = f"'{unknown[-1]}'" if unknown else f"the figure {figures[0]}"
        return f"Removed a sentence naming {what}, which the retrieved guidance does not contain."

    return drop_sentences(text, verdict)


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

    def verdict(sentence: str) -> str | None:
        promise = "?" not in sentence and (
            bool(_NEVER_REPLACED.search(sentence))
            or (_PROMISE.search(sentence) and not _NEGATION.search(sentence))
        )
        if promise:
            return "Removed a promise that a job is safe from AI: no job is fully AI-proof."
        if _runs(sentence) & prompt_runs:
            return "Removed text that repeated the coach's instructions."
        return None

    return drop_sentences(text, verdict)


def _runs(text: str, n: int = 7) -> set[str]:
    words = normalise(text).split()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


MIN_CLAIM_WORDS = 3  # fewer content words than this is a connective ("Here is what it says."), not a claim


def check_support(text: str, passages: list[str]) -> tuple[str, list[str]]:
    """(text without the sentences no passage supports, one note per removal). A sentence is
    checked against the passages it cites, or all of them when it cites none; the support model
    and its threshold are calibrated on labelled pairs (``coach.pipeline.support``)."""
    from coach.pipeline.citations import CITATION, content_words
    from coach.pipeline.support import load_support

    model = load_support()
    # "A claim. [2]" cites the sentence before the marker: move the marker inside ("A claim [2].")
    # so that splitting into sentences keeps each citation with its claim.
    text = re.sub(r"([.!?])((?:\s?\[\d+(?:\s*[,;]\s*\d+)*\])+)", r"\2\1", text)

    def verdict(sentence: str) -> str | None:
        claim = CITATION.sub("", sentence).strip()
        if len(content_words(claim)) < MIN_CLAIM_WORDS or not passages:
            return None
        cited = [int(n) for m in CITATION.finditer(sentence) for n in re.findall(r"\d+", m.group(1))]
        texts = [passages[n - 1] for n in cited if 1 <= n <= len(passages)] or passages
        if model.supported(claim, texts):
            return None
        shown = claim if len(claim) <= 80 else claim[:80].rsplit(" ", 1)[0] + "…"
        return f'Removed a sentence the cited guidance does not support: "{shown}"'

    return drop_sentences(text, verdict)
