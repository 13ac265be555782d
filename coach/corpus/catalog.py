"""The corpus as structured lookups: role matching from free text and the parsed parts of each
entry (next problems, adjacent roles, skills, practice weeks, path steps) that plans are built
from. Everything here is read from ``knowledge/``; nothing is invented."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from coach.corpus.documents import Document, load_corpus, sections

_BOLD_ITEM = re.compile(
    r"^\s*(?:\d+\.|[-*])\s+\*\*(?P<title>.+?)\*\*\s*(?:\(`(?P<id>[a-z]+/[a-z0-9-]+)`\))?\s*[—:-]*\s*(?P<rest>.*)$"
)
_FIRST_STEP = re.compile(r"\s*First step:\s*", re.IGNORECASE)
_WORDS = re.compile(r"[a-z0-9]+")
# Phrases in which people describe their own job; only then do we guess a role semantically.
_SELF_DESCRIPTION = re.compile(
    r"\b(i am an?|i'm an?|im an?|i work|my job|my role|working as|as an?|job title|"
    # "what I do for work" is a reference to the job, not a description of it
    r"(?<!what )i (?:do|teach|fix|drive|answer|write|handle|manage|run|build|design|sell|clean|cook|care|"
    r"code|program|install|repair|support|help|process|prepare|schedule|lead|coordinate|analy[sz]e))\b",
    re.IGNORECASE,
)
ROLE_MATCH_MIN_SIMILARITY = 0.38  # cosine, MiniLM: below this the nearest role is usually wrong
# A card "fits" a role with no exact title/alias match only at this cosine or above. Measured
# (MiniLM, role text vs card): pharmacist 0.54 -> pharmacy technician, bus driver 0.43 -> truck
# driver, dental hygienist 0.37, airline pilot 0.30, chef 0.28 (no card fits); software engineer
# 0.59 -> software developer, data scientist 0.70 (fits); nurse and payroll clerk match exactly.
CARD_MIN_SIMILARITY = 0.56
# A card is guessed from a task list alone (no job named) only at this mean cosine, each listed
# task against its nearest typical task on the card (MiniLM). Measured on blind dev task lists:
# the right cards scored 0.37-0.57 (medical secretary, bookkeeper); lists in other languages,
# which MiniLM reads poorly, 0.15-0.24 and go without a guess.
TASKS_ROLE_MIN_SIMILARITY = 0.35


@dataclass(frozen=True)
class Item:
    """One bold-titled list item of a section: ``- **Title** (`id`) — text``."""

    title: str
    text: str
    ref: str | None = None


def _items(text: str) -> list[Item]:
    items = []
    for line in text.splitlines():
        match = _BOLD_ITEM.match(line)
        if match:
            title = match.group("title").strip().rstrip(".")
            items.append(Item(title=title, text=match.group("rest").strip(), ref=match.group("id")))
        elif items and line.strip() and not line.lstrip().startswith(("-", "*", "#")):
            last = items[-1]  # a wrapped continuation line
            items[-1] = Item(last.title, f"{last.text} {line.strip()}".strip(), last.ref)
    return items


def normalise(text: str) -> str:
    """Lowercase words joined by single spaces, accents folded ("técnico" and "tecnico" are the
    same word, as people type both), for whole-word matching."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return " ".join(_WORDS.findall("".join(c for c in folded if not unicodedata.combining(c))))


class Entry:
    """A corpus document with its sections parsed on demand."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.id, self.kind, self.title, self.meta = doc.id, doc.kind, doc.title, doc.meta

    @cached_property
    def sections(self) -> dict[str, str]:
        return dict(sections(self.doc.body))

    def section(self, name: str) -> str:
        return self.sections.get(name, "")

    def items(self, name: str) -> list[Item]:
        return _items(self.section(name))

    def refs(self, key: str) -> list[str]:
        return [str(r) for r in self.meta.get(key) or []]

    @property
    def names(self) -> list[str]:
        """Title, aliases and other names (the titles people use in the other supported
        languages, informal forms), the ways people refer to this entry."""
        others = self.meta.get("other_names") or []
        return [*self.core_names, *[str(a) for a in others]]

    @property
    def core_names(self) -> list[str]:
        """Title and aliases: what the entry's meaning vector is built from (the many other
        names would blur it)."""
        return [self.title, *[str(a) for a in self.meta.get("aliases") or []]]


@dataclass(frozen=True)
class RoleFit:
    """How well a role card fits the role a person named: an exact title or alias match, or
    the cosine similarity of the text to the card, with the words (or word stems) they share."""

    role_id: str
    title: str
    similarity: float
    exact: bool
    words: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return self.exact or self.similarity >= CARD_MIN_SIMILARITY


def shared_words(text: str, names: list[str]) -> tuple[str, ...]:
    """Words of ``text`` found in ``names``, whole or by a common stem of five letters or more
    ("pharmacist" and "pharmacy" share "pharmac")."""
    theirs = set(_WORDS.findall(" ".join(names).lower()))
    out = []
    for word in dict.fromkeys(_WORDS.findall(text.lower())):
        if word in theirs and len(word) > 2:
            out.append(word)
            continue
        stems = [_stem(word, other) for other in theirs]
        stem = max(stems, key=len, default="")
        if len(stem) >= 5:
            out.append(stem + "…")
    return tuple(out)


def _stem(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def split_first_step(text: str) -> tuple[str, str]:
    """('why it matters', 'first step') from a next-problem item's text."""
    parts = _FIRST_STEP.split(text, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


class Catalog:
    """All corpus entries by id, with role matching."""

    def __init__(self, knowledge_dir: Path, embedder: Embeddings | None = None):
        self.embedder = embedder
        docs, self.errors = load_corpus(knowledge_dir)
        self.entries = {d.id: Entry(d) for d in docs}
        # Longest names first, so "customer success manager" wins over "manager".
        self._role_names = sorted(
            ((normalise(name), entry.id) for entry in self.of_kind("role") for name in entry.names),
            key=lambda pair: -len(pair[0]),
        )

    def get(self, entry_id: str | None) -> Entry | None:
        return self.entries.get(entry_id or "")

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def _with_sector(self, role_id: str) -> tuple[str, str | None]:
        sectors = self.entries[role_id].refs("sectors")
        return role_id, (sectors[0] if sectors else None)

    def _named_roles(self, text: str) -> Iterator[str]:
        """The ids of the role cards whose title, alias or other name ``text`` contains as whole
        words (a plural "s" allowed), longest name first."""
        padded = f" {normalise(text)} "
        for name, role_id in self._role_names:
            if name and (f" {name} " in padded or f" {name}s " in padded):
                yield role_id

    def _role_scores(self, text: str) -> tuple[list[str], np.ndarray]:
        """Every role card's id and its cosine to ``text`` (needs the embedder)."""
        assert self.embedder is not None, "role scores need an embedder"
        ids, matrix = self._role_vectors
        query = np.asarray(self.embedder.embed_query(text[:500]), dtype=np.float32)
        return ids, matrix @ query / (np.linalg.norm(query) or 1.0)

    def match_role(self, text: str) -> tuple[str, str | None] | None:
        """(role id, its first sector id) for the role named in ``text``, or None. Exact
        titles and aliases first; then, if the text describes someone's job, the nearest role
        card by embedding when it is close enough."""
        named = next(self._named_roles(text), None)
        if named is not None:
            return self._with_sector(named)
        if not _SELF_DESCRIPTION.search(text):
            return None
        nearest = self.nearest_role(text)
        if nearest is None or nearest[1] < ROLE_MATCH_MIN_SIMILARITY:
            return None
        return self._with_sector(nearest[0])

    def nearest_role(self, text: str) -> tuple[str, float] | None:
        """(role id, cosine) of the role card nearest to ``text`` by meaning; None without an
        embedder or text."""
        if self.embedder is None or not text.strip():
            return None
        ids, scores = self._role_scores(text)
        best = int(np.argmax(scores))
        return ids[best], float(scores[best])

    def role_for_tasks(self, tasks: list[str]) -> tuple[str, float] | None:
        """(role id, score) of the card whose typical tasks the listed ``tasks`` are nearest to
        (the mean over the tasks of each one's best cosine on the card), when the score reaches
        :data:`TASKS_ROLE_MIN_SIMILARITY`; None without an embedder or two tasks."""
        tasks = [t.strip()[:200] for t in tasks if t.strip()][:20]
        if self.embedder is None or len(tasks) < 2:
            return None
        ids, matrix = self._task_vectors
        if not ids:
            return None
        sims = self._unit_rows(tasks) @ matrix.T  # (listed task, card task)
        owners = np.asarray(ids)
        best_id, best = "", -1.0
        for role_id in dict.fromkeys(ids):
            score = float(sims[:, owners == role_id].max(axis=1).mean())
            if score > best:
                best_id, best = role_id, score
        return (best_id, round(best, 4)) if best >= TASKS_ROLE_MIN_SIMILARITY else None

    def role_fit(self, text: str, role_id: str | None = None) -> RoleFit | None:
        """How well ``role_id``'s card (or, without one, the nearest card) fits the role named
        in ``text``; None when there is no such card or no way to measure it."""
        found = next((r for r in self._named_roles(text) if r == (role_id or r)), None)
        if found is not None:
            entry = self.entries[found]
            return RoleFit(found, entry.title, 1.0, True, shared_words(text, entry.names))
        if self.embedder is None or not text.strip():
            return None
        ids, scores = self._role_scores(text)
        best = ids.index(role_id) if role_id in ids else int(np.argmax(scores))
        entry = self.entries[ids[best]]
        words = shared_words(text, entry.names)
        return RoleFit(entry.id, entry.title, round(float(scores[best]), 4), False, words)

    def soc_for(self, text: str) -> str | None:
        """The O*NET-SOC code of the role card :meth:`match_role` finds in ``text``, if any."""
        match = self.match_role(text)
        if match is None:
            return None
        return str(self.entries[match[0]].meta.get("soc") or "") or None

    @cached_property
    def _role_vectors(self) -> tuple[list[str], np.ndarray]:
        assert self.embedder is not None, "role vectors need an embedder"
        roles = self.of_kind("role")
        texts = [f"{', '.join(e.core_names)}. {e.section('Summary').split('. ')[0]}" for e in roles]
        return [e.id for e in roles], self._unit_rows(texts)

    @cached_property
    def _task_vectors(self) -> tuple[list[str], np.ndarray]:
        """The owning role id and unit vector of every card's typical task."""
        assert self.embedder is not None, "task vectors need an embedder"
        pairs = [(e.id, item.title) for e in self.of_kind("role") for item in e.items("Typical tasks")]
        if not pairs:
            return [], np.zeros((0, 0), dtype=np.float32)
        return [i for i, _ in pairs], self._unit_rows([t for _, t in pairs])

    def _unit_rows(self, texts: list[str]) -> np.ndarray:
        """The embedder's vectors of ``texts``, one unit-length row each."""
        assert self.embedder is not None, "vectors need an embedder"
        matrix = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
        return matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9)

    @cached_property
    def mention_names(self) -> dict[str, list[str]]:
        """Normalised names of every role and skill, for spotting mentions in free text
        (computed once: the grounding check needs it for every answer)."""
        return {
            e.id: [normalise(n) for n in e.names if len(n) > 3]
            for e in self.entries.values()
            if e.kind in ("role", "skill")
        }
