"""The Chroma server engine: the knowledge index as one collection on a Chroma server (``chroma
run``), named by ``COACH_CHROMA_URL``, so several app processes or machines share one index.

It behaves as the local engine does, through the same ``ChromaCollectionIndex`` operations; what
differs is reaching the store. A server that is down, unreachable or answering with an HTTP error
is reported as "unavailable" by ``health`` and raises ``IndexUnavailable`` from every operation,
with the URL and what to do: never a raw client exception, and never a reason to rebuild (the data
on the server is not known to be damaged). Nothing is cached across a failure, so the first call
after the server is back works. Timeouts are short so a down server does not hang the app.
``verify`` still self-queries a sample; the file checks of the local engine do not apply.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from urllib.parse import urlparse

import httpx

from coach.retrieval.vector_index import COLLECTION, ChromaCollectionIndex, IndexUnavailable

# A host that drops packets fails in 3 s, not after the OS's two minutes. Reads may take longer:
# verify's exhaustive self-query of a large collection is the slowest call. The heartbeat before
# the first use is quick or the server is not well: it fails fast either way.
TIMEOUT = httpx.Timeout(30.0, connect=3.0)
HEARTBEAT_TIMEOUT = httpx.Timeout(5.0, connect=3.0)
DEFAULT_PORT = 8000  # `chroma run`'s


class ChromaServerIndex(ChromaCollectionIndex):
    """One collection on a Chroma server at ``url`` (``http://host:port`` or ``https://…``)."""

    def __init__(self, url: str, collection: str = COLLECTION) -> None:
        parsed = urlparse(url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"COACH_CHROMA_URL must look like http://host:port, not {url!r}")
        self.ssl = parsed.scheme == "https"
        self.host = parsed.hostname
        self.port = parsed.port or (443 if self.ssl else DEFAULT_PORT)
        self.url = f"{parsed.scheme}://{parsed.netloc}"
        self.name = collection
        self._collection = None
        self._chroma: Any = None

    def __repr__(self) -> str:
        return f"ChromaServerIndex({self.url!r}, {self.name!r})"

    def where(self) -> str:
        return f"on the Chroma server at {self.url} (collection {self.name})"

    def _client(self) -> Any:
        if self._chroma is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            # The client's own requests have no timeout, its constructor's included: a short
            # heartbeat first, so a server that does not answer fails here, fast.
            httpx.get(f"{self.url}/api/v2/heartbeat", timeout=HEARTBEAT_TIMEOUT).raise_for_status()
            client = chromadb.HttpClient(
                host=self.host,
                port=self.port,
                ssl=self.ssl,
                settings=ChromaSettings(anonymized_telemetry=False),
            )
            session = getattr(getattr(client, "_server", None), "_session", None)
            if isinstance(session, httpx.Client):  # chromadb builds it with timeout=None
                session.timeout = TIMEOUT
            self._chroma = client
        return self._chroma

    def _open(self) -> Any:
        if self._collection is None:
            self._collection = self._client().get_collection(self.name, embedding_function=None)
        return self._collection

    def _outage(self, exc: Exception) -> IndexUnavailable | None:
        from chromadb.errors import NotFoundError

        if isinstance(exc, NotFoundError):  # no such collection (yet, or removed by a rebuild)
            return IndexUnavailable(
                f"The knowledge index does not exist yet {self.where()}: run `coach index`.", "missing"
            )
        if isinstance(exc, httpx.HTTPStatusError):
            reason = f"it answered HTTP {exc.response.status_code}"
        elif isinstance(exc, httpx.TimeoutException):
            reason = "it did not answer in time"
        elif isinstance(exc, httpx.TransportError):
            reason = f"{type(exc).__name__}: {exc}"
        else:
            return None
        return IndexUnavailable(
            f"The Chroma server at {self.url} cannot be reached ({reason}). Start it with "
            f"`chroma run --path <folder> --host {self.host} --port {self.port}`, or unset "
            "COACH_CHROMA_URL to use the local index under the data dir.",
            "unavailable",
        )

    def reset(self) -> None:
        """Delete this collection on the server (only it: others there are left alone)."""
        from chromadb.errors import NotFoundError

        self._collection = None
        with self._guard(), suppress(NotFoundError):
            self._client().delete_collection(self.name)
