"""The vector index: a persistent Chroma collection under the data dir, built incrementally
from the corpus. Storage sits behind this module so a Chroma server is a settings change."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from coach.knowledge import Chunk, corpus_chunks, load_corpus
from coach.settings import Settings

log = logging.getLogger(__name__)

COLLECTION = "knowledge"
SCHEMA_VERSION = "1"
EMBED_BATCH = 64

_BUILD_LOCK = threading.Lock()  # one build at a time per process (e.g. two browser tabs on start)

Progress = Callable[[int, int, str], None]  # (done, total, message)


class IndexError_(RuntimeError):
    """The index is missing or unreadable; the message says what to do."""


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


def _client(settings: Settings):
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(
        path=str(settings.index_dir),
        settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True),
    )


def open_collection(settings: Settings, create_for: str | None = None):
    """The knowledge collection, or ``IndexError_`` when it is missing or unreadable.
    ``create_for`` (an embedder name) creates it if needed, recording that embedder."""
    create = create_for is not None
    if not create and not (settings.index_dir / "chroma.sqlite3").exists():
        raise IndexError_("The knowledge index does not exist yet: run `coach index`.")
    try:
        client = _client(settings)
        if create:
            return client.get_or_create_collection(
                COLLECTION,
                embedding_function=None,  # we always pass vectors: no hub download, ever
                metadata={"hnsw:space": "cosine", "embedder": create_for, "schema": SCHEMA_VERSION},
            )
        collection = client.get_collection(COLLECTION, embedding_function=None)
        collection.count()  # touches storage, so corruption shows here rather than later
        return collection
    except IndexError_:
        raise
    except Exception as exc:  # chromadb raises many types for a damaged store
        raise IndexError_(f"The knowledge index at {settings.index_dir} is unreadable ({exc}).") from exc


def index_status(settings: Settings, embedder: Embeddings) -> tuple[str, str]:
    """('ok'|'missing'|'broken'|'stale', message) without changing anything."""
    try:
        collection = open_collection(settings)
    except IndexError_ as exc:
        missing = not (settings.index_dir / "chroma.sqlite3").exists()
        return ("missing" if missing else "broken"), str(exc)
    meta = collection.metadata or {}
    if meta.get("embedder") != embedder_name(embedder) or meta.get("schema") != SCHEMA_VERSION:
        return "stale", (
            f"The index was built with embedder '{meta.get('embedder')}', "
            f"not '{embedder_name(embedder)}': it will be rebuilt."
        )
    count = collection.count()
    if count == 0:
        return "missing", "The knowledge index is empty: run `coach index`."
    return "ok", f"{count} chunks indexed with {embedder_name(embedder)}."


def wipe_index(settings: Settings) -> None:
    """Delete the index folder (and Chroma's in-process cache of it)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(settings.index_dir, ignore_errors=True)


def build_index(
    settings: Settings,
    embedder: Embeddings,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> IndexReport:
    """Bring the index in line with the corpus: embed new chunks, drop vanished ones."""
    with _BUILD_LOCK:
        return _build(settings, embedder, progress, rebuild)


def _build(settings: Settings, embedder: Embeddings, progress: Progress | None, rebuild: bool) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    status, message = index_status(settings, embedder)
    if rebuild or status in ("broken", "stale"):
        report.rebuilt = True
        report.message = message if status in ("broken", "stale") else "Rebuilding the index."
        if status == "broken":
            report.message += " Rebuilding it."
        wipe_index(settings)

    docs, errors = load_corpus(settings.knowledge_dir)
    report.errors = tuple(errors)
    report.documents = len(docs)
    chunks = corpus_chunks(docs)
    collection = open_collection(settings, create_for=embedder_name(embedder))
    existing = set(collection.get(include=[])["ids"])
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
        collection.upsert(
            ids=[c.id for c in batch],
            embeddings=vectors,
            documents=[c.text for c in batch],
            metadatas=[c.metadata() for c in batch],
        )
        if progress:
            progress(min(start + EMBED_BATCH, total), total, "Embedding chunks")
    if to_remove:
        collection.delete(ids=to_remove)
    report.added, report.removed = total, len(to_remove)
    report.seconds = time.perf_counter() - started
    log.info("index: %s", report.summary())
    return report


def ensure_index(
    settings: Settings, embedder: Embeddings, progress: Progress | None = None
) -> IndexReport | None:
    """Build the index when it is missing, stale or broken; otherwise do nothing (fast path)."""
    status, _ = index_status(settings, embedder)
    if status == "ok":
        return None
    return build_index(settings, embedder, progress=progress)
