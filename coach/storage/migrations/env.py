"""Alembic's entry point. The coach runs migrations itself (``coach.storage.migrate``) and hands
over an open connection, so no alembic.ini or URL is needed here."""

from __future__ import annotations

from alembic import context

from coach.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
