"""The lexical side of retrieval: one BM25 index (bm25s) per scope, saved under the data dir so a
new process loads it instead of reading every chunk back from the vector index and re-tokenising.

A saved index lives in ``<data_dir>/lexical/<scope folder>/<key>/`` where the key hashes the
scope's chunk ids (chunk ids hash their content, so the ids stand for the texts too), the save
format and the bm25s version. Looking one up costs one ids-only read of the vector index
(``index.ids(scope)``): a scope changed by anyone (another worker, the CLI, another machine
sharing a Chroma server) has new ids, hence a key with no folder, hence a rebuild from the index.

Beside bm25s's own files, a folder holds ``records.json`` (each chunk's id, text and metadata, in
BM25 document order: the hits need them, and one JSON read is faster than fetching winners back
by id) and ``manifest.json`` (the key and a SHA-256 of every file, written last). A folder is
written under a temporary name and renamed into place, so a killed process never leaves a folder
that loads; a folder that fails its checksums or fails to load is deleted and rebuilt, never
trusted. ``current`` names the newest key; its change tells other processes to look again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

from coach.config import Settings
from coach.domain.principal import Scope
from coach.retrieval.vector_index import Record, VectorIndex
from coach.storage.private import DIR_MODE, FILE_MODE, private_dir

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import

FORMAT = "1"  # bump when what is saved, or how chunks are turned into BM25 text, changes
RECORDS = "records.json"
MANIFEST = "manifest.json"
CURRENT = "current"
TEMP_PREFIX = ".tmp-"
STALE_TEMP_S = 3600  # a temp folder this old was left by a killed process


def _bm25_text(record: Record) -> str:
    m = record.metadata
    return f"{m.get('title', '')} {m.get('heading', '')} {record.text}"


class Lexical:
    """BM25 over one scope's chunks, with the chunks themselves (the hits carry their text)."""

    def __init__(self, records: list[Record], bm25: bm25s.BM25 | None = None, key: str | None = None):
        self.records = records
        self.key = key  # of the saved copy, when there is one
        self.kinds = np.array([r.metadata.get("kind", "") for r in records])
        if bm25 is None:
            bm25 = bm25s.BM25()
            if records:
                corpus = [_bm25_text(r) for r in records]
                bm25.index(bm25s.tokenize(corpus, show_progress=False), show_progress=False)
        self.bm25 = bm25

    def __len__(self) -> int:
        return len(self.records)

    def search(self, query: str, n: int, kinds: set[str] | None) -> list[tuple[Record, float]]:
        tokens = bm25s.tokenize([query], show_progress=False)
        if not self.records or not tokens.vocab:
            return []
        mask = np.isin(self.kinds, list(kinds)).astype(np.float32) if kinds else None
        results, scores = self.bm25.retrieve(
            tokens, k=min(n, len(self.records)), show_progress=False, weight_mask=mask
        )
        return [(self.records[int(i)], float(s)) for i, s in zip(results[0], scores[0], strict=True) if s > 0]

    # -- files --------------------------------------------------------------------------------

    def save(self, folder: Path, key: str) -> None:
        """Write into ``folder`` (new and empty); the manifest, written last, seals it."""
        self.bm25.save(folder, show_progress=False)
        rows = [[r.id, r.text, r.metadata] for r in self.records]
        (folder / RECORDS).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        files = {p.name: _sha256(p) for p in sorted(folder.iterdir())}
        manifest = {"key": key, "format": FORMAT, "count": len(self.records), "files": files}
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        for path in folder.iterdir():
            os.chmod(path, FILE_MODE)  # bm25s writes with the umask's mode

    @classmethod
    def load(cls, folder: Path, key: str) -> Lexical:
        """The index saved in ``folder``; ``ValueError`` (or ``OSError``) when it is not intact."""
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("key") != key or manifest.get("format") != FORMAT:
            raise ValueError("its manifest is for another index")
        files: dict[str, str] = manifest["files"]
        on_disk = {p.name for p in folder.iterdir()} - {MANIFEST}
        if on_disk != set(files):
            raise ValueError(f"it holds {sorted(on_disk)}, not {sorted(files)}")
        for name, digest in files.items():
            if _sha256(folder / name) != digest:
                raise ValueError(f"{name} does not match its checksum")
        rows = json.loads((folder / RECORDS).read_text(encoding="utf-8"))
        records = [Record(id=i, text=t, metadata=m) for i, t, m in rows]
        bm25 = bm25s.BM25.load(folder, show_progress=False)
        if len(records) != manifest["count"] or bm25.scores["num_docs"] != len(records):
            raise ValueError("its chunk count does not match its BM25 index")
        return cls(records, bm25, key)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def index_key(ids: Iterable[str]) -> str:
    """The saved index for a scope whose chunks have ``ids`` (ids hash the chunk content)."""
    digest = hashlib.sha256(f"lexical {FORMAT} bm25s {bm25s.__version__}\n".encode())
    digest.update("\n".join(sorted(ids)).encode())
    return digest.hexdigest()[:32]


def lexical_root(settings: Settings) -> Path:
    """Where the saved indexes live: under the data dir, wherever the vector index lives."""
    return settings.data_dir / "lexical"


class LexicalStore:
    """Saved per-scope BM25 indexes under ``root`` (``<data_dir>/lexical``)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, scope: Scope) -> Path:
        """The scope's folder: owner ids are opaque strings, so they are hashed into the name."""
        if scope.owner is None:
            return self.root / scope.kind
        return self.root / f"{scope.kind}-{hashlib.sha256(scope.owner.encode()).hexdigest()[:24]}"

    def generation(self, scope: Scope) -> tuple[int, int] | None:
        """Changes whenever any process saves a new index for ``scope`` (a stat, no read)."""
        try:
            stat = (self.folder(scope) / CURRENT).stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def current(self, scope: Scope) -> str | None:
        """The key of the newest index saved for ``scope``, by any process."""
        try:
            return (self.folder(scope) / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    @staticmethod
    def key_of(index: VectorIndex, scope: Scope) -> str | None:
        """The key the scope's chunks in ``index`` have now (None: no chunks); ids only."""
        ids = index.ids(scope)
        return index_key(ids) if ids else None

    def get(self, index: VectorIndex, scope: Scope) -> Lexical:
        """The scope's BM25: loaded when a saved one matches the index's current chunk ids,
        otherwise built from the index's records and saved. A bad saved file is rebuilt."""
        key = self.key_of(index, scope)
        if key is None:
            return Lexical([])  # nothing to read, nothing worth saving
        saved = self.folder(scope) / key
        if saved.is_dir():
            try:
                return Lexical.load(saved, key)
            except Exception as exc:  # truncated, tampered, or deleted under us: never trust it
                log.warning("rebuilding the saved lexical index %s: %s", saved, exc)
                shutil.rmtree(saved, ignore_errors=True)
        return self.build(index, scope)

    def build(self, index: VectorIndex, scope: Scope) -> Lexical:
        """Build the scope's BM25 from the index's records and save it."""
        records = index.records(scope)
        lexical = Lexical(records, key=index_key(r.id for r in records) if records else None)
        if lexical.key:
            try:
                self._save(scope, lexical, lexical.key)
            except OSError as exc:  # a read-only or full disk costs the next start time, not this search
                log.warning("could not save the lexical index of %s: %s", scope.key, exc)
        return lexical

    def _save(self, scope: Scope, lexical: Lexical, key: str) -> None:
        folder = private_dir(self.folder(scope))
        target = folder / key
        temp = folder / f"{TEMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        temp.mkdir(mode=DIR_MODE)
        try:
            lexical.save(temp, key)
            try:
                os.rename(temp, target)
            except OSError:
                if not target.is_dir():
                    raise
                # another process saved the same key meanwhile (or a bad one is there): keep the
                # one in place; a bad one is found by its checksums at the next load
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        pointer = folder / f"{TEMP_PREFIX}{CURRENT}-{uuid.uuid4().hex[:8]}"
        pointer.write_text(key, encoding="utf-8")
        os.chmod(pointer, FILE_MODE)
        os.replace(pointer, folder / CURRENT)  # a new inode: peers see the change by a stat
        self._prune(folder, keep=key)

    @staticmethod
    def _prune(folder: Path, keep: str) -> None:
        """Drop older keys, and temp folders left by killed processes. A process still loading
        a dropped key fails its load and rebuilds from the index: slower, never wrong."""
        now = time.time()
        for path in folder.iterdir():
            if path.name in (keep, CURRENT):
                continue
            if path.name.startswith(TEMP_PREFIX):
                try:
                    if now - path.stat().st_mtime < STALE_TEMP_S:
                        continue  # perhaps another process writing right now
                except OSError:
                    continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
