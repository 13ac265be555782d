"""The database: an engine from settings, migrated to the latest schema when first opened.

SQLAlchemy keeps the database a setting: SQLite in the data dir by default, PostgreSQL (or any
SQLAlchemy URL) through ``COACH_DATABASE_URL``. Alembic migrations in ``migrations/versions``
build the schema from nothing; a database made by the first release (tables, no version) is
recognised as revision 0001 and upgraded from there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from coach.config import Settings
from coach.storage.private import private_file

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # what the first release's create_all made

log = logging.getLogger(__name__)


def database_url(settings: Settings) -> str:
    """The configured URL, or a SQLite file in the data dir."""
    return settings.database_url or f"sqlite:///{Path(settings.data_dir) / 'coach.db'}"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    # The app serves each browser session on its own thread; SQLite connections may be shared.
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if parsed.database in (None, "", ":memory:"):
        options["poolclass"] = StaticPool  # one connection, or each would see its own empty database
    else:
        private_file(Path(parsed.database))  # 0600 in a 0700 folder: a person's data is theirs
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _foreign_keys(dbapi_connection, _record) -> None:  # SQLite leaves them off by default
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for Alembic to run migrations on.

    On SQLite, foreign keys are off while it runs, as Alembic's batch mode needs: it rebuilds a
    table by copying it, dropping the original and renaming the copy, and with foreign keys on,
    dropping a table that others point at deletes their rows (ON DELETE CASCADE on users would
    take every profile and message with it). The keys are checked before the commit and turned
    back on afterwards.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # a no-op inside a transaction, so before the migration's begins
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migrating left rows with dangling foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def migrate(engine: Engine) -> None:
    """Bring the database to the latest revision; a no-op when it is there already."""
    if current_revision(engine) == head_revision():
        return
    with migration_connection(engine) as connection:
        tables = set(inspect(connection).get_table_names())
        config = _alembic_config(connection)
        if "alembic_version" not in tables and "profiles" in tables:
            command.stamp(config, BASELINE)  # made by create_all before migrations existed
        command.upgrade(config, "head")
    log.info("database migrated to %s", head_revision())


class Database:
    """One engine and session factory, migrated on first use. Cheap to construct."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(database_url(settings))

    @property
    def engine(self) -> Engine:
        return self._factory().kw["bind"]

    def _factory(self) -> sessionmaker[Session]:
        with self._lock:
            if self._sessions is None:
                engine = make_engine(self.url)
                migrate(engine)
                self._engine, self._sessions = engine, sessionmaker(engine, expire_on_commit=False)
            return self._sessions

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (one consistent snapshot)."""
        with self._factory()() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose changes commit together at the end, or not at all."""
        with self._factory().begin() as session:
            yield session

    def close(self) -> None:
        """Release connections; the database reopens them if used again."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = self._sessions = None
