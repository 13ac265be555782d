"""The vector index seam: a small ``VectorIndex`` protocol and its engines, a persistent Chroma
collection under the data dir (here) and a collection on a Chroma server
(``coach.retrieval.chroma_server``). Both share ``ChromaCollectionIndex``, the operations on one
collection; only these two modules call Chroma, and ``open_index`` picks the engine.

Filters (also in ``retrieval/FILTERS.md``): a query names the scopes it may read, a list that is
required and never empty. A chunk matches when its (scope, owner) equals one of them (the scopes
are OR-ed) AND, when kinds are given, its kind is one of them (kinds OR-ed). There is no
"all scopes" value: a caller that names no scope gets nothing.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from coach.domain.principal import Scope

# "unavailable": a server that cannot be reached; the index is not known to be damaged, so it is
# never rebuilt for that, only reported.
Health = Literal["ok", "missing", "broken", "unavailable"]
COLLECTION = "knowledge"
OVERFETCH = (4, 16)  # unfiltered searches ask for these multiples of n in turn (see ``query``)
GET_PAGE = 5000  # chunks per get when reading a whole scope (see ``_pages``)
SELF_QUERY_SAMPLE = 8  # chunks queried with their own vectors by ``verify``
# HNSW can leave a few nodes of an intact index without links to them (near-duplicate vectors
# prune each other's links): unreachable by any query, and a rebuild would not cure it. Damage
# loses far more (a truncated segment left 98 of 1,121 reachable), or fails the read outright.
UNREACHABLE_TOLERANCE = 0.01


class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable or out of reach; the message says what to do and
    ``state`` which of the health states that is."""

    def __init__(self, message: str, state: Health = "broken") -> None:
        super().__init__(message)
        self.state: Health = state


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


class ChromaCollectionIndex:
    """The ``VectorIndex`` operations on one Chroma collection, shared by both engines. An engine
    says how the collection is reached (``_client``, ``_open``), how to name it in messages
    (``where``) and which failures mean the store is out of reach (``_outage``): those become
    ``IndexUnavailable``, never a client library's exception."""

    name: str
    _collection: Any = None

    def where(self) -> str:
        raise NotImplementedError

    def _client(self) -> Any:
        raise NotImplementedError

    def _open(self) -> Any:
        raise NotImplementedError

    def _outage(self, exc: Exception) -> IndexUnavailable | None:
        """``exc`` as an ``IndexUnavailable`` when it means the store cannot be reached, else None."""
        return None

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except IndexUnavailable:
            raise
        except Exception as exc:
            outage = self._outage(exc)
            if outage is None:
                raise
            self._collection = None  # open it afresh next time: the store may be back by then
            raise outage from exc

    # -- lifecycle ----------------------------------------------------------------------------

    def health(self) -> tuple[Health, str]:
        self._collection = None  # look again: another process may have rebuilt it
        try:
            count = self.count()
        except IndexUnavailable as exc:
            return exc.state, str(exc)
        if count == 0:
            return "missing", "The knowledge index is empty: run `coach index`."
        return "ok", f"{count} chunks indexed."

    def info(self) -> dict[str, Any]:
        with self._guard():
            return dict(self._open().metadata or {})

    def set_info(self, info: dict[str, Any]) -> None:
        """Merge ``info`` into what ``info()`` returns; a ``None`` value removes that key."""
        with self._guard():
            collection = self._open()
            merged = {**(collection.metadata or {}), **info}
            # Chroma replaces the whole metadata on modify and keeps the distance in the
            # collection's configuration, which may not be changed: leave the hnsw keys out.
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
        opening the store; it grows with the chunk count. A store out of reach raises
        ``IndexUnavailable`` instead: that is no damage, and no reason to rebuild."""
        with self._guard():
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
                if self._outage(exc) is not None:
                    raise
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
        with self._guard():
            try:
                self._collection = self._client().get_or_create_collection(
                    self.name,
                    embedding_function=None,  # vectors are always passed in: no hub download, ever
                    metadata={"hnsw:space": "cosine", **info},
                )
            except Exception as exc:
                if self._outage(exc) is not None:
                    raise
                raise IndexUnavailable(
                    f"The knowledge index {self.where()} could not be created ({exc})."
                ) from exc

    # -- data ---------------------------------------------------------------------------------

    def count(self) -> int:
        with self._guard():
            return self._open().count()

    def _pages(self, where: dict[str, Any] | None, include: list[str]) -> Iterator[dict[str, Any]]:
        """``get`` in pages of ``GET_PAGE``: one get matching tens of thousands of chunks fails in
        Chroma 1.5 ("too many SQL variables"; a corpus scope of 80k chunks did)."""
        offset = 0
        while True:
            with self._guard():
                page = self._open().get(where=where, include=include, limit=GET_PAGE, offset=offset)
            yield page
            if len(page["ids"]) < GET_PAGE:
                return
            offset += GET_PAGE

    def ids(self, scope: Scope | None = None) -> set[str]:
        where = where_filter([scope]) if scope is not None else None
        return {i for page in self._pages(where, []) for i in page["ids"]}

    def add(self, records: Sequence[Record]) -> None:
        if not records:
            return
        if any(r.vector is None for r in records):
            raise ValueError("every record needs its vector")
        with self._guard():
            self._open().upsert(
                ids=[r.id for r in records],
                embeddings=[r.vector for r in records],
                documents=[r.text for r in records],
                metadatas=[r.metadata for r in records],
            )

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            with self._guard():
                self._open().delete(ids=list(ids))

    def records(self, scope: Scope) -> list[Record]:
        return [
            Record(id=i, text=t or "", metadata=dict(m or {}))
            for page in self._pages(where_filter([scope]), ["documents", "metadatas"])
            for i, t, m in zip(page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True)
        ]

    def query(
        self, vector: list[float], n: int, scopes: Sequence[Scope], kinds: Iterable[str] | None = None
    ) -> list[Record]:
        """The ``n`` nearest chunks within ``scopes`` (and ``kinds``). First unfiltered searches
        for ``OVERFETCH`` multiples of n, kept to the allowed scopes here: a metadata filter makes Chroma
        slow on big collections (231 ms against 2 ms at 100k chunks, benchmarks/
        bench_retrieval_latency.py), and when n allowed chunks are among the nearest overall they
        are exactly the n nearest allowed ones. Only when fewer are (a small team's scope, a
        rare kind) does the filtered search run."""
        where = where_filter(scopes, kinds)  # raises on no scopes before touching storage
        if n <= 0:
            return []
        allowed = _allows(scopes, kinds)
        with self._guard():
            for factor in OVERFETCH:  # no count() first: Chroma returns what there is by itself
                found = self._open().query(
                    query_embeddings=[vector], n_results=n * factor, include=["documents", "metadatas"]
                )
                kept = [r for r in _records(found) if allowed(r.metadata)]
                if len(kept) >= n or len(found["ids"][0]) < n * factor:  # enough, or all there is
                    return kept[:n]
            found = self._open().query(
                query_embeddings=[vector], n_results=n, where=where, include=["documents", "metadatas"]
            )
        return _records(found)


def _records(found: dict[str, Any]) -> list[Record]:
    return [
        Record(id=i, text=t or "", metadata=dict(m or {}))
        for i, t, m in zip(found["ids"][0], (found["documents"] or [[]])[0], (found["metadatas"] or [[]])[0])
    ]


def _allows(scopes: Sequence[Scope], kinds: Iterable[str] | None):
    """The filter of ``where_filter`` as a predicate on a chunk's metadata (fails closed)."""
    keys = {(s.kind, "" if s.kind == "corpus" else (s.owner or "")) for s in scopes}
    wanted = set(kinds or ())

    def allowed(metadata: dict[str, Any]) -> bool:
        kind = str(metadata.get("scope", ""))
        key = (kind, "" if kind == "corpus" else str(metadata.get("owner", "")))
        return key in keys and (not wanted or metadata.get("kind") in wanted)

    return allowed


# Folder -> (device, inode) of its chroma.sqlite3 when this process's Chroma system opened it.
# Chroma caches one system per folder for the whole process; when another process rebuilds the
# folder, that cached system keeps reading the deleted files, so it is dropped on the next open.
_OPENED_STORES: dict[str, tuple[int, int] | None] = {}


class LocalChromaIndex(ChromaCollectionIndex):
    """A persistent Chroma collection in a folder. Opened lazily; a damaged store raises
    ``IndexUnavailable`` with the folder named, and ``reset`` removes it."""

    def __init__(self, path: Path, collection: str = COLLECTION) -> None:
        self.path = path
        self.name = collection
        self._collection = None
        self._opened_as: tuple[int, int] | None = None  # (device, inode) of the store when opened

    def __repr__(self) -> str:
        return f"LocalChromaIndex({str(self.path)!r})"

    def where(self) -> str:
        return f"at {self.path}"

    def _exists(self) -> bool:
        return (self.path / "chroma.sqlite3").exists()

    def _client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        key = str(self.path)
        if key in _OPENED_STORES and _OPENED_STORES[key] != self._store_id():
            self._forget()  # the store this process opened was replaced by another process
        self.path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=key, settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        )
        _OPENED_STORES[key] = self._store_id()
        return client

    def _store_id(self) -> tuple[int, int] | None:
        try:
            stat = (self.path / "chroma.sqlite3").stat()
        except OSError:
            return None
        return stat.st_dev, stat.st_ino

    def _forget(self) -> None:
        """Drop this folder's cached Chroma system: another process replaced the store (a
        rebuild deletes and recreates the folder), and Chroma would keep reading the deleted
        files through its per-path cache."""
        from chromadb.api.client import SharedSystemClient

        self._collection = None
        SharedSystemClient._identifier_to_system.pop(str(self.path), None)
        SharedSystemClient._identifier_to_refcount.pop(str(self.path), None)
        _OPENED_STORES.pop(str(self.path), None)

    def _open(self):
        if self._collection is not None:
            if self._store_id() == self._opened_as:
                return self._collection
            self._forget()
        if not self._exists():
            raise IndexUnavailable("The knowledge index does not exist yet: run `coach index`.", "missing")
        problem = self._segment_files_problem()
        if problem:  # checked before Chroma reads them: a truncated file can crash the process
            raise IndexUnavailable(f"The knowledge index at {self.path} is unreadable ({problem}).")
        try:
            collection = self._client().get_collection(self.name, embedding_function=None)
            collection.count()  # touches storage, so corruption shows here rather than later
        except Exception as exc:  # chromadb raises many types for a damaged store
            raise IndexUnavailable(f"The knowledge index at {self.path} is unreadable ({exc}).") from exc
        self._collection, self._opened_as = collection, self._store_id()
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

    def reset(self) -> None:
        """Delete the whole index folder (and Chroma's in-process cache of it)."""
        from chromadb.api.client import SharedSystemClient

        self._collection = None
        SharedSystemClient.clear_system_cache()
        shutil.rmtree(self.path, ignore_errors=True)


def open_index(settings) -> VectorIndex:
    """The index engine the settings ask for: a Chroma server when ``chroma_url`` is set, else
    the persistent Chroma under the data dir."""
    if settings.chroma_url:
        from coach.retrieval.chroma_server import ChromaServerIndex

        return ChromaServerIndex(settings.chroma_url, settings.chroma_collection)
    return LocalChromaIndex(settings.index_dir)
