"""The role cards' own task tags, as a third source beside the model and the labelled data.

Each card's "Typical tasks" lists items such as ``- **Running payroll** — `automate`: why``
(knowledge/roles/*.md; coach/corpus/checks.py makes every card use all three tags). A task the
person gives is matched to the card's wording by normalised text, else by embedding similarity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import numpy as np
from langchain_core.embeddings import Embeddings

from coach.corpus.catalog import Catalog, normalise
from coach.domain.taskmap import Category

_TAG = re.compile(r"^\s*`(automate|augment|human-core)`")
# Cosine at or above which a task counts as the card's task. Measured (MiniLM, payroll card):
# paraphrases 0.66-0.85 ("reconcile payroll totals before it goes out" 0.66, "keep salary data
# confidential" 0.80); "run the payroll calculations" is nearest to the wrong item at 0.59;
# tasks the card does not list 0.2-0.3.
CARD_TASK_MIN_SIMILARITY = 0.65

CardTags = list[tuple[str, Category]]


def card_tags(catalog: Catalog, role_id: str) -> CardTags:
    """(task title, tag) for each tagged item of the card's "Typical tasks"; [] if none."""
    entry = catalog.get(role_id)
    if entry is None:
        return []
    out: CardTags = []
    for item in entry.items("Typical tasks"):
        match = _TAG.match(item.text)
        if match:
            out.append((item.title, cast(Category, match.group(1))))
    return out


def role_tags(catalog: Catalog) -> Callable[[str], CardTags]:
    """For a role text: the tags of the card :meth:`Catalog.match_role` finds, or []."""

    def tags(role: str) -> CardTags:
        match = catalog.match_role(role)
        return card_tags(catalog, match[0]) if match else []

    return tags


def match_card_tasks(tasks: list[str], tags: CardTags, embedder: Embeddings | None) -> list[int | None]:
    """For each task, the index in ``tags`` of the card task it is, or None."""
    if not tags:
        return [None] * len(tasks)
    names = [normalise(title) for title, _ in tags]
    out: list[int | None] = [names.index(n) if (n := normalise(t)) in names else None for t in tasks]
    rest = [i for i, found in enumerate(out) if found is None]
    if rest and embedder is not None:
        vectors = np.asarray(embedder.embed_documents([tasks[i] for i in rest] + [t for t, _ in tags]))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        sims = vectors[: len(rest)] @ vectors[len(rest) :].T
        for row, i in enumerate(rest):
            best = int(sims[row].argmax())
            if sims[row, best] >= CARD_TASK_MIN_SIMILARITY:
                out[i] = best
    return out
