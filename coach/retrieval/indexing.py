"""Building the corpus index: embed new chunks, drop vanished ones, rebuild a broken or stale
index. Storage goes through the ``VectorIndex`` seam (``coach.retrieval.vector_index``); this
module never touches an engine or its files directly.

A build can be killed at any moment, so it records its end: before it changes anything it removes
the build record from the index info, and only after the last add and delete it writes the record
back (a fingerprint of the corpus chunk ids, their count, and a signature of the knowledge files).
``index_status`` trusts an index only when that record is there and matches both the stored
chunks and the current corpus ("incomplete" otherwise, repaired by embedding only what is
missing), and when the dense side reaches every stored chunk ("damaged" otherwise, rebuilt).

Builds are serialised across processes by a file lock in the data dir (``index_lock``): when the
app and the CLI, or two app workers, start together, one builds; the others wait, look at the
index again, and find it built. A build ends by saving the corpus's BM25 (``lexical``), so the
next process to start loads it instead of building it."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from coach.config import Settings
from coach.corpus.documents import Chunk, corpus_chunks, load_corpus
from coach.domain.principal import CORPUS
from coach.retrieval.lexical import LexicalStore, lexical_root
from coach.retrieval.vector_index import IndexUnavailable, Record, VectorIndex, open_index, scope_metadata
from coach.storage.locks import LockTimeout, file_lock

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"  # 2: chunks carry their scope and owner
EMBED_BATCH = 64

# The build record, kept in the index info (see the module docstring).
BUILT_FINGERPRINT = "built_corpus"
BUILT_CHUNKS = "built_chunks"
BUILT_FILES = "built_files"
BUILD_RECORD = (BUILT_FINGERPRINT, BUILT_CHUNKS, BUILT_FILES)

LOCK_FILE = "index.lock"  # in the data dir, not the index folder: a rebuild deletes that
LOCK_WAIT_S = 1800.0  # a first build of a large corpus on a slow CPU takes minutes, not hours

Progress = Callable[[int, int, str], None]  # (done, total, message)


@dataclass
class IndexReport:
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    documents: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    repaired: bool = False  # an incomplete index was completed (only what was missing embedded)
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


def fingerprint(ids: Iterable[str]) -> str:
    """The corpus as a build saw it: a hash of its sorted chunk ids (ids hash their content)."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:32]


def files_signature(knowledge_dir: Path) -> str:
    """Names, sizes and modification times of the knowledge files. When they match the build
    record, the corpus is the one the last build indexed, so start-up need not read and split it
    (about half a second); when they do not, the corpus is read and compared chunk by chunk."""
    digest = hashlib.sha256()
    for path in sorted(knowledge_dir.rglob("*.md")):
        stat = path.stat()
        digest.update(f"{path.relative_to(knowledge_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _corpus_ids(knowledge_dir: Path) -> set[str]:
    docs, _ = load_corpus(knowledge_dir)
    return {c.id for c in corpus_chunks(docs)}


def _incompleteness(index: VectorIndex, info: dict[str, Any], knowledge_dir: Path | None) -> str | None:
    """What keeps the corpus scope from being the whole current corpus, or None."""
    stored = index.ids(CORPUS)
    recorded = info.get(BUILT_FINGERPRINT)
    wanted: set[str] | None = None
    if knowledge_dir is not None and (
        recorded is None or info.get(BUILT_FILES) != files_signature(knowledge_dir)
    ):
        # an empty or missing folder (a wrong setting) says nothing: never empty the index for it
        wanted = _corpus_ids(knowledge_dir) or None
    if wanted is None:  # the record stands for the current corpus: compare the stored ids with it
        if recorded is None:
            return f"The last index build did not finish: the index holds {len(stored)} chunks."
        if fingerprint(stored) != recorded:
            return (
                f"The index holds {len(stored)} corpus chunks, not the {info.get(BUILT_CHUNKS)} "
                "its last build recorded."
            )
        return None
    missing, extra = len(wanted - stored), len(stored - wanted)
    if recorded is None:
        if not missing and not extra:
            return f"The index holds all {len(wanted)} chunks but no record that its build finished."
        stale = f" and {extra} stale ones" if extra else ""
        return (
            f"The last index build did not finish: the index holds {len(wanted) - missing} "
            f"of the corpus's {len(wanted)} chunks{stale}."
        )
    if missing or extra:
        return (
            f"The knowledge folder differs from the index: {missing} of its {len(wanted)} chunks "
            f"are missing and {extra} stale ones are held."
        )
    return None  # the files were touched, the chunks are the same


def index_status(
    index: VectorIndex, embedder: Embeddings, knowledge_dir: Path | None = None
) -> tuple[str, str]:
    """('ok'|'missing'|'broken'|'stale'|'damaged'|'incomplete', message), changing nothing.

    'damaged': stored chunks the dense side cannot reach (rebuilt); 'incomplete': no record of a
    finished build, or chunks missing or stale against the record and, given ``knowledge_dir``,
    the current corpus (repaired by embedding only what is missing)."""
    health, message = index.health()
    if health != "ok":
        return health, message
    info = index.info()
    if info.get("embedder") != embedder_name(embedder) or info.get("schema") != SCHEMA_VERSION:
        return "stale", (
            f"The index was built with embedder '{info.get('embedder')}' (schema {info.get('schema')}), "
            f"not '{embedder_name(embedder)}' (schema {SCHEMA_VERSION}): it will be rebuilt."
        )
    try:
        problem = index.verify()
        incomplete = None if problem else _incompleteness(index, info, knowledge_dir)
    except IndexUnavailable as exc:  # "unavailable" (a server out of reach) is never rebuilt
        return exc.state, str(exc)
    except Exception as exc:  # a store half-written by a kill can fail any read: never trust it
        log.warning("index check failed", exc_info=True)
        return "broken", f"The knowledge index could not be checked ({exc!r})."
    if problem:
        return "damaged", f"The knowledge index is damaged: {problem}."
    if incomplete:
        return "incomplete", incomplete
    return "ok", f"{index.count()} chunks indexed with {embedder_name(embedder)}."


def _record(chunk: Chunk, vector: list[float]) -> Record:
    return Record(
        id=chunk.id, text=chunk.text, metadata={**chunk.metadata(), **scope_metadata(CORPUS)}, vector=vector
    )


def index_lock(settings: Settings, wait_s: float | None = None) -> AbstractContextManager[None]:
    """The lock every writer of the shared index holds (builds, restoring uploads), one holder
    across all processes on this data dir. ``LockTimeout`` after ``wait_s`` seconds of waiting.
    (Not on a progress callback: the CLI's bar takes its total from the first call.)"""
    return file_lock(
        settings.data_dir / LOCK_FILE,
        LOCK_WAIT_S if wait_s is None else wait_s,
        what="building the knowledge index",
        on_wait=log.warning,
    )


def build_index(
    settings: Settings,
    embedder: Embeddings,
    progress: Progress | None = None,
    rebuild: bool = False,
    index: VectorIndex | None = None,
) -> IndexReport:
    """Bring the corpus scope of the index in line with the knowledge folder."""
    index = index or open_index(settings)
    with index_lock(settings):
        return _build(settings, index, embedder, progress, rebuild)


def _build(
    settings: Settings,
    index: VectorIndex,
    embedder: Embeddings,
    progress: Progress | None,
    rebuild: bool,
    checked: tuple[str, str] | None = None,
) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    # A rebuild asked for does not look first: it must work whatever state the files are in.
    if rebuild:
        status, message = "rebuild", ""
    else:
        status, message = checked or index_status(index, embedder, settings.knowledge_dir)
    if rebuild or status in ("broken", "stale", "damaged"):
        report.rebuilt = True
        report.message = message if status in ("broken", "stale", "damaged") else "Rebuilding the index."
        if status in ("broken", "damaged"):
            report.message += " Rebuilding it."
        index.reset()
    elif status == "incomplete":
        report.repaired = True
        report.message = f"{message} Completing it (only what is missing is embedded)."

    files = files_signature(settings.knowledge_dir)  # before reading them: an edit meanwhile shows
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
    record: dict[str, Any] = {
        BUILT_FINGERPRINT: fingerprint(wanted),
        BUILT_CHUNKS: len(wanted),
        BUILT_FILES: files,
    }
    if to_add or to_remove:  # no record while the index is being changed: a kill shows
        index.set_info(dict.fromkeys(BUILD_RECORD))

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
    info = index.info()
    if any(info.get(key) != value for key, value in record.items()):
        index.set_info(record)  # after the last add and delete: the build is complete
    report.added, report.removed = total, len(to_remove)
    LexicalStore(lexical_root(settings)).get(index, CORPUS)  # saved now, loaded by the next start
    report.seconds = time.perf_counter() - started
    log.info("index: %s", report.summary())
    return report


def ensure_index(
    settings: Settings,
    embedder: Embeddings,
    progress: Progress | None = None,
    index: VectorIndex | None = None,
) -> IndexReport | None:
    """Build the index when it is missing, stale, broken, damaged or incomplete; otherwise do
    nothing (the fast path: a few cheap reads and queries, see ``index_status``). Another
    process may be building it right now: this one waits for it, then looks again, so it does
    not build what the other has just built."""
    index = index or open_index(settings)
    status, _ = index_status(index, embedder, settings.knowledge_dir)
    if status == "ok":
        return None
    with index_lock(settings):
        checked = index_status(index, embedder, settings.knowledge_dir)  # the winner may have built it
        if checked[0] == "ok":
            return None
        return _build(settings, index, embedder, progress, rebuild=False, checked=checked)


__all__ = [
    "IndexReport",
    "IndexUnavailable",
    "LockTimeout",
    "Progress",
    "build_index",
    "ensure_index",
    "index_lock",
    "index_status",
]
