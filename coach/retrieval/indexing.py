"""Building the corpus index: embed new chunks, drop vanished ones, rebuild a broken or stale
index. Storage goes through the ``VectorIndex`` seam (``coach.retrieval.vector_index``); this
module never touches an engine or its files directly."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from coach.config import Settings
from coach.corpus.documents import Chunk, corpus_chunks, load_corpus
from coach.domain.principal import CORPUS
from coach.retrieval.vector_index import IndexUnavailable, Record, VectorIndex, open_index, scope_metadata

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"  # 2: chunks carry their scope and owner
EMBED_BATCH = 64

_BUILD_LOCK = threading.Lock()  # one build at a time per process (e.g. two browser tabs on start)

Progress = Callable[[int, int, str], None]  # (done, total, message)


@dataclass
class IndexReport:
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    documents: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    errors: tuple[str, ...] = ()
    message: str = ""

    def summary(self) -> str:
        text = (
            f"{self.documents} documents: {self.added} chunks embedded, {self.removed} removed, "
            f"{self.unchanged} unchanged in {self.seconds:.1f}s"
        )
        return f"{self.message} {text}".strip()


def embedder_name(embedder: Embeddings) -> str:
    return getattr(embedder, "name", type(embedder).__name__)


def index_status(index: VectorIndex, embedder: Embeddings) -> tuple[str, str]:
    """('ok'|'missing'|'broken'|'stale', message) without changing anything."""
    health, message = index.health()
    if health != "ok":
        return health, message
    info = index.info()
    if info.get("embedder") != embedder_name(embedder) or info.get("schema") != SCHEMA_VERSION:
        return "stale", (
            f"The index was built with embedder '{info.get('embedder')}' (schema {info.get('schema')}), "
            f"not '{embedder_name(embedder)}' (schema {SCHEMA_VERSION}): it will be rebuilt."
        )
    return "ok", f"{index.count()} chunks indexed with {embedder_name(embedder)}."


def _record(chunk: Chunk, vector: list[float]) -> Record:
    return Record(
        id=chunk.id, text=chunk.text, metadata={**chunk.metadata(), **scope_metadata(CORPUS)}, vector=vector
    )


def build_index(
    settings: Settings,
    embedder: Embeddings,
    progress: Progress | None = None,
    rebuild: bool = False,
    index: VectorIndex | None = None,
) -> IndexReport:
    """Bring the corpus scope of the index in line with the knowledge folder."""
    with _BUILD_LOCK:
        return _build(settings, index or open_index(settings), embedder, progress, rebuild)


def _build(
    settings: Settings, index: VectorIndex, embedder: Embeddings, progress: Progress | None, rebuild: bool
) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    status, message = index_status(index, embedder)
    if rebuild or status in ("broken", "stale"):
        report.rebuilt = True
        report.message = message if status in ("broken", "stale") else "Rebuilding the index."
        if status == "broken":
            report.message += " Rebuilding it."
        index.reset()

    docs, errors = load_corpus(settings.knowledge_dir)
    report.errors = tuple(errors)
    report.documents = len(docs)
    chunks = corpus_chunks(docs)
    index.create({"embedder": embedder_name(embedder), "schema": SCHEMA_VERSION})
    existing = index.ids(CORPUS)
    wanted = {c.id: c for c in chunks}
    to_add = [c for cid, c in wanted.items() if cid not in existing]
    to_remove = sorted(existing - wanted.keys())
    report.unchanged = len(wanted) - len(to_add)

    total = len(to_add)
    if progress:
        progress(0, total, f"Embedding {total} new chunks")
    for start in range(0, total, EMBED_BATCH):
        batch: list[Chunk] = to_add[start : start + EMBED_BATCH]
        vectors = embedder.embed_documents([c.embed_text for c in batch])
        index.add([_record(c, v) for c, v in zip(batch, vectors, strict=True)])
        if progress:
            progress(min(start + EMBED_BATCH, total), total, "Embedding chunks")
    index.delete(to_remove)
    report.added, report.removed = total, len(to_remove)
    report.seconds = time.perf_counter() - started
    log.info("index: %s", report.summary())
    return report


def ensure_index(
    settings: Settings,
    embedder: Embeddings,
    progress: Progress | None = None,
    index: VectorIndex | None = None,
) -> IndexReport | None:
    """Build the index when it is missing, stale or broken; otherwise do nothing (fast path)."""
    index = index or open_index(settings)
    status, _ = index_status(index, embedder)
    if status == "ok":
        return None
    return build_index(settings, embedder, progress=progress, index=index)


__all__ = ["IndexReport", "IndexUnavailable", "Progress", "build_index", "ensure_index", "index_status"]
