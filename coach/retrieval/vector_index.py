"""The vector index seam: a small ``VectorIndex`` protocol and its first engine, a persistent
Chroma collection under the data dir. Every Chroma call and every file check lives in this
module, so another engine (a Chroma server, say) is one more class here and a factory branch.

Filters (also in ``retrieval/FILTERS.md``): a query names the scopes it may read, a list that is
required and never empty. A chunk matches when its (scope, owner) equals one of them (the scopes
are OR-ed) AND, when kinds are given, its kind is one of them (kinds OR-ed). There is no
"all scopes" value: a caller that names no scope gets nothing.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from coach.domain.principal import Scope

Health = Literal["ok", "missing", "broken"]
COLLECTION = "knowledge"
SELF_QUERY_SAMPLE = 8  # chunks queried with their own vectors by ``verify``
# HNSW can leave a few nodes of an intact index without links to them (near-duplicate vectors
# prune each other's links): unreachable by any query, and a rebuild would not cure it. Damage
# loses far more (a truncated segment left 98 of 1,121 reachable), or fails the read outright.
UNREACHABLE_TOLERANCE = 0.01


class IndexUnavailable(RuntimeError):
    """The index is missing or unreadable; the message says what to do."""


@dataclass(frozen=True)
class Record:
    """One chunk as stored: id, text, metadata (with ``scope`` and ``owner``), and its vector."""

    id: str
    text: str
    metadata: dict[str, Any]
    vector: list[float] | None = field(default=None, compare=False, repr=False)


def scope_metadata(scope: Scope) -> dict[str, str]:
    return {"scope": scope.kind, "owner": scope.owner or ""}


def where_filter(scopes: Sequence[Scope], kinds: Iterable[str] | None = None) -> dict[str, Any]:
    """The metadata filter for ``scopes`` (OR) and ``kinds`` (OR), combined with AND."""
    if not scopes:
        raise ValueError("a search must name the scopes it may read")
    clauses = [
        {"scope": s.kind} if s.kind == "corpus" else {"$and": [{"scope": s.kind}, {"owner": s.owner}]}
        for s in dict.fromkeys(scopes)
    ]
    where: dict[str, Any] = clauses[0] if len(clauses) == 1 else {"$or": clauses}
    if kinds:
        where = {"$and": [where, {"kind": {"$in": sorted(set(kinds))}}]}
    return where


class VectorIndex(Protocol):
    """What the coach needs from a vector store. Vectors are always passed in: no engine ever
    embeds text itself (so nothing downloads a model at run time)."""

    def health(self) -> tuple[Health, str]: ...
    def info(self) -> dict[str, Any]: ...
    def set_info(self, info: dict[str, Any]) -> None: ...
    def verify(self, sample: int = SELF_QUERY_SAMPLE) -> str | None: ...
    def create(self, info: dict[str, Any]) -> None: ...
    def reset(self) -> None: ...
    def count(self) -> int: ...
    def ids(self, scope: Scope | None = None) -> set[str]: ...
    def add(self, records: Sequence[Record]) -> None: ...
    def delete(self, ids: Sequence[str]) -> None: ...
    def records(self, scope: Scope) -> list[Record]: ...
    def query(
        self, vector: list[float], n: int, scopes: Sequence[Scope], kinds: Iterable[str] | None = None
    ) -> list[Record]: ...


class LocalChromaIndex:
    """A persistent Chroma collection in a folder. Opened lazily; a damaged store raises
    ``IndexUnavailable`` with the folder named, and ``reset`` removes it."""

    def __init__(self, path: Path, collection: str = COLLECTION) -> None:
        self.path = path
        self.name = collection
        self._collection: Any = None

    def __repr__(self) -> str:
        return f"LocalChromaIndex({str(self.path)!r})"

    # -- lifecycle ----------------------------------------------------------------------------

    def _exists(self) -> bool:
        return (self.path / "chroma.sqlite3").exists()

    def _client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(
            path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        )

    def _open(self):
        if self._collection is not None:
            return self._collection
        if not self._exists():
            raise IndexUnavailable("The knowledge index does not exist yet: run `coach index`.")
        problem = self._segment_files_problem()
        if problem:  # checked before Chroma reads them: a truncated file can crash the process
            raise IndexUnavailable(f"The knowledge index at {self.path} is unreadable ({problem}).")
        try:
            collection = self._client().get_collection(self.name, embedding_function=None)
            collection.count()  # touches storage, so corruption shows here rather than later
        except Exception as exc:  # chromadb raises many types for a damaged store
            raise IndexUnavailable(f"The knowledge index at {self.path} is unreadable ({exc}).") from exc
        self._collection = collection
        return collection

    def _segment_files_problem(self) -> str | None:
        """What is wrong with the HNSW files, judged by their header alone, or None.

        Chroma's native HNSW reader trusts ``header.bin`` (hnswlib's layout after a version int:
        level-0 offset, max elements, element count, bytes per element) and crashed the whole
        process now and then (a segfault) on a truncated ``data_level0.bin``; so the sizes are
        checked here first: level 0 holds count x bytes per element, ``length.bin`` 4 per element.
        """
        for header in self.path.glob("*/header.bin"):
            folder = header.parent
            try:
                raw = header.read_bytes()
                _, _, _, count, per_element = struct.unpack_from("<IQQQQ", raw)
                files = {p.name: p.stat().st_size for p in folder.iterdir()}
            except (OSError, struct.error) as exc:
                return f"its vector files cannot be read: {exc}"
            expected = {"data_level0.bin": count * per_element, "length.bin": 4 * count}
            for name, size in expected.items():
                if files.get(name, -1) < size:
                    return f"{folder.name}/{name} holds {files.get(name, 0)} of {size} bytes"
            if count and "link_lists.bin" not in files:
                return f"{folder.name}/link_lists.bin is missing"
        return None

    def health(self) -> tuple[Health, str]:
        self._collection = None  # look again: another process may have rebuilt it
        try:
            count = self._open().count()
        except IndexUnavailable as exc:
            return ("missing" if not self._exists() else "broken"), str(exc)
        if count == 0:
            return "missing", "The knowledge index is empty: run `coach index`."
        return "ok", f"{count} chunks indexed."

    def info(self) -> dict[str, Any]:
        return dict(self._open().metadata or {})

    def set_info(self, info: dict[str, Any]) -> None:
        """Merge ``info`` into what ``info()`` returns; a ``None`` value removes that key."""
        collection = self._open()
        merged = {**(collection.metadata or {}), **info}
        # Chroma replaces the whole metadata on modify and keeps the distance in the collection's
        # configuration, which may not be changed: leave the hnsw keys out.
        collection.modify(
            metadata={k: v for k, v in merged.items() if v is not None and not k.startswith("hnsw:")}
        )
        self._collection = None  # read the new metadata back on next use

    def verify(self, sample: int = SELF_QUERY_SAMPLE) -> str | None:
        """None when the dense side reaches every stored chunk, otherwise what is wrong.

        The chunk table (SQLite) can list ids whose vectors are gone: a truncated or deleted HNSW
        segment leaves every id listed while queries reach only the few still in Chroma's log.
        So a fixed sample of chunks is queried with their own stored vectors, asking for as many
        results as there are chunks (which makes the search exhaustive): each query must return
        them all, bar ``UNREACHABLE_TOLERANCE``, and each chunk found must come back first (or
        tied first), else its vector is not the one stored. A false alarm would rebuild at every
        start, hence the tolerance. About 50 ms for a thousand chunks of 384 dimensions, on top of
        opening the store; it grows with the chunk count."""
        collection = self._open()
        try:
            ids = sorted(collection.get(include=[])["ids"])
            if not ids:
                return None
            picked = ids[:: max(1, len(ids) // sample)][:sample]
            stored = collection.get(ids=picked, include=["embeddings"])
            vectors = [[float(x) for x in v] for v in stored["embeddings"]]
            if len(vectors) != len(picked):
                return f"{len(picked) - len(vectors)} of {len(picked)} sampled chunks have no vector"
            found = collection.query(query_embeddings=vectors, n_results=len(ids), include=["distances"])
            answers = list(zip(stored["ids"], found["ids"], found["distances"], strict=True))
        except Exception as exc:  # chromadb raises InternalError and others for a bad segment
            return f"its vectors cannot be read ({exc})"
        if not answers:
            return "its sampled chunks cannot be queried"
        reached = min(len(set(hits)) for _, hits, _ in answers)
        if len(ids) - reached > len(ids) * UNREACHABLE_TOLERANCE:
            return f"only {reached} of its {len(ids)} chunks can be found by meaning"
        lost = [o for o, hits, dists in answers if o in hits and dists[hits.index(o)] > dists[0] + 1e-6]
        if lost:
            return f"{len(lost)} of {len(picked)} sampled chunks are not found by their own vectors"
        return None

    def create(self, info: dict[str, Any]) -> None:
        """Create the collection if needed, recording ``info`` (embedder, schema) with it."""
        try:
            self._collection = self._client().get_or_create_collection(
                self.name,
                embedding_function=None,  # vectors are always passed in: no hub download, ever
                metadata={"hnsw:space": "cosine", **info},
            )
        except Exception as exc:
            raise IndexUnavailable(
                f"The knowledge index at {self.path} could not be created ({exc})."
            ) from exc

    def reset(self) -> None:
        """Delete the whole index folder (and Chroma's in-process cache of it)."""
        from chromadb.api.client import SharedSystemClient

        self._collection = None
        SharedSystemClient.clear_system_cache()
        shutil.rmtree(self.path, ignore_errors=True)

    # -- data ---------------------------------------------------------------------------------

    def count(self) -> int:
        return self._open().count()

    def ids(self, scope: Scope | None = None) -> set[str]:
        where = where_filter([scope]) if scope is not None else None
        return set(self._open().get(where=where, include=[])["ids"])

    def add(self, records: Sequence[Record]) -> None:
        if not records:
            return
        if any(r.vector is None for r in records):
            raise ValueError("every record needs its vector")
        self._open().upsert(
            ids=[r.id for r in records],
            embeddings=[r.vector for r in records],
            documents=[r.text for r in records],
            metadatas=[r.metadata for r in records],
        )

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._open().delete(ids=list(ids))

    def records(self, scope: Scope) -> list[Record]:
        data = self._open().get(where=where_filter([scope]), include=["documents", "metadatas"])
        return [
            Record(id=i, text=t or "", metadata=dict(m or {}))
            for i, t, m in zip(data["ids"], data["documents"] or [], data["metadatas"] or [], strict=True)
        ]

    def query(
        self, vector: list[float], n: int, scopes: Sequence[Scope], kinds: Iterable[str] | None = None
    ) -> list[Record]:
        where = where_filter(scopes, kinds)  # raises on no scopes before touching storage
        collection = self._open()
        n = min(n, collection.count())
        if n <= 0:
            return []
        found = collection.query(
            query_embeddings=[vector], n_results=n, where=where, include=["documents", "metadatas"]
        )
        return [
            Record(id=i, text=t or "", metadata=dict(m or {}))
            for i, t, m in zip(
                found["ids"][0], (found["documents"] or [[]])[0], (found["metadatas"] or [[]])[0]
            )
        ]


def open_index(settings) -> VectorIndex:
    """The index engine the settings ask for (today: the local persistent Chroma)."""
    return LocalChromaIndex(settings.index_dir)
