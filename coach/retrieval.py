"""Hybrid retrieval: BM25 (bm25s) over the indexed chunks plus dense search in Chroma, fused
with reciprocal-rank fusion, optionally filtered by kind."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import bm25s
import numpy as np
from langchain_core.embeddings import Embeddings

from coach.index import open_collection
from coach.knowledge import KINDS
from coach.settings import Settings

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


class HybridRetriever:
    """Loads the chunk texts once (for BM25) and queries Chroma for the dense half."""

    def __init__(self, settings: Settings, embedder: Embeddings):
        self.settings = settings
        self.embedder = embedder
        self.collection = open_collection(settings)
        data = self.collection.get(include=["documents", "metadatas"])
        self.ids: list[str] = data["ids"]
        self.texts: list[str] = data["documents"] or []
        self.metas: list[dict] = data["metadatas"] or []
        self.kinds = np.array([m.get("kind", "") for m in self.metas])
        corpus = [f"{m.get('title', '')} {m.get('heading', '')} {t}" for m, t in zip(self.metas, self.texts)]
        self.bm25 = bm25s.BM25()
        if corpus:
            self.bm25.index(bm25s.tokenize(corpus, show_progress=False), show_progress=False)

    def __len__(self) -> int:
        return len(self.ids)

    def _hit(self, i: int, score: float) -> Hit:
        m = self.metas[i]
        return Hit(
            chunk_id=self.ids[i],
            doc_id=m.get("doc_id", ""),
            kind=m.get("kind", ""),
            title=m.get("title", ""),
            heading=m.get("heading", ""),
            path=m.get("path", ""),
            text=self.texts[i],
            score=score,
        )

    def _lexical(self, query: str, n: int, kinds: set[str] | None) -> list[int]:
        tokens = bm25s.tokenize([query], show_progress=False)
        if not self.ids or not tokens.vocab:
            return []
        mask = None
        if kinds:
            mask = np.isin(self.kinds, list(kinds)).astype(np.float32)
        results, scores = self.bm25.retrieve(
            tokens, k=min(n, len(self.ids)), show_progress=False, weight_mask=mask
        )
        return [int(i) for i, s in zip(results[0], scores[0], strict=True) if s > 0]

    def _dense(self, query: str, n: int, kinds: set[str] | None) -> list[int]:
        where = {"kind": {"$in": sorted(kinds)}} if kinds else None
        found = self.collection.query(
            query_embeddings=[self.embedder.embed_query(query)],
            n_results=min(n, len(self.ids)),
            where=where,
            include=[],
        )
        position = {cid: i for i, cid in enumerate(self.ids)}
        return [position[cid] for cid in found["ids"][0] if cid in position]

    def search(self, query: str, k: int | None = None, kinds: Iterable[str] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, at most two per document."""
        k = k or self.settings.retrieval_k
        wanted = set(kinds or ()) or None
        if wanted and not wanted <= set(KINDS):
            raise ValueError(f"unknown kind(s) {sorted(wanted - set(KINDS))}; use {', '.join(KINDS)}")
        if not query.strip() or not self.ids:
            return []
        pool = max(k * 4, 20)
        fused: dict[int, float] = {}
        for ranking in (self._lexical(query, pool, wanted), self._dense(query, pool, wanted)):
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        hits, per_doc = [], {}
        for i, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            doc = self.metas[i].get("doc_id", "")
            if per_doc.get(doc, 0) >= MAX_CHUNKS_PER_DOC:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            hits.append(self._hit(i, score))
            if len(hits) == k:
                break
        return hits
