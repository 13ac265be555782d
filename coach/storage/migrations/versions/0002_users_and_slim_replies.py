"""Users own personal data; replies keep a slim record instead of the whole answer.

Every user id found in profiles or messages becomes a user. Each stored answer (a full dump that
included the profile and retrieved snippets) is reduced to the slim record the turn service now
writes: mode, language, cited source ids, plan item ids and a task-map summary.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def slim(answer: dict) -> dict:
    """The slim record of an old answer dump (kept here, frozen, so the migration never changes)."""
    task_map = answer.get("task_map") or None
    counts: dict[str, int] = {}
    for task in (task_map or {}).get("tasks") or []:
        counts[task.get("category", "")] = counts.get(task.get("category", ""), 0) + 1
    return {
        "mode": answer.get("mode", "coach"),
        "language": answer.get("language", "en"),
        "source_ids": [s.get("id", "") for s in answer.get("sources") or []],
        "plan_item_ids": [
            f"{(p.get('source') or {}).get('id', '')}#{_slug(p.get('title', ''))}"
            for p in answer.get("next_problems") or []
        ],
        "task_map": {
            "tasks": sum(counts.values()),
            "counts": counts,
            "method": task_map.get("method", ""),
            "source": task_map.get("source", ""),
        }
        if task_map
        else None,
        "fallback": bool(answer.get("fallback")),
        "error": answer.get("error"),
    }


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False, server_default="member"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    bind = op.get_bind()
    known = bind.execute(sa.text("SELECT user_id FROM profiles UNION SELECT user_id FROM messages")).scalars()
    now = datetime.now(UTC)
    users = sa.table("users", sa.column("id"), sa.column("role"), sa.column("created_at", sa.DateTime))
    rows = [{"id": uid, "role": "member", "created_at": now} for uid in known]
    if rows:
        op.bulk_insert(users, rows)

    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("record", sa.Text(), nullable=True))
    for message_id, dump in bind.execute(sa.text("SELECT id, answer FROM messages WHERE answer IS NOT NULL")):
        try:
            record = json.dumps(slim(json.loads(dump)), ensure_ascii=False)
        except (ValueError, TypeError, AttributeError):
            record = None  # an unreadable old dump: the message text is kept, the extras are not
        bind.execute(sa.text("UPDATE messages SET record = :r WHERE id = :i"), {"r": record, "i": message_id})
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("answer")
        batch.create_foreign_key("fk_messages_user", "users", ["user_id"], ["id"], ondelete="CASCADE")
    with op.batch_alter_table("profiles") as batch:
        batch.create_foreign_key("fk_profiles_user", "users", ["user_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint("fk_profiles_user", type_="foreignkey")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_user", type_="foreignkey")
        batch.add_column(sa.Column("answer", sa.Text(), nullable=True))
        batch.drop_column("record")
    op.drop_table("users")
