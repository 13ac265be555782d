"""Hybrid retrieval: BM25 (bm25s) and dense search through the ``VectorIndex`` seam, fused with
reciprocal-rank fusion, restricted to the scopes the caller may read and optionally to kinds.

BM25 is built per scope, from that scope's chunks, the first time a search reads the scope;
``refresh(scope)`` drops it after that scope's chunks change. Lexical rankings of several scopes
are merged by score before fusion.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
from langchain_core.embeddings import Embeddings

from coach.config import Settings
from coach.corpus.documents import KINDS
from coach.domain.principal import CORPUS, Scope
from coach.retrieval.vector_index import Record, VectorIndex, open_index

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import

RRF_K = 60  # the usual constant: damps the head of each ranking so neither list dominates
MAX_CHUNKS_PER_DOC = 2


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    doc_id: str
    kind: str
    title: str
    heading: str
    path: str
    text: str
    score: float
    scope: str = "corpus"  # the scope's key: corpus, team:<id> or user:<id>


def _hit(record: Record, score: float) -> Hit:
    m = record.metadata
    scope = Scope(kind=m.get("scope", "corpus"), owner=m.get("owner") or None)
    return Hit(
        chunk_id=record.id,
        doc_id=m.get("doc_id", ""),
        kind=m.get("kind", ""),
        title=m.get("title", ""),
        heading=m.get("heading", ""),
        path=m.get("path", ""),
        text=record.text,
        score=score,
        scope=scope.key,
    )


class _Lexical:
    """BM25 over one scope's chunks."""

    def __init__(self, records: list[Record]):
        self.records = records
        self.kinds = np.array([r.metadata.get("kind", "") for r in records])
        self.bm25 = bm25s.BM25()
        corpus = [f"{r.metadata.get('title', '')} {r.metadata.get('heading', '')} {r.text}" for r in records]
        if corpus:
            self.bm25.index(bm25s.tokenize(corpus, show_progress=False), show_progress=False)

    def search(self, query: str, n: int, kinds: set[str] | None) -> list[tuple[Record, float]]:
        tokens = bm25s.tokenize([query], show_progress=False)
        if not self.records or not tokens.vocab:
            return []
        mask = np.isin(self.kinds, list(kinds)).astype(np.float32) if kinds else None
        results, scores = self.bm25.retrieve(
            tokens, k=min(n, len(self.records)), show_progress=False, weight_mask=mask
        )
        return [(self.records[int(i)], float(s)) for i, s in zip(results[0], scores[0], strict=True) if s > 0]


class HybridRetriever:
    """Searches the scopes a caller names. Build with the index and the embedder it was built with."""

    def __init__(self, settings: Settings, embedder: Embeddings, index: VectorIndex | None = None):
        self.settings = settings
        self.embedder = embedder
        self.index = index if index is not None else open_index(settings)
        self._lexical: dict[str, _Lexical] = {}
        self._lock = threading.Lock()
        self._for(CORPUS)  # the corpus is read by every question: load it now, not on the first

    def __len__(self) -> int:
        """Chunks in the shared corpus."""
        return len(self._for(CORPUS).records)

    def _for(self, scope: Scope) -> _Lexical:
        with self._lock:
            if scope.key not in self._lexical:
                self._lexical[scope.key] = _Lexical(self.index.records(scope))
            return self._lexical[scope.key]

    def refresh(self, scope: Scope) -> None:
        """Forget the lexical index of ``scope`` (its chunks changed); rebuilt on the next search."""
        with self._lock:
            self._lexical.pop(scope.key, None)

    def search(
        self,
        query: str,
        scopes: Sequence[Scope],
        k: int | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query`` within ``scopes`` (required), at most two per document."""
        if not scopes:
            raise ValueError("a search must name the scopes it may read")
        k = k or self.settings.retrieval_k
        wanted = set(kinds or ()) or None
        if wanted and not wanted <= set(KINDS):
            raise ValueError(f"unknown kind(s) {sorted(wanted - set(KINDS))}; use {', '.join(KINDS)}")
        if not query.strip():
            return []
        pool = max(k * 4, 20)
        # BM25 scores from different scopes are not comparable (each scope has its own term
        # statistics: a team's name is in all of its three documents, so it weighs nothing
        # there), so each scope's lexical ranking is its own list in the fusion, as in federated
        # search. Dense similarities share one scale, so the dense side is one list.
        lexical = [
            [record for record, _ in self._for(scope).search(query, pool, wanted)]
            for scope in dict.fromkeys(scopes)
        ]
        dense = self.index.query(self.embedder.embed_query(query), pool, scopes, wanted)
        fused: dict[str, float] = {}
        records: dict[str, Record] = {}
        for ranking in [*lexical, dense]:
            for rank, record in enumerate(ranking):
                fused[record.id] = fused.get(record.id, 0.0) + 1.0 / (RRF_K + rank + 1)
                records[record.id] = record
        hits: list[Hit] = []
        per_doc: dict[str, int] = {}
        for chunk_id, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            record = records[chunk_id]
            doc = record.metadata.get("doc_id", "")
            if per_doc.get(doc, 0) >= MAX_CHUNKS_PER_DOC:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            hits.append(_hit(record, score))
            if len(hits) == k:
                break
        return hits
