"""Activity: one row per coaching turn with its week, topic and task-map counts, no text. Team
insights are computed from this table alone. Uploads keep their file, so that a rebuilt index
gets the team's chunks back.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = 128


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.String(ID), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("automate", sa.Integer(), nullable=True),
        sa.Column("augment", sa.Integer(), nullable=True),
        sa.Column("human_core", sa.Integer(), nullable=True),
    )
    op.create_index("ix_activity_user_id_at", "activity", ["user_id", "at"])
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("content")
    op.drop_index("ix_activity_user_id_at", table_name="activity")
    op.drop_table("activity")
