"""The tables, as the latest migration leaves them. Migrations (not ``create_all``) build the
database; a test checks that these definitions and the migrated schema agree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from coach.domain.principal import MAX_ID_CHARS


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    """A person known to this coach. Personal data hangs off this row and goes with it."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(MAX_ID_CHARS), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
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
