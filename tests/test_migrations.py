"""The schema comes from Alembic migrations: a blank database, a database made by the first
release (create_all, no version table) and a downgrade all end at the same pinned schema, on
SQLite and on PostgreSQL alike (``database_url``, tests/fixtures_db.py)."""

import json
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from coach.domain.answer import TurnRecord
from coach.domain.principal import Principal
from coach.storage import database as database_module
from coach.storage.database import (
    Database,
    _alembic_config,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    migration_connection,
)
from coach.storage.repositories import ConversationRepository, ProfileRepository
from coach.storage.tables import Base

HEAD = "0005"
SCHEMA = {
    "alembic_version": {"version_num"},
    "users": {"id", "role", "status", "created_at"},
    "profiles": {"user_id", "data", "updated_at"},
    "messages": {"id", "user_id", "role", "content", "record", "created_at"},
    "credentials": {"user_id", "username", "password_hash", "updated_at"},
    "identities": {"issuer", "subject", "user_id", "created_at"},
    "invites": {"code_hash", "role", "created_by", "created_at", "expires_at", "used_at", "team_id"},
    "sessions": {"token_hash", "user_id", "created_at", "expires_at"},
    "signin_failures": {"id", "username", "at"},
    "plan_items": {
        "id",
        "user_id",
        "item_id",
        "kind",
        "title",
        "detail",
        "source_id",
        "created_at",
        "done_at",
    },
    "teams": {"id", "name", "created_at"},
    "team_members": {"team_id", "user_id", "role", "joined_at"},
    "uploads": {"id", "team_id", "filename", "title", "kind", "sha256", "chunks", "uploaded_at", "content"},
    "activity": {"id", "user_id", "at", "topic", "automate", "augment", "human_core"},
}
INDEXES = {
    "messages": {"ix_messages_user_id_id": ["user_id", "id"]},
    "sessions": {"ix_sessions_user_id": ["user_id"]},
    "signin_failures": {"ix_signin_failures_username_at": ["username", "at"]},
    "team_members": {"ix_team_members_user_id": ["user_id"]},
    "activity": {"ix_activity_user_id_at": ["user_id", "at"]},
}
OWNED_BY_A_USER = (
    "profiles",
    "messages",
    "credentials",
    "identities",
    "sessions",
    "plan_items",
    "activity",
)
UNIQUE = {
    "credentials": [["username"]],
    "plan_items": [["user_id", "item_id"]],
    "teams": [["name"]],
    "uploads": [["team_id", "filename"]],
}
OTHER_KEYS = {
    "team_members": [(["team_id"], "teams", "CASCADE"), (["user_id"], "users", "CASCADE")],
    "uploads": [(["team_id"], "teams", "CASCADE")],
}

# What the first release's create_all made, written out rather than imported: on SQLite...
OLD_SCHEMA = """
CREATE TABLE profiles (
    user_id VARCHAR(128) NOT NULL, data TEXT NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (user_id)
);
CREATE TABLE messages (
    id INTEGER NOT NULL, user_id VARCHAR(128) NOT NULL, role VARCHAR(16) NOT NULL, content TEXT NOT NULL,
    answer TEXT, created_at DATETIME NOT NULL, PRIMARY KEY (id)
);
CREATE INDEX ix_messages_user_id_id ON messages (user_id, id);
"""
# ... and on PostgreSQL (DateTime(timezone=True) is TIMESTAMP WITH TIME ZONE, the id a SERIAL).
OLD_SCHEMA_POSTGRESQL = """
CREATE TABLE profiles (
    user_id VARCHAR(128) NOT NULL, data TEXT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id)
);
CREATE TABLE messages (
    id SERIAL NOT NULL, user_id VARCHAR(128) NOT NULL, role VARCHAR(16) NOT NULL, content TEXT NOT NULL,
    answer TEXT, created_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (id)
);
CREATE INDEX ix_messages_user_id_id ON messages (user_id, id);
"""

# An assistant message as the first release stored it: the whole answer, profile and snippets too.
OLD_ANSWER = {
    "question": "I'm a payroll clerk, what next?",
    "text": "Own payroll exceptions [1].",
    "mode": "coach",
    "language": "es",
    "sources": [{"n": 1, "id": "role/payroll-clerk", "snippet": "SECRET SNIPPET", "title": "Payroll clerk"}],
    "retrieved": [
        {"n": 1, "id": "role/payroll-clerk", "snippet": "SECRET SNIPPET"},
        {"n": 2, "id": "skill/verifying-ai-output", "snippet": "another snippet"},
    ],
    "task_map": {
        "tasks": [
            {"task": "compile timesheets", "category": "automate", "exposure": "E1"},
            {"task": "calculate wages", "category": "automate", "exposure": "E1"},
            {"task": "answer pay questions", "category": "augment", "exposure": "E2"},
        ],
        "method": "lexical",
        "source": "role/payroll-clerk",
    },
    "next_problems": [
        {"title": "Own payroll exceptions!", "source": {"id": "role/payroll-clerk", "title": "Payroll clerk"}}
    ],
    "profile": {"user_id": "ana", "role": "payroll clerk", "goals": ["SECRET GOAL"]},
    "fallback": False,
    "error": None,
}
OLD_PROFILE = {
    "user_id": "ana",
    "role": "payroll clerk",
    "role_id": "role/payroll-clerk",
    "skills": ["Excel"],
}


def _schema(engine) -> dict[str, set[str]]:
    with engine.connect() as connection:
        inspector = inspect(connection)
        return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}


def _indexes(engine, table: str) -> dict[str, list[str]]:
    """Indexes made as indexes (not those PostgreSQL builds behind a unique constraint)."""
    with engine.connect() as connection:
        return {
            i["name"]: i["column_names"]
            for i in inspect(connection).get_indexes(table)
            if "duplicates_constraint" not in i
        }


def _unique(engine, table: str) -> list[list[str]]:
    with engine.connect() as connection:
        return sorted(u["column_names"] for u in inspect(connection).get_unique_constraints(table))


def _foreign_keys(engine, table: str) -> list[tuple]:
    with engine.connect() as connection:
        keys = inspect(connection).get_foreign_keys(table)
    return [(k["constrained_columns"], k["referred_table"], k["options"].get("ondelete")) for k in keys]


@pytest.fixture
def blank_engine(database_url):
    """An engine on an empty database (SQLite, then PostgreSQL), migrated to the latest revision."""
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def _old_time(dialect: str, stamp: str):
    """A time as the first release stored it: SQLite's text without a zone, PostgreSQL's
    timestamptz (the app wrote UTC)."""
    if dialect == "sqlite":
        return f"{stamp}.000000"
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


@pytest.fixture
def old_database(database_url):
    """A database as the first release left it, with rows for three people; its URL."""
    engine = create_engine(database_url)  # plain: none of the coach's settings
    dialect = engine.dialect.name
    at = lambda stamp: _old_time(dialect, stamp)  # noqa: E731
    ddl = OLD_SCHEMA if dialect == "sqlite" else OLD_SCHEMA_POSTGRESQL
    with engine.begin() as db:
        for statement in filter(str.strip, ddl.split(";")):
            db.exec_driver_sql(statement)
        db.execute(
            text("INSERT INTO profiles VALUES (:user_id, :data, :at)"),
            [
                {"user_id": "ana", "data": json.dumps(OLD_PROFILE), "at": at("2025-03-01 12:30:00")},
                {
                    "user_id": "carl",
                    "data": json.dumps({"user_id": "carl", "role": "nurse"}),
                    "at": at("2025-03-02 08:00:00"),
                },
            ],
        )
        db.execute(
            text(
                "INSERT INTO messages (user_id, role, content, answer, created_at) "
                "VALUES (:user_id, :role, :content, :answer, :at)"
            ),
            [
                dict(zip(("user_id", "role", "content", "answer", "at"), row, strict=True))
                for row in (
                    ("ana", "user", OLD_ANSWER["question"], None, at("2025-03-01 12:30:00")),
                    (
                        "ana",
                        "assistant",
                        OLD_ANSWER["text"],
                        json.dumps(OLD_ANSWER),
                        at("2025-03-01 12:30:01"),
                    ),
                    ("ben", "user", "hello", None, at("2025-03-03 09:00:00")),
                    ("ben", "assistant", "hi", "{not json", at("2025-03-03 09:00:01")),
                    ("ben", "assistant", "bare", json.dumps({}), at("2025-03-03 09:00:02")),
                )
            ],
        )
    engine.dispose()
    return database_url


def test_a_blank_database_gets_exactly_the_pinned_schema(blank_engine):
    assert _schema(blank_engine) == SCHEMA
    assert _indexes(blank_engine, "messages") == {"ix_messages_user_id_id": ["user_id", "id"]}
    assert _foreign_keys(blank_engine, "messages") == [(["user_id"], "users", "CASCADE")]
    assert _foreign_keys(blank_engine, "profiles") == [(["user_id"], "users", "CASCADE")]
    assert current_revision(blank_engine) == head_revision() == HEAD


def test_every_table_has_exactly_the_pinned_indexes_keys_and_unique_constraints(blank_engine):
    for table in SCHEMA:
        assert _indexes(blank_engine, table) == INDEXES.get(table, {}), table
        owned = [(["user_id"], "users", "CASCADE")] if table in OWNED_BY_A_USER else OTHER_KEYS.get(table, [])
        assert sorted(_foreign_keys(blank_engine, table)) == sorted(owned), table
        assert _unique(blank_engine, table) == UNIQUE.get(table, []), table


def test_the_table_definitions_agree_with_the_migrated_schema(blank_engine):
    declared = {name: {c.name for c in table.columns} for name, table in Base.metadata.tables.items()}
    assert declared == {t: cols for t, cols in SCHEMA.items() if t != "alembic_version"}
    assert {i.name for i in Base.metadata.tables["messages"].indexes} == {"ix_messages_user_id_id"}
    with blank_engine.connect() as connection:  # Alembic's own diff: types, nullability, keys, indexes
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrating_twice_is_a_no_op(blank_engine, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an up-to-date database was migrated again")

    monkeypatch.setattr(database_module.command, "upgrade", refuse)
    monkeypatch.setattr(database_module.command, "stamp", refuse)
    migrate(blank_engine)
    assert current_revision(blank_engine) == head_revision()
    assert _schema(blank_engine) == SCHEMA


def test_reopening_a_database_keeps_its_data(database_url):
    ana = Principal(user_id="ana")
    first = Database(database_url)
    ConversationRepository(first).record_turn(ana, ana.own(), "q", "r", TurnRecord())
    first.close()
    second = Database(database_url)
    assert [m["content"] for m in ConversationRepository(second).history(ana, ana.own())] == ["q", "r"]
    second.close()


def test_a_first_release_database_is_stamped_and_upgraded(old_database):
    db = Database(old_database)
    engine = db.engine  # first use migrates
    assert current_revision(engine) == head_revision()
    assert _schema(engine) == SCHEMA  # the answer column is gone
    assert _indexes(engine, "messages") == {"ix_messages_user_id_id": ["user_id", "id"]}
    with engine.connect() as connection:
        users = connection.execute(text("SELECT id, role FROM users ORDER BY id")).all()
    assert [tuple(u) for u in users] == [("ana", "member"), ("ben", "member"), ("carl", "member")]
    db.close()


def test_old_answer_dumps_become_slim_records(old_database):
    db = Database(old_database)
    with db.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT record FROM messages WHERE content = :c"), {"c": OLD_ANSWER["text"]}
        )
        raw = stored.scalar_one()
    record = json.loads(raw)
    assert record == {
        "mode": "coach",
        "language": "es",
        "source_ids": ["role/payroll-clerk"],
        "plan_item_ids": ["role/payroll-clerk#own-payroll-exceptions"],
        "task_map": {
            "tasks": 3,
            "counts": {"automate": 2, "augment": 1},
            "method": "lexical",
            "source": "role/payroll-clerk",
        },
        "fallback": False,
        "error": None,
    }
    assert "SECRET" not in raw and "snippet" not in raw
    assert TurnRecord.model_validate(record).task_map.tasks == 3  # readable as the app reads records
    db.close()


def test_old_messages_and_profiles_read_through_the_repositories(old_database):
    db = Database(old_database)
    ana, ben = Principal(user_id="ana"), Principal(user_id="ben")
    history = ConversationRepository(db).history(ana, ana.own())
    assert [(m["role"], m["content"]) for m in history] == [
        ("user", OLD_ANSWER["question"]),
        ("assistant", OLD_ANSWER["text"]),
    ]
    assert history[0]["record"] is None and history[1]["record"]["source_ids"] == ["role/payroll-clerk"]
    assert history[1]["created_at"].startswith("2025-03-01T12:30:01")
    bens = ConversationRepository(db).history(ben, ben.own())
    assert [m["content"] for m in bens] == ["hello", "hi", "bare"]
    assert bens[1]["record"] is None  # an unreadable dump: the text is kept, the extras are not
    assert bens[2]["record"]["source_ids"] == [] and bens[2]["record"]["mode"] == "coach"
    profile = ProfileRepository(db).get(ana, ana.own())
    assert (profile.role_id, profile.skills) == ("role/payroll-clerk", ["Excel"])
    assert ConversationRepository(db).forget(ben, ben.own()) == {
        "profiles": 0,
        "messages": 3,
        "plan_items": 0,
        "activity": 0,
    }
    db.close()


def test_after_upgrade_messages_need_a_user(old_database):
    db = Database(old_database)
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO messages (user_id, role, content, created_at) "
                "VALUES ('ghost', 'user', 'x', '2025-01-01')"
            )
        )
    with db.engine.begin() as connection:  # deleting a user takes their data with them
        connection.execute(text("DELETE FROM users WHERE id = 'ana'"))
        left = connection.execute(text("SELECT COUNT(*) FROM messages WHERE user_id = 'ana'")).scalar_one()
        profiles = connection.execute(
            text("SELECT COUNT(*) FROM profiles WHERE user_id = 'ana'")
        ).scalar_one()
    assert (left, profiles) == (0, 0)
    db.close()


def test_downgrade_to_the_baseline_and_upgrade_again(blank_engine):
    ana = Principal(user_id="ana")
    db = Database(blank_engine.url.render_as_string(hide_password=False))
    ConversationRepository(db).record_turn(ana, ana.own(), "q", "r", TurnRecord(source_ids=["role/x"]))
    db.close()

    with migration_connection(blank_engine) as connection:  # as migrate runs them
        command.downgrade(_alembic_config(connection), "0001")
    assert current_revision(blank_engine) == "0001"
    assert _schema(blank_engine) == {
        "alembic_version": {"version_num"},
        "profiles": {"user_id", "data", "updated_at"},
        "messages": {"id", "user_id", "role", "content", "answer", "created_at"},
    }
    assert _foreign_keys(blank_engine, "messages") == []

    migrate(blank_engine)
    assert current_revision(blank_engine) == head_revision()
    assert _schema(blank_engine) == SCHEMA
    with blank_engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    db = Database(blank_engine.url.render_as_string(hide_password=False))
    assert [m["content"] for m in ConversationRepository(db).history(ana, ana.own())] == ["q", "r"]
    db.close()


def test_new_turns_after_the_upgrade_come_after_the_old_ones(old_database):
    """The message ids go on from the old rows' (PostgreSQL's sequence survives the upgrade)."""
    db = Database(old_database)
    ana = Principal(user_id="ana")
    ConversationRepository(db).record_turn(ana, ana.own(), "new question", "new reply", TurnRecord())
    history = ConversationRepository(db).history(ana, ana.own(), limit=None)
    assert [m["content"] for m in history] == [
        OLD_ANSWER["question"],
        OLD_ANSWER["text"],
        "new question",
        "new reply",
    ]
    db.close()
