"""Per-user storage of profiles and conversations.

SQLAlchemy keeps the database a setting: SQLite in the data dir by default, PostgreSQL (or any
SQLAlchemy URL) through ``COACH_DATABASE_URL``. JSON is stored as text so both behave the same.
A person's data is theirs: ``export`` hands over all of it, ``forget`` deletes all of it in one
transaction, and every query is filtered by the caller's user id, so users never see each other.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import DateTime, Index, Integer, String, Text, create_engine, delete, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

from coach.profile import Profile
from coach.settings import Settings

MAX_USER_ID_CHARS = 128
MESSAGE_ROLES = ("user", "assistant", "system")
EXPORT_FORMAT = "career-coach-export/1"

log = logging.getLogger(__name__)


class _Base(DeclarativeBase):
    pass


class ProfileRow(_Base):
    __tablename__ = "profiles"

    user_id: Mapped[str] = mapped_column(String(MAX_USER_ID_CHARS), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # the Profile as JSON
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MessageRow(_Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(MAX_USER_ID_CHARS))
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)  # the answer's JSON, for replies
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def database_url(settings: Settings) -> str:
    """The configured URL, or a SQLite file in the data dir."""
    return settings.database_url or f"sqlite:///{Path(settings.data_dir) / 'coach.db'}"


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    # The app serves each browser session on its own thread; SQLite connections may be shared.
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if parsed.database in (None, "", ":memory:"):
        options["poolclass"] = StaticPool  # one connection, or each would see its own empty database
    else:
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, **options)


def check_user_id(user_id: object) -> str:
    """``user_id`` if it is a usable opaque id; a ValueError that says why otherwise."""
    if not isinstance(user_id, str):
        raise ValueError(f"user id must be a string, not {type(user_id).__name__}")
    if not user_id.strip():
        raise ValueError("user id must not be empty")
    if len(user_id) > MAX_USER_ID_CHARS:
        raise ValueError(f"user id is {len(user_id)} characters; the limit is {MAX_USER_ID_CHARS}")
    if any(ord(c) < 32 or ord(c) == 127 for c in user_id):
        raise ValueError("user id must not contain control characters")
    return user_id


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _message_dict(row: MessageRow) -> dict[str, Any]:
    return {
        "role": row.role,
        "content": row.content,
        "answer": json.loads(row.answer) if row.answer is not None else None,
        "created_at": _aware(row.created_at).isoformat(),
    }


class ProfileStore:
    """Profiles and message history, one row set per user id. Tables are created on first use."""

    def __init__(self, settings: Settings) -> None:
        self.url = database_url(settings)
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    def _session_factory(self) -> sessionmaker[Session]:
        with self._lock:
            if self._sessions is None:
                engine = _make_engine(self.url)
                _Base.metadata.create_all(engine)
                self._engine, self._sessions = engine, sessionmaker(engine, expire_on_commit=False)
            return self._sessions

    def close(self) -> None:
        """Release database connections; the store reopens them if used again."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = self._sessions = None

    def get_profile(self, user_id: str) -> Profile:
        """The stored profile, or an empty one for a user we know nothing about."""
        check_user_id(user_id)
        with self._session_factory()() as session:
            return self._load_profile(session, user_id) or Profile(user_id=user_id)

    def _load_profile(self, session: Session, user_id: str) -> Profile | None:
        row = session.get(ProfileRow, user_id)
        if row is None:
            return None
        try:
            return Profile.model_validate_json(row.data).model_copy(update={"user_id": user_id})
        except ValidationError:
            log.warning("stored profile is unreadable; treating it as empty")
            return None

    def save_profile(self, profile: Profile) -> None:
        """Store ``profile`` under its user id, replacing what was there."""
        user_id = check_user_id(profile.user_id)
        data = profile.model_dump_json()
        updated_at = profile.updated_at or datetime.now(UTC)
        sessions = self._session_factory()
        for attempt in (1, 2):
            try:
                with sessions.begin() as session:
                    row = session.get(ProfileRow, user_id)
                    if row is None:
                        session.add(ProfileRow(user_id=user_id, data=data, updated_at=updated_at))
                    else:
                        row.data, row.updated_at = data, updated_at
                return
            except IntegrityError:
                if attempt == 2:  # another writer created the row between our read and insert
                    raise

    def append_message(self, user_id: str, role: str, content: str, answer: dict | None = None) -> None:
        """Add one turn to the user's history; ``answer`` is the reply's structured form."""
        check_user_id(user_id)
        if role not in MESSAGE_ROLES:
            raise ValueError(f"message role must be one of {', '.join(MESSAGE_ROLES)}, not {role!r}")
        if not isinstance(content, str):
            raise ValueError(f"message content must be a string, not {type(content).__name__}")
        try:
            answer_json = None if answer is None else json.dumps(answer, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"answer must be JSON-serialisable: {exc}") from exc
        row = MessageRow(
            user_id=user_id, role=role, content=content, answer=answer_json, created_at=datetime.now(UTC)
        )
        with self._session_factory().begin() as session:
            session.add(row)

    def history(self, user_id: str, limit: int | None = 20) -> list[dict[str, Any]]:
        """The user's last ``limit`` messages (all when None), oldest first, as JSON-able dicts."""
        check_user_id(user_id)
        if limit is not None and limit < 0:
            raise ValueError("limit must be zero or more")
        query = select(MessageRow).where(MessageRow.user_id == user_id).order_by(MessageRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._session_factory()() as session:
            rows = session.scalars(query).all()
        return [_message_dict(row) for row in reversed(rows)]

    def forget(self, user_id: str) -> dict[str, int]:
        """Delete everything stored about the user, atomically; rows deleted per table."""
        check_user_id(user_id)
        with self._session_factory().begin() as session:
            messages = session.execute(delete(MessageRow).where(MessageRow.user_id == user_id))
            profiles = session.execute(delete(ProfileRow).where(ProfileRow.user_id == user_id))
        return {"profiles": profiles.rowcount, "messages": messages.rowcount}

    def export(self, user_id: str) -> dict[str, Any]:
        """Everything stored about the user, as a JSON-able dict they can keep or take elsewhere."""
        check_user_id(user_id)
        with self._session_factory()() as session, session.begin():
            profile = self._load_profile(session, user_id)
            rows = session.scalars(
                select(MessageRow).where(MessageRow.user_id == user_id).order_by(MessageRow.id)
            ).all()
            messages = [_message_dict(row) for row in rows]
        return {
            "format": EXPORT_FORMAT,
            "user_id": user_id,
            "exported_at": datetime.now(UTC).isoformat(),
            "profile": profile.model_dump(mode="json") if profile else None,
            "messages": messages,
        }
