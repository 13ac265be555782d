"""Composed answers: the prose a person reads first, built from the guidance's own sentences.

The embedded model is fluent but cannot be trusted with facts, so in the ``composed`` style no
model writes the prose. Each retrieved passage is cut into sentences and list items; those that
answer *this* question are picked (words shared with the question, weighted by rarity, the
passage's retrieval rank, and the sections that suit the kind of question: a sector question
reads the sector card's roles growing and under pressure, a conceptual one the principles, a
role question the role's summary). The answer is the direct answer first, then a reason from
another passage, then a first step (the plan's first next problem when there is one). Every
sentence is quoted from a cited passage, so every sentence is supported by construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coach.pipeline.citations import content_words

MIN_WORDS, MAX_WORDS = 6, 60
LIST_ITEMS = 3  # items shown when the answer is a list
LIST_SECTIONS = frozenset(
    {"roles growing", "roles under pressure", "what fluency includes", "where demand is likely to grow"}
)
SIMILAR = 0.5  # Jaccard of content words above which two sentences say the same thing

# The sections each kind of question reads first (lower-case headings; entry kinds), with a
# boost. Kinds not named here rank by words and retrieval order alone.
SECTIONS: dict[str, dict[str, float]] = {
    "sector": {"roles growing": 1.0, "main ai effect": 0.8, "roles under pressure": 0.7, "summary": 0.5},
    "concept": {"summary": 0.8, "principle": 1.0},
    "role_question": {"summary": 1.0, "what the data says": 0.6, "typical tasks": 0.4},
    "coaching": {
        "summary": 0.6,
        "what the data says": 0.7,
        "next problems to solve": 0.8,
        "ai tools that augment this role today": 0.5,
    },
    "transition": {"path": 1.0, "why this move works": 0.9, "steps": 0.8, "summary": 0.6},
    "learning": {
        "skill": 0.8,
        "how to practise it over 30 days": 1.0,
        "what fluency includes": 0.9,
        "in practice": 0.8,
    },
    "team_pilot": {
        "principle": 0.8,
        "what to agree before it starts": 1.0,
        "what good employers contribute": 1.0,
        "what pro-worker ai looks like": 1.0,
        "in practice": 1.0,
    },
    "monitoring_worry": {"principle": 0.8, "what pro-worker ai looks like": 1.0},
}
STEP_SECTIONS = (
    "where to start",
    "steps",
    "how to practise it over 30 days",
    "in practice",
    "next problems to solve",
)

_MARKER = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"\s*\(`[^`]*`\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
# Full stops that do not end a sentence ("et al.", "e.g."): the split is undone after them.
_ABBREVIATION = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\betc|\bvs|\bDr|\bMr|\bMrs|\bMs|\bNo|\bSt)\.$")
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Passage:
    """A retrieved passage as the composer reads it; ``n`` is its citation number."""

    n: int
    text: str
    heading: str
    kind: str
    title: str = ""


@dataclass(frozen=True)
class Candidate:
    text: str
    n: int
    heading: str
    kind: str
    rank: int  # of its passage in the retrieval order, from 0
    position: int  # within its passage, from 0
    is_item: bool
    words: frozenset[str]
    heading_words: frozenset[str]  # a section's title says what its sentences are about


@dataclass(frozen=True)
class Step:
    """A first step from the plan, with the citation number of the entry it came from."""

    text: str
    n: int


def _stem(word: str) -> str:
    # A crude stem is enough to let "automation" meet "automate" and "nurses" meet "nurse".
    return word[:6] if len(word) > 6 else word.rstrip("s")


def stems(text: str) -> frozenset[str]:
    """The crude stems of ``text``'s content words."""
    return frozenset(_stem(w) for w in content_words(text))


def _clean(unit: str) -> str:
    unit = _CODE.sub("", _BOLD.sub(r"\1", _MARKER.sub("", unit))).strip()
    return unit.replace(" —", ":", 1) if unit.count(" — ") == 1 and unit.index(" — ") < 60 else unit


def blocks(text: str) -> list[str]:
    """Paragraphs and list items, with hard-wrapped lines joined back together."""
    out: list[str] = []
    joinable = False  # the previous line may continue on this one
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "|", ">")):
            joinable = False
            continue
        if joinable and not _MARKER.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = True
    return out


def sentences(paragraph: str) -> list[str]:
    parts: list[str] = []
    for piece in _SENTENCE.split(_BOLD.sub(r"\1", paragraph)):
        if parts and _ABBREVIATION.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def candidates(passages: Sequence[Passage]) -> list[Candidate]:
    """Every sentence and list item of the passages that is long enough to say something."""
    out: list[Candidate] = []
    for rank, passage in enumerate(passages):
        position = 0
        for line in blocks(passage.text):
            is_item = bool(_MARKER.match(line))
            units = [line] if is_item else sentences(line)
            for unit in units:
                text = _clean(unit)
                n_words = len(text.split())
                if not MIN_WORDS <= n_words <= MAX_WORDS or text.endswith(":"):
                    continue
                if not text.endswith((".", "!", "?")):
                    text += "."
                out.append(
                    Candidate(
                        text,
                        passage.n,
                        passage.heading,
                        passage.kind,
                        rank,
                        position,
                        is_item,
                        stems(text),
                        stems(passage.heading),
                    )
                )
                position += 1
    return out


def _idf(pool: Sequence[Candidate]) -> dict[str, float]:
    df: dict[str, int] = {}
    for c in pool:
        for w in c.words:
            df[w] = df.get(w, 0) + 1
    return {w: math.log(1 + len(pool) / d) for w, d in df.items()}


def score(
    candidate: Candidate,
    question: frozenset[str],
    idf: dict[str, float],
    kind: str,
    similarity: float | None = None,
) -> float:
    """How well ``candidate`` answers: question words it covers (by rarity), the rank of its
    passage, the sections the question kind reads first, and being a passage's topic sentence;
    with ``similarity`` (the sentence's cosine to the question), meaning as well as words, so a
    sentence on the question's topic in other words can win over one that repeats a word."""
    total = sum(idf.get(w, 1.0) for w in question) or 1.0
    covered = question & (candidate.words | candidate.heading_words)
    coverage = sum(idf.get(w, 1.0) for w in covered) / total
    boosts = SECTIONS.get(kind, {})
    section = max(boosts.get(candidate.heading.lower(), 0.0), boosts.get(candidate.kind, 0.0))
    first = 0.05 if candidate.position == 0 else 0.0
    if similarity is None:
        return 0.55 * coverage + 0.25 / (1 + candidate.rank) + 0.2 * section + first
    return 0.35 * coverage + 0.4 * max(similarity, 0.0) + 0.15 / (1 + candidate.rank) + 0.15 * section + first


# The cosine of each sentence to the question (same order), from the sentence encoder.
Relevance = Callable[[str, list[str]], list[float]]


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) > SIMILAR


def _pick(
    ranked: list[Candidate], chosen: list[Candidate], *, other_passage: bool = False
) -> Candidate | None:
    for c in ranked:
        if any(c.text == o.text or _similar(c.words, o.words) for o in chosen):
            continue
        if other_passage and any(c.n == o.n for o in chosen):
            continue
        return c
    return None


def compose(
    question: str,
    passages: Sequence[Passage],
    kind: str = "",
    step: Step | None = None,
    step_label: str = "A first step",
    focus: str = "",
    relevance: Relevance | None = None,
) -> str:
    """The answer's prose: a direct answer, a reason and a first step, each ending in its ``[n]``.
    ``focus`` is the title of the person's role: other roles' cards are then left out when its own
    card was retrieved. Empty when the passages hold nothing to say (the caller then shows the
    guidance as found)."""
    if focus and any(p.kind == "role" and p.title == focus for p in passages):
        passages = [p for p in passages if p.kind != "role" or p.title == focus]
    pool = candidates(passages)
    if not pool:
        return ""
    asked = stems(question)
    idf = _idf(pool)
    similar: dict[str, float] = {}
    if relevance is not None:
        texts = list(dict.fromkeys(c.text for c in pool))
        similar = dict(zip(texts, relevance(question, texts)))
    ranked = sorted(pool, key=lambda c: -score(c, asked, idf, kind, similar.get(c.text)))
    prose = [c for c in ranked if not c.is_item] or ranked
    lines: list[str] = []
    chosen: list[Candidate] = []
    best = next((c for c in ranked if c.is_item and c.n == ranked[0].n), None)
    if best is not None and best.heading.lower() in LIST_SECTIONS:
        # The answer lies in a list ("roles growing"): show the head of that list.
        items = [c for c in pool if c.n == best.n and c.is_item][:LIST_ITEMS]
        lines.append("\n".join(f"- {cite_sentences(c.text, c.n)}" for c in items))
        chosen += items
    direct = _pick(prose, chosen)
    if direct is not None:
        chosen.append(direct)
        reason = _pick(prose, chosen, other_passage=True) or _pick(prose, chosen)
        said = [direct] + ([reason] if reason is not None and not lines else [])
        lines.insert(0, " ".join(cite_sentences(c.text, c.n) for c in said))
        chosen += said[1:]
    if step is not None and step.text:
        lines.append(f"**{step_label}:** {cite_sentences(step.text, step.n)}")
    else:
        steps = [c for c in ranked if c.heading.lower() in STEP_SECTIONS]
        found = _pick(steps, chosen)
        if found is not None:
            lines.append(f"**{step_label}:** {cite_sentences(found.text, found.n)}")
    return "\n\n".join(lines)


def cite_sentences(text: str, n: int) -> str:
    """``text`` with ``[n]`` before the end of each of its sentences: a quoted list item or plan
    step can hold several, and each is a claim the reader should be able to trace."""
    parts = []
    for sentence in sentences(text.strip()):
        sentence = sentence.strip()
        if sentence and sentence[-1] in ".!?":
            parts.append(f"{sentence[:-1]} [{n}]{sentence[-1]}")
        elif sentence:
            parts.append(f"{sentence} [{n}].")
    return " ".join(parts)


_KIND_OF_ENTRY = {
    "sector": "sector",
    "principle": "concept",
    "path": "transition",
    "skill": "learning",
    "role": "role_question",
}


def question_kind(top_kinds: Sequence[str], personal: bool, watched: bool) -> str:
    """The kind of question, for choosing sections, when no intent classifier has said: a worker
    asking about being watched, a personal coaching request, else what the best passage is."""
    if watched:
        return "monitoring_worry"
    if personal:
        return "coaching"
    return _KIND_OF_ENTRY.get(top_kinds[0], "") if top_kinds else ""
