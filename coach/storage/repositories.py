"""Repositories: every method takes the principal asking and the scope it is about.

Access is decided by ``coach.domain.principal`` and fails closed: a read by no principal, or for
a scope the principal cannot read, returns nothing; such a write raises ``AccessDenied``. Personal
data lives only in the ``user`` scope, which its owner alone can read (admins included).
A person's data is theirs: ``export`` hands over all of it and ``forget`` deletes all of it in
one transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.domain.activity import topic_of
from coach.domain.answer import TurnRecord
from coach.domain.plan import PlanItem
from coach.domain.principal import AccessDenied, Principal, Scope, can_read, require
from coach.domain.profile import Profile
from coach.storage.database import Database
from coach.storage.tables import ActivityRow, MessageRow, PlanItemRow, ProfileRow, UserRow

MESSAGE_ROLES = ("user", "assistant", "system")
EXPORT_FORMAT = "career-coach-export/2"
WRITE_ATTEMPTS = 3  # a first write races others creating the same user or profile row

T = TypeVar("T")

log = logging.getLogger(__name__)


def aware(moment: datetime) -> datetime:
    """The moment in UTC: SQLite hands datetimes back without a zone (they were written in UTC),
    PostgreSQL in the server's time zone."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _message_dict(row: MessageRow) -> dict[str, Any]:
    return {
        "role": row.role,
        "content": row.content,
        "record": json.loads(row.record) if row.record is not None else None,
        "created_at": aware(row.created_at).isoformat(),
    }


def _count(result: Any) -> int:
    """Rows a DELETE removed (a CursorResult's rowcount)."""
    return int(result.rowcount)


def _personal(scope: Scope) -> str:
    """The owning user id of a personal scope; a ValueError for any other scope."""
    if scope.kind != "user" or scope.owner is None:
        raise ValueError(f"profiles and conversations live in a user scope, not {scope.key!r}")
    return scope.owner


def _write(db: Database, work: Callable[[Session], T]) -> T:
    """``work`` in one write transaction, run again when a concurrent writer inserted a row it
    meant to insert (its read saw no row, its insert then hit the other's): the rerun sees it."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with db.write() as session:
                return work(session)
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _ensure_user(session: Session, user_id: str, role: str = "member") -> None:
    if session.get(UserRow, user_id) is None:
        session.add(UserRow(id=user_id, role=role, created_at=datetime.now(UTC)))
        session.flush()


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure(self, principal: Principal | None) -> None:
        """Record the principal as a known user (the edge calls this once it has resolved them)."""
        if principal is None:
            raise AccessDenied("not signed in")
        require(principal, principal.own(), write=True)
        _write(self.db, lambda session: _ensure_user(session, principal.user_id, principal.role))


class ProfileRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, principal: Principal | None, scope: Scope) -> Profile:
        """The stored profile, or an empty one (also when the caller may not read it)."""
        owner = _personal(scope)
        if not can_read(principal, scope):
            return Profile(user_id=owner)
        with self.db.read() as session:
            return load_profile(session, owner) or Profile(user_id=owner)

    def save(self, principal: Principal | None, scope: Scope, profile: Profile) -> None:
        """Store ``profile`` as the scope owner's, replacing what was there."""
        require(principal, scope, write=True)
        owner = _personal(scope)
        _write(self.db, lambda session: store_profile(session, owner, profile))


def load_profile(session: Session, user_id: str) -> Profile | None:
    row = session.get(ProfileRow, user_id)
    if row is None:
        return None
    try:
        return Profile.model_validate_json(row.data).model_copy(update={"user_id": user_id})
    except ValidationError:
        log.warning("stored profile is unreadable; treating it as empty")
        return None


def store_profile(session: Session, user_id: str, profile: Profile) -> None:
    _ensure_user(session, user_id)
    profile = profile.model_copy(update={"user_id": user_id})
    data, updated_at = profile.model_dump_json(), profile.updated_at or datetime.now(UTC)
    row = session.get(ProfileRow, user_id)
    if row is None:
        session.add(ProfileRow(user_id=user_id, data=data, updated_at=updated_at))
    else:
        row.data, row.updated_at = data, updated_at


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def history(
        self, principal: Principal | None, scope: Scope, limit: int | None = 20
    ) -> list[dict[str, Any]]:
        """The last ``limit`` messages (all when None), oldest first; [] when not allowed."""
        if limit is not None and limit < 0:
            raise ValueError("limit must be zero or more")
        owner = _personal(scope)
        if not can_read(principal, scope):
            return []
        query = select(MessageRow).where(MessageRow.user_id == owner).order_by(MessageRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.db.read() as session:
            rows = session.scalars(query).all()
        return [_message_dict(row) for row in reversed(rows)]

    def record_turn(
        self,
        principal: Principal | None,
        scope: Scope,
        question: str,
        reply: str,
        record: TurnRecord,
        profile: Profile | None = None,
        plan: list[PlanItem] | None = None,
    ) -> None:
        """Store one whole turn (the updated profile, the question, the reply and the plan it
        offered) in one transaction: a crash leaves all of it or none of it."""
        require(principal, scope, write=True)
        owner = _personal(scope)
        for name, value in (("question", question), ("reply", reply)):
            if not isinstance(value, str):
                raise ValueError(f"{name} must be a string, not {type(value).__name__}")
        # PostgreSQL refuses NUL in text (SQLite keeps it): a model's stray NUL must not lose a turn.
        question, reply = question.replace("\x00", ""), reply.replace("\x00", "")
        now = datetime.now(UTC)

        def work(session: Session) -> None:
            _ensure_user(session, owner)
            if profile is not None:
                store_profile(session, owner, profile)
            session.add(MessageRow(user_id=owner, role="user", content=question, created_at=now))
            session.add(
                MessageRow(
                    user_id=owner,
                    role="assistant",
                    content=reply,
                    record=record.model_dump_json(),
                    created_at=now,
                )
            )
            if plan:
                store_plan(session, owner, plan, now)
            session.add(_activity(owner, record, now))

        _write(self.db, work)

    def export(self, principal: Principal | None, scope: Scope) -> dict[str, Any]:
        """Everything stored about the scope's owner, as a JSON-able dict they can keep."""
        owner = _personal(scope)
        require(principal, scope)
        with self.db.read() as session:
            profile = load_profile(session, owner)
            rows = session.scalars(
                select(MessageRow).where(MessageRow.user_id == owner).order_by(MessageRow.id)
            ).all()
            messages = [_message_dict(row) for row in rows]
            plan = [item.model_dump(mode="json") for item in load_plan(session, owner)]
            activity = [
                {"at": aware(row.at).isoformat(), "topic": row.topic, **_task_counts(row)}
                for row in session.scalars(
                    select(ActivityRow).where(ActivityRow.user_id == owner).order_by(ActivityRow.id)
                )
            ]
        return {
            "format": EXPORT_FORMAT,
            "user_id": owner,
            "exported_at": datetime.now(UTC).isoformat(),
            "profile": profile.model_dump(mode="json") if profile else None,
            "messages": messages,
            "plan": plan,
            "activity": activity,
        }

    def forget(self, principal: Principal | None, scope: Scope) -> dict[str, int]:
        """Delete everything stored about the scope's owner, atomically; rows deleted per table."""
        owner = _personal(scope)
        require(principal, scope, write=True)
        with self.db.write() as session:
            messages = session.execute(delete(MessageRow).where(MessageRow.user_id == owner))
            profiles = session.execute(delete(ProfileRow).where(ProfileRow.user_id == owner))
            plan = session.execute(delete(PlanItemRow).where(PlanItemRow.user_id == owner))
            activity = session.execute(delete(ActivityRow).where(ActivityRow.user_id == owner))
        return {
            "profiles": _count(profiles),
            "messages": _count(messages),
            "plan_items": _count(plan),
            "activity": _count(activity),
        }


def _activity(owner: str, record: TurnRecord, now: datetime) -> ActivityRow:
    """The text-free row team insights count: the turn's topic and its task-map counts."""
    counts = record.task_map.counts if record.task_map else None
    return ActivityRow(
        user_id=owner,
        at=now,
        topic=topic_of(record),
        automate=counts.get("automate", 0) if counts else None,
        augment=counts.get("augment", 0) if counts else None,
        human_core=counts.get("human-core", 0) if counts else None,
    )


def _task_counts(row: ActivityRow) -> dict[str, int | None]:
    return {"automate": row.automate, "augment": row.augment, "human_core": row.human_core}


def _plan_item(row: PlanItemRow) -> PlanItem:
    return PlanItem(
        item_id=row.item_id,
        kind=row.kind,
        title=row.title,
        detail=row.detail,
        source_id=row.source_id,
        created_at=aware(row.created_at),
        done_at=aware(row.done_at) if row.done_at else None,
    )


def load_plan(session: Session, user_id: str) -> list[PlanItem]:
    rows = session.scalars(select(PlanItemRow).where(PlanItemRow.user_id == user_id).order_by(PlanItemRow.id))
    return [_plan_item(row) for row in rows]


def store_plan(session: Session, user_id: str, items: list[PlanItem], now: datetime) -> None:
    """Add the plan items the person does not have yet; items they have keep their progress."""
    have = set(session.scalars(select(PlanItemRow.item_id).where(PlanItemRow.user_id == user_id)))
    for item in items:
        if item.item_id in have:
            continue
        have.add(item.item_id)
        session.add(
            PlanItemRow(
                user_id=user_id,
                item_id=item.item_id[:255],
                kind=item.kind,
                title=item.title,
                detail=item.detail,
                source_id=item.source_id,
                created_at=now,
            )
        )


class PlanRepository:
    """The person's saved plan items and their progress."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def items(self, principal: Principal | None, scope: Scope) -> list[PlanItem]:
        owner = _personal(scope)
        if not can_read(principal, scope):
            return []
        with self.db.read() as session:
            return load_plan(session, owner)

    def mark(self, principal: Principal | None, scope: Scope, item_id: str, done: bool) -> PlanItem:
        """Mark one of the person's items done (or not done again)."""
        require(principal, scope, write=True)
        owner = _personal(scope)
        with self.db.write() as session:
            row = session.scalar(
                select(PlanItemRow).where(PlanItemRow.user_id == owner, PlanItemRow.item_id == item_id)
            )
            if row is None:
                raise KeyError("no such item in your plan")
            row.done_at = datetime.now(UTC) if done else None
            return _plan_item(row)
