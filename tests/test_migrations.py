"""The schema comes from Alembic migrations: a blank database, a database made by the first
release (create_all, no version table) and a downgrade all end at the same pinned schema."""

import json
import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
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
)
from coach.storage.repositories import ConversationRepository, ProfileRepository
from coach.storage.tables import Base

SCHEMA = {
    "alembic_version": {"version_num"},
    "users": {"id", "role", "created_at"},
    "profiles": {"user_id", "data", "updated_at"},
    "messages": {"id", "user_id", "role", "content", "record", "created_at"},
}

# What the first release's create_all made, written out rather than imported.
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


def _url(path) -> str:
    return f"sqlite:///{path}"


def _schema(engine) -> dict[str, set[str]]:
    with engine.connect() as connection:
        inspector = inspect(connection)
        return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}


def _indexes(engine, table: str) -> dict[str, list[str]]:
    with engine.connect() as connection:
        return {i["name"]: i["column_names"] for i in inspect(connection).get_indexes(table)}


def _foreign_keys(engine, table: str) -> list[tuple]:
    with engine.connect() as connection:
        keys = inspect(connection).get_foreign_keys(table)
    return [(k["constrained_columns"], k["referred_table"], k["options"].get("ondelete")) for k in keys]


@pytest.fixture
def blank_engine(tmp_path):
    """An engine on an empty SQLite file, migrated to the latest revision."""
    engine = make_engine(_url(tmp_path / "blank.db"))
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def old_database(tmp_path):
    """A SQLite file as the first release left it, with rows for three people; its path."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        db.executemany(
            "INSERT INTO profiles VALUES (?, ?, ?)",
            [
                ("ana", json.dumps(OLD_PROFILE), "2025-03-01 12:30:00.000000"),
                ("carl", json.dumps({"user_id": "carl", "role": "nurse"}), "2025-03-02 08:00:00.000000"),
            ],
        )
        db.executemany(
            "INSERT INTO messages (user_id, role, content, answer, created_at) VALUES (?, ?, ?, ?, ?)",
            [
                ("ana", "user", OLD_ANSWER["question"], None, "2025-03-01 12:30:00.000000"),
                (
                    "ana",
                    "assistant",
                    OLD_ANSWER["text"],
                    json.dumps(OLD_ANSWER),
                    "2025-03-01 12:30:01.000000",
                ),
                ("ben", "user", "hello", None, "2025-03-03 09:00:00.000000"),
                ("ben", "assistant", "hi", "{not json", "2025-03-03 09:00:01.000000"),
                ("ben", "assistant", "bare", json.dumps({}), "2025-03-03 09:00:02.000000"),
            ],
        )
    db.close()
    return path


def test_a_blank_database_gets_exactly_the_pinned_schema(blank_engine):
    assert _schema(blank_engine) == SCHEMA
    assert _indexes(blank_engine, "messages") == {"ix_messages_user_id_id": ["user_id", "id"]}
    assert _foreign_keys(blank_engine, "messages") == [(["user_id"], "users", "CASCADE")]
    assert _foreign_keys(blank_engine, "profiles") == [(["user_id"], "users", "CASCADE")]
    assert current_revision(blank_engine) == head_revision() == "0002"


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


def test_reopening_a_database_keeps_its_data(tmp_path):
    ana = Principal(user_id="ana")
    first = Database(_url(tmp_path / "coach.db"))
    ConversationRepository(first).record_turn(ana, ana.own(), "q", "r", TurnRecord())
    first.close()
    second = Database(_url(tmp_path / "coach.db"))
    assert [m["content"] for m in ConversationRepository(second).history(ana, ana.own())] == ["q", "r"]
    second.close()


def test_a_first_release_database_is_stamped_and_upgraded(old_database):
    db = Database(_url(old_database))
    engine = db.engine  # first use migrates
    assert current_revision(engine) == head_revision()
    assert _schema(engine) == SCHEMA  # the answer column is gone
    assert _indexes(engine, "messages") == {"ix_messages_user_id_id": ["user_id", "id"]}
    with engine.connect() as connection:
        users = connection.execute(text("SELECT id, role FROM users ORDER BY id")).all()
    assert [tuple(u) for u in users] == [("ana", "member"), ("ben", "member"), ("carl", "member")]
    db.close()


def test_old_answer_dumps_become_slim_records(old_database):
    db = Database(_url(old_database))
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
    db = Database(_url(old_database))
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
    assert ConversationRepository(db).forget(ben, ben.own()) == {"profiles": 0, "messages": 3}
    db.close()


def test_after_upgrade_messages_need_a_user(old_database):
    db = Database(_url(old_database))
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
    db = Database(str(blank_engine.url))
    ConversationRepository(db).record_turn(ana, ana.own(), "q", "r", TurnRecord(source_ids=["role/x"]))
    db.close()

    with blank_engine.begin() as connection:
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
    db = Database(str(blank_engine.url))
    assert [m["content"] for m in ConversationRepository(db).history(ana, ana.own())] == ["q", "r"]
    db.close()
