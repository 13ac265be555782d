import json
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from coach.profile import Profile
from coach.store import ProfileStore, database_url


@pytest.fixture
def store(settings):
    s = ProfileStore(settings)
    yield s
    s.close()


def _profile(user_id: str, **fields) -> Profile:
    base = {
        "role": "payroll clerk",
        "role_id": "role/payroll-clerk",
        "sector": "sector/hr",
        "tasks": ["reconcile timesheets"],
        "skills": ["Excel"],
        "goals": ["move into HR analytics"],
        "constraints": ["can't relocate"],
        "language": "en",
        "updated_at": datetime(2025, 3, 1, 12, 30, tzinfo=UTC),
    }
    return Profile(user_id=user_id, **(base | fields))


@contextmanager
def _sqlite(settings):
    """The store's SQLite file opened directly, bypassing the store; commits on success."""
    db = sqlite3.connect(settings.data_dir / "coach.db")
    try:
        with db:
            yield db
    finally:
        db.close()


def _count_rows(settings, user_id: str) -> dict[str, int]:
    """Rows about ``user_id`` read straight from the database file."""
    with _sqlite(settings) as db:
        return {
            table: db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (user_id,)).fetchone()[0]
            for table in ("profiles", "messages")
        }


def test_default_database_is_sqlite_in_the_data_dir_created_on_first_use(settings):
    assert database_url(settings) == f"sqlite:///{settings.data_dir / 'coach.db'}"
    assert not settings.data_dir.exists()
    store = ProfileStore(settings)
    assert store.get_profile("ana") == Profile(user_id="ana")
    assert (settings.data_dir / "coach.db").is_file()
    store.close()


def test_database_url_setting_moves_the_database(settings, tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere' / 'db.sqlite'}"
    store = ProfileStore(settings.model_copy(update={"database_url": url}))
    store.save_profile(_profile("ana"))
    store.close()
    assert (tmp_path / "elsewhere" / "db.sqlite").is_file()
    assert not (settings.data_dir / "coach.db").exists()


def test_in_memory_sqlite_works_across_calls(settings):
    store = ProfileStore(settings.model_copy(update={"database_url": "sqlite://"}))
    store.save_profile(_profile("ana"))
    store.append_message("ana", "user", "hello")
    assert store.get_profile("ana").role == "payroll clerk"
    assert [m["content"] for m in store.history("ana")] == ["hello"]


def test_profile_round_trips_and_persists_across_store_instances(settings):
    first = ProfileStore(settings)
    first.save_profile(_profile("ana"))
    first.append_message("ana", "user", "I'm a payroll clerk")
    first.close()

    second = ProfileStore(settings)
    assert second.get_profile("ana") == _profile("ana")
    assert [m["content"] for m in second.history("ana")] == ["I'm a payroll clerk"]
    second.close()


def test_saving_again_replaces_the_profile(store):
    store.save_profile(_profile("ana"))
    store.save_profile(_profile("ana", role="nurse", skills=["triage"]))
    got = store.get_profile("ana")
    assert (got.role, got.skills) == ("nurse", ["triage"])


def test_history_is_oldest_first_limited_and_keeps_structured_answers(store):
    answer = {"answer": "Own payroll exceptions [1]", "sources": [{"id": "role/payroll-clerk"}]}
    for i in range(5):
        store.append_message("ana", "user", f"question {i}")
        store.append_message("ana", "assistant", f"reply {i}", answer=answer)
    last_three = store.history("ana", limit=3)
    assert [m["content"] for m in last_three] == ["reply 3", "question 4", "reply 4"]
    assert last_three[0]["role"] == "assistant" and last_three[0]["answer"] == answer
    assert last_three[1]["answer"] is None
    assert datetime.fromisoformat(last_three[0]["created_at"]).tzinfo is not None
    assert len(store.history("ana", limit=None)) == 10
    assert store.history("ana", limit=0) == []
    json.dumps(last_three)  # JSON-able as returned


def test_users_are_isolated(store, settings):
    store.save_profile(_profile("ana", role="payroll clerk"))
    store.save_profile(_profile("ben", role="electrician"))
    store.append_message("ana", "user", "ana's secret")
    store.append_message("ben", "user", "ben's question")

    assert store.get_profile("ben").role == "electrician"
    assert [m["content"] for m in store.history("ben")] == ["ben's question"]
    assert "ana's secret" not in json.dumps(store.export("ben"))

    assert store.forget("ben") == {"profiles": 1, "messages": 1}
    assert store.get_profile("ana").role == "payroll clerk"
    assert [m["content"] for m in store.history("ana")] == ["ana's secret"]
    assert _count_rows(settings, "ana") == {"profiles": 1, "messages": 1}


def test_user_ids_that_look_alike_are_different_users(store):
    store.append_message("ana", "user", "mine")
    for other in ("Ana", "ana ", "an%", "an_", "ana' OR '1'='1"):
        assert store.history(other) == []
        assert store.forget(other) == {"profiles": 0, "messages": 0}
    assert len(store.history("ana")) == 1


def test_forget_deletes_everything_about_the_user(store, settings):
    store.save_profile(_profile("ana"))
    for i in range(3):
        store.append_message("ana", "user", f"q{i}")
        store.append_message("ana", "assistant", f"a{i}", answer={"answer": f"a{i}"})

    assert store.forget("ana") == {"profiles": 1, "messages": 6}
    assert store.get_profile("ana") == Profile(user_id="ana")
    assert store.history("ana", limit=None) == []
    assert store.export("ana")["profile"] is None and store.export("ana")["messages"] == []
    assert _count_rows(settings, "ana") == {"profiles": 0, "messages": 0}
    assert store.forget("ana") == {"profiles": 0, "messages": 0}  # forgetting twice is fine


def test_forget_is_one_transaction(store, settings):
    """If deleting the profile fails, the messages deleted just before it come back."""
    store.save_profile(_profile("ana"))
    store.append_message("ana", "user", "keep me")
    with _sqlite(settings) as db:
        db.execute(
            "CREATE TRIGGER no_delete BEFORE DELETE ON profiles BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with pytest.raises(DBAPIError, match="disk full"):
        store.forget("ana")
    assert [m["content"] for m in store.history("ana")] == ["keep me"]
    assert store.get_profile("ana").role == "payroll clerk"


def test_export_holds_all_of_the_users_data_as_json(store):
    store.save_profile(_profile("ana"))
    store.append_message("ana", "user", "I'm a payroll clerk")
    store.append_message("ana", "assistant", "Start with exceptions [1]", answer={"sources": ["role/x"]})
    exported = json.loads(json.dumps(store.export("ana")))
    assert exported["format"] == "career-coach-export/1"
    assert exported["user_id"] == "ana"
    assert exported["profile"]["role_id"] == "role/payroll-clerk"
    assert exported["profile"]["updated_at"].startswith("2025-03-01T12:30")
    assert [(m["role"], m["content"]) for m in exported["messages"]] == [
        ("user", "I'm a payroll clerk"),
        ("assistant", "Start with exceptions [1]"),
    ]
    assert exported["messages"][1]["answer"] == {"sources": ["role/x"]}
    assert Profile.model_validate(exported["profile"]) == _profile("ana")  # it can be imported back


def test_export_of_an_unknown_user_is_empty(store):
    exported = store.export("nobody")
    assert (exported["profile"], exported["messages"]) == (None, [])


def test_unicode_and_long_content_survive(store):
    text = "Soy enfermera — ¿qué hago? 🙂 " * 500
    store.append_message("ana", "user", text)
    assert store.history("ana")[0]["content"] == text


@pytest.mark.parametrize("bad", ["", "   ", "x" * 129, "a\x00b", None, 42])
def test_bad_user_ids_are_refused_clearly(store, bad):
    with pytest.raises(ValueError, match="user id"):
        store.get_profile(bad)
    with pytest.raises(ValueError, match="user id"):
        store.forget(bad)


def test_longest_allowed_user_id_works(store):
    uid = "u" * 128
    store.save_profile(_profile(uid))
    assert store.get_profile(uid).user_id == uid


def test_bad_messages_are_refused_clearly(store):
    with pytest.raises(ValueError, match="role"):
        store.append_message("ana", "robot", "hi")
    with pytest.raises(ValueError, match="JSON"):
        store.append_message("ana", "assistant", "hi", answer={"when": object()})
    with pytest.raises(ValueError, match="limit"):
        store.history("ana", limit=-1)
    assert store.history("ana") == []  # nothing half-written


def test_an_unreadable_stored_profile_reads_as_empty(store, settings):
    store.save_profile(_profile("ana"))
    with _sqlite(settings) as db:
        db.execute("UPDATE profiles SET data = '{not json' WHERE user_id = 'ana'")
    assert store.get_profile("ana") == Profile(user_id="ana")
