"""Hybrid retrieval: BM25 (bm25s) and dense search through the ``VectorIndex`` seam, fused with
reciprocal-rank fusion, restricted to the scopes the caller may read and optionally to kinds.

BM25 is kept per scope (``coach.retrieval.lexical``): loaded from its saved copy under the data
dir, or built from the scope's chunks, the first time a search reads the scope, then held in
memory. ``refresh(scope)`` replaces it after that scope's chunks change. Changes made elsewhere
are noticed too: a copy saved by another process on this data dir at once (a stat per search),
and any change to the scope's chunks (another machine sharing a Chroma server, say) within
``RECHECK_S`` (one ids-only read of the index per scope and interval). Each scope's lexical
ranking is its own list in the fusion.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from coach.config import Settings
from coach.corpus.documents import KINDS
from coach.domain.principal import CORPUS, Scope
from coach.retrieval.lexical import Lexical, LexicalStore, lexical_root
from coach.retrieval.vector_index import Record, VectorIndex, open_index

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant: damps the head of each ranking so neither list dominates
MAX_CHUNKS_PER_DOC = 2
RECHECK_S = 60.0  # how stale a scope's BM25 may get when its chunks change with no refresh here


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


@dataclass
class _Held:
    lexical: Lexical
    generation: tuple[int, int] | None  # the store's, when this was loaded
    checked: float  # when its chunk ids were last compared with the index's


class HybridRetriever:
    """Searches the scopes a caller names. Build with the index and the embedder it was built with."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embeddings,
        index: VectorIndex | None = None,
        store: LexicalStore | None = None,
    ):
        self.settings = settings
        self.embedder = embedder
        self.index = index if index is not None else open_index(settings)
        self.store = store if store is not None else LexicalStore(lexical_root(settings))
        self._lexical: dict[str, _Held] = {}  # by scope key
        self._lock = threading.Lock()
        self._for(CORPUS)  # the corpus is read by every question: load it now, not on the first

    def __len__(self) -> int:
        """Chunks in the shared corpus."""
        return len(self._for(CORPUS))

    def _for(self, scope: Scope) -> Lexical:
        with self._lock:
            generation = self.store.generation(scope)
            held = self._lexical.get(scope.key)
            now = time.monotonic()
            if held is not None and held.generation == generation:
                if now - held.checked < RECHECK_S:
                    return held.lexical
                if self.store.key_of(self.index, scope) == held.lexical.key:
                    held.checked = now
                    return held.lexical
            lexical = self.store.get(self.index, scope)
            after = self.store.generation(scope)
            if after != generation and lexical.key and self.store.current(scope) == lexical.key:
                generation = after  # our own save (or an identical one): nothing new to look at
            self._lexical[scope.key] = _Held(lexical, generation, now)
            return lexical

    def refresh(self, scope: Scope) -> None:
        """Replace the lexical index of ``scope`` (its chunks changed) and save it, so the next
        search here is fast and other processes see the change."""
        with self._lock:
            self._lexical.pop(scope.key, None)
        try:
            self._for(scope)
        except Exception:  # the change is already stored: the next search tries again
            log.warning("could not rebuild the lexical index of %s", scope.key, exc_info=True)

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
