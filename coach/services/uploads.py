"""Team knowledge: documents a team's admins upload, parsed, embedded and indexed in the team's
scope, so they are retrieved (and cited) for that team's members and no one else.

A file is parsed and embedded completely before anything is written, so a bad file leaves the
index as it was. Re-uploading a file replaces its chunks, embedding only the new ones; deleting
removes them from the dense and the lexical side.
"""

from __future__ import annotations

import builtins
import logging
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime

from langchain_core.embeddings import Embeddings
from sqlalchemy import select

from coach.corpus.documents import Chunk
from coach.corpus.uploads import UploadError, parse_upload, upload_chunks
from coach.domain.principal import AccessDenied, Principal, Scope
from coach.retrieval.hybrid import HybridRetriever
from coach.retrieval.vector_index import Record, VectorIndex, scope_metadata
from coach.storage.database import Database
from coach.storage.tables import TeamMemberRow, UploadRow

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
EMBED_BATCH = 64


@dataclass(frozen=True)
class UploadReport:
    filename: str
    title: str
    sections: int
    added: int  # chunks embedded
    unchanged: int
    removed: int


@dataclass(frozen=True)
class UploadSummary:
    filename: str
    title: str
    kind: str
    chunks: int
    uploaded_at: datetime


def upload_doc_id(team_id: str, filename: str) -> str:
    return f"upload/{team_id}/{filename}"


def safe_filename(name: str) -> str:
    """The file's own name without any path, for display and ids."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    if not base or base in {".", ".."}:
        raise UploadError("The file has no name.")
    return base[:200]


class UploadService:
    def __init__(
        self,
        db: Database,
        index: VectorIndex,
        embedder: Embeddings,
        retriever: HybridRetriever | None,
        max_bytes: int,
        lock: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        self.db = db
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self.max_bytes = max_bytes
        self.lock = lock or nullcontext  # the index builds' lock (``index_lock``), for ``restore``

    def _role(self, principal: Principal | None, team_id: str) -> str | None:
        if principal is None or team_id not in principal.team_ids:
            return None
        with self.db.read() as session:
            member = session.get(TeamMemberRow, (team_id, principal.user_id))
        return member.role if member else None

    def _require_team_admin(self, principal: Principal | None, team_id: str) -> None:
        if self._role(principal, team_id) != "admin":
            raise AccessDenied("only this team's admins can change its documents")

    def list(self, principal: Principal | None, team_id: str) -> list[UploadSummary]:
        """The team's documents, for its members; nothing for anyone else."""
        if self._role(principal, team_id) is None:
            return []
        with self.db.read() as session:
            rows = session.scalars(
                select(UploadRow).where(UploadRow.team_id == team_id).order_by(UploadRow.filename)
            )
            return [UploadSummary(r.filename, r.title, r.kind, r.chunks, r.uploaded_at) for r in rows]

    def upload(
        self,
        principal: Principal | None,
        team_id: str,
        filename: str,
        data: bytes,
        progress: Progress | None = None,
    ) -> UploadReport:
        self._require_team_admin(principal, team_id)
        filename = safe_filename(filename)
        parsed = parse_upload(filename, data, self.max_bytes)  # raises UploadError: nothing written yet
        doc_id = upload_doc_id(team_id, filename)
        chunks = upload_chunks(parsed, doc_id)
        if not chunks:
            raise UploadError(f"{filename}: no text to index was found in it.")
        scope = Scope(kind="team", owner=team_id)
        existing = self._chunk_ids(scope, doc_id)
        wanted = {c.id: c for c in chunks}
        new = [c for cid, c in wanted.items() if cid not in existing]
        records = self._embed(new, scope, filename, progress)
        stale = sorted(existing - wanted.keys())
        self.index.add(records)
        self.index.delete(stale)
        with self.db.write() as session:
            row = session.scalar(
                select(UploadRow).where(UploadRow.team_id == team_id, UploadRow.filename == filename)
            )
            if row is None:
                row = UploadRow(team_id=team_id, filename=filename)
                session.add(row)
            row.title, row.kind, row.sha256 = parsed.title, parsed.kind, parsed.sha256
            row.chunks, row.uploaded_at, row.content = len(wanted), datetime.now(UTC), data
        if self.retriever is not None:
            self.retriever.refresh(scope)
        return UploadReport(
            filename, parsed.title, len(parsed.sections), len(new), len(wanted) - len(new), len(stale)
        )

    def _chunk_ids(self, scope: Scope, doc_id: str) -> set[str]:
        return {r.id for r in self.index.records(scope) if r.metadata.get("doc_id") == doc_id}

    def _embed(
        self, chunks: Sequence[Chunk], scope: Scope, filename: str, progress: Progress | None
    ) -> builtins.list[Record]:
        records: builtins.list[Record] = []
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            vectors = self.embedder.embed_documents([c.embed_text for c in batch])
            records += [
                Record(id=c.id, text=c.text, metadata={**c.metadata(), **scope_metadata(scope)}, vector=v)
                for c, v in zip(batch, vectors, strict=True)
            ]
            if progress:
                progress(min(start + EMBED_BATCH, len(chunks)), len(chunks), f"Embedding {filename}")
        return records

    def restore(self, progress: Progress | None = None) -> int:
        """Re-index every stored upload whose chunks the index lacks (after a rebuild for a new
        embedder, or of a corrupt index), from the kept file; the number of documents restored.
        A maintenance step at start-up, not a person's request, so it takes no principal. Holds
        the index builds' lock: two workers starting together restore once, not twice."""
        with self.lock():
            return self._restore(progress)

    def _restore(self, progress: Progress | None) -> int:
        with self.db.read() as session:
            rows = session.execute(
                select(UploadRow.id, UploadRow.team_id, UploadRow.filename, UploadRow.chunks)
            ).all()
        restored = 0
        for row_id, team_id, filename, count in rows:
            scope, doc_id = Scope(kind="team", owner=team_id), upload_doc_id(team_id, filename)
            have = self._chunk_ids(scope, doc_id)
            if len(have) >= count:
                continue  # all there: no file to read or parse at start-up
            with self.db.read() as session:
                data = session.scalar(select(UploadRow.content).where(UploadRow.id == row_id))
            if data is None:
                continue
            try:
                chunks = upload_chunks(parse_upload(filename, data, max(self.max_bytes, len(data))), doc_id)
            except UploadError as exc:  # a parser change now refuses it: keep the rest going
                log.warning("could not restore %s: %s", filename, exc)
                continue
            missing = [c for c in chunks if c.id not in have]
            if missing:
                self.index.add(self._embed(missing, scope, filename, progress))
                restored += 1
                if self.retriever is not None:
                    self.retriever.refresh(scope)
        return restored

    def delete(self, principal: Principal | None, team_id: str, filename: str) -> int:
        """Remove a document and its chunks; the number of chunks removed."""
        self._require_team_admin(principal, team_id)
        scope = Scope(kind="team", owner=team_id)
        filename = safe_filename(filename)
        doc_id = upload_doc_id(team_id, filename)
        ids = [r.id for r in self.index.records(scope) if r.metadata.get("doc_id") == doc_id]
        self.index.delete(ids)
        with self.db.write() as session:
            row = session.scalar(
                select(UploadRow).where(
                    UploadRow.team_id == team_id, UploadRow.filename == safe_filename(filename)
                )
            )
            if row is not None:
                session.delete(row)
        if self.retriever is not None:
            self.retriever.refresh(scope)
        return len(ids)
