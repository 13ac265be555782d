"""The tables, as the latest migration leaves them. Migrations (not ``create_all``) build the
database; a test checks that these definitions and the migrated schema agree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from coach.domain.principal import MAX_ID_CHARS


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    """A person known to this coach. Personal data hangs off this row and goes with it."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProfileRow(Base):
    __tablename__ = "profiles"

    user_id: Mapped[str] = mapped_column(
        String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[str] = mapped_column(Text)  # the Profile as JSON
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    # For replies, a slim record as JSON: mode, cited source ids, plan items, task-map summary.
    record: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CredentialRow(Base):
    """A local account's sign-in name and argon2 password hash (COACH_AUTH=local)."""

    __tablename__ = "credentials"

    user_id: Mapped[str] = mapped_column(
        String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IdentityRow(Base):
    """An identity provider's subject, mapped to a coach account on first sign-in (COACH_AUTH=oidc)."""

    __tablename__ = "identities"

    issuer: Mapped[str] = mapped_column(String(512), primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InviteRow(Base):
    """An invite code (only its SHA-256 is kept), single use, with an expiry."""

    __tablename__ = "invites"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str | None] = mapped_column(String(MAX_ID_CHARS), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    team_id: Mapped[str | None] = mapped_column(String(MAX_ID_CHARS), nullable=True)  # joins this team


class SessionRow(Base):
    """A signed-in browser session (only the token's SHA-256 is kept), expiring."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_user_id", "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SigninFailureRow(Base):
    """A failed sign-in, counted to slow down password guessing."""

    __tablename__ = "signin_failures"
    __table_args__ = (Index("ix_signin_failures_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlanItemRow(Base):
    """One of the person's next problems or plan steps, markable done (progress over time)."""

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("user_id", "item_id", name="uq_plan_items_user_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))  # "problem" or "step"
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TeamRow(Base):
    """A team piloting the coach: its members, its uploads, its aggregate-only insights."""

    __tablename__ = "teams"

    id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TeamMemberRow(Base):
    __tablename__ = "team_members"
    __table_args__ = (Index("ix_team_members_user_id", "user_id"),)

    team_id: Mapped[str] = mapped_column(
        String(MAX_ID_CHARS), ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16))  # "member" or "admin" (of this team only)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UploadRow(Base):
    """A document a team uploaded; its chunks live in the index under the team's scope."""

    __tablename__ = "uploads"
    __table_args__ = (UniqueConstraint("team_id", "filename", name="uq_uploads_team_filename"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), ForeignKey("teams.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    chunks: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The file itself, so a rebuilt index (new embedder, corruption) gets the team's chunks back.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)


class ActivityRow(Base):
    """One coaching turn, for aggregate-only team insights: when, its topic and the task-map
    counts. It holds no text, by design: the insights queries read this table and no other
    personal one."""

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_user_id_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    topic: Mapped[str] = mapped_column(String(32))
    automate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    augment: Mapped[int | None] = mapped_column(Integer, nullable=True)
    human_core: Mapped[int | None] = mapped_column(Integer, nullable=True)
