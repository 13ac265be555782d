"""Profiles and conversations in the database: round trips, export and forget, and access that
fails closed (no principal, someone else's scope, an admin) on every repository method."""

import json
import threading
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from coach.domain.answer import Answer, Source, TurnRecord
from coach.domain.principal import CORPUS, AccessDenied, Principal, Scope
from coach.domain.profile import Profile
from coach.storage.database import Database, database_url, make_engine
from coach.storage.repositories import ConversationRepository, ProfileRepository, UserRepository

ANA = Principal(user_id="ana", team_ids=frozenset({"hr"}))
BEN = Principal(user_id="ben")
ADMIN = Principal(user_id="root", role="admin")


@pytest.fixture
def database(db) -> Database:
    """A fresh database, once on SQLite and once on PostgreSQL (tests/fixtures_db.py)."""
    return db


@pytest.fixture
def profiles(database) -> ProfileRepository:
    return ProfileRepository(database)


@pytest.fixture
def conversations(database) -> ConversationRepository:
    return ConversationRepository(database)


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


def _record(*source_ids: str, mode: str = "coach") -> TurnRecord:
    return TurnRecord(mode=mode, source_ids=list(source_ids))


def _turn(conversations, principal, question, reply="ok", record=None, profile=None) -> None:
    conversations.record_turn(principal, principal.own(), question, reply, record or _record(), profile)


@contextmanager
def _direct(url: str):
    """The database opened directly on its own engine, bypassing the repositories; commits on
    success."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _count_rows(url: str, user_id: str) -> dict[str, int]:
    """Rows about ``user_id`` read straight from the database."""
    with _direct(url) as db:
        return {
            table: db.execute(
                text(f"SELECT COUNT(*) FROM {table} WHERE {column} = :u"), {"u": user_id}
            ).scalar_one()
            for table, column in (("users", "id"), ("profiles", "user_id"), ("messages", "user_id"))
        }


def _failing_trigger(db: Connection, name: str, before: str, table: str, when: str = "TRUE") -> None:
    """A trigger that aborts the statement with 'disk full' (SQLite's RAISE, PostgreSQL's
    plpgsql), ``before`` INSERT or DELETE on ``table`` for rows where ``when`` holds."""
    if db.dialect.name == "sqlite":
        db.exec_driver_sql(
            f"CREATE TRIGGER {name} BEFORE {before} ON {table} WHEN {when} "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        return
    row = "OLD" if before == "DELETE" else "NEW"
    db.exec_driver_sql(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {when} THEN RAISE EXCEPTION 'disk full'; END IF; RETURN {row}; END $$"
    )
    db.exec_driver_sql(
        f"CREATE TRIGGER {name} BEFORE {before} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
    )


# -- where the database lives (SQLite only: files and the default URL) ---------------------------


def test_default_database_is_sqlite_in_the_data_dir_created_on_first_use(settings):
    assert database_url(settings) == f"sqlite:///{settings.data_dir / 'coach.db'}"
    db = Database.from_settings(settings)
    profiles = ProfileRepository(db)
    assert not settings.data_dir.exists()  # constructing the repositories opened nothing
    assert profiles.get(ANA, ANA.own()) == Profile(user_id="ana")
    assert (settings.data_dir / "coach.db").is_file()
    db.close()


def test_database_url_setting_moves_the_database(settings, tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere' / 'db.sqlite'}"
    db = Database.from_settings(settings.model_copy(update={"database_url": url}))
    ProfileRepository(db).save(ANA, ANA.own(), _profile("ana"))
    db.close()
    assert (tmp_path / "elsewhere" / "db.sqlite").is_file()
    assert not (settings.data_dir / "coach.db").exists()


def test_in_memory_sqlite_works_across_calls():
    db = Database("sqlite://")
    ProfileRepository(db).save(ANA, ANA.own(), _profile("ana"))
    _turn(ConversationRepository(db), ANA, "hello")
    assert ProfileRepository(db).get(ANA, ANA.own()).role == "payroll clerk"
    assert [m["content"] for m in ConversationRepository(db).history(ANA, ANA.own())] == ["hello", "ok"]
    db.close()


# -- profiles and history --------------------------------------------------------------------


def test_profile_round_trips_and_persists_across_database_instances(database_url):
    first = Database(database_url)
    ProfileRepository(first).save(ANA, ANA.own(), _profile("ana"))
    _turn(ConversationRepository(first), ANA, "I'm a payroll clerk", "Noted.")
    first.close()

    second = Database(database_url)
    assert ProfileRepository(second).get(ANA, ANA.own()) == _profile("ana")
    history = ConversationRepository(second).history(ANA, ANA.own())
    assert [m["content"] for m in history] == ["I'm a payroll clerk", "Noted."]
    second.close()


def test_unknown_user_gets_an_empty_profile_and_no_history(profiles, conversations):
    assert profiles.get(ANA, ANA.own()) == Profile(user_id="ana")
    assert conversations.history(ANA, ANA.own()) == []


def test_saving_again_replaces_the_profile(profiles):
    profiles.save(ANA, ANA.own(), _profile("ana"))
    profiles.save(ANA, ANA.own(), _profile("ana", role="nurse", skills=["triage"]))
    got = profiles.get(ANA, ANA.own())
    assert (got.role, got.skills) == ("nurse", ["triage"])


def test_profile_is_stored_under_the_scope_owner_whatever_its_user_id_says(profiles):
    profiles.save(ANA, ANA.own(), _profile("ben", role="nurse"))
    assert profiles.get(ANA, ANA.own()).role == "nurse"
    assert profiles.get(BEN, BEN.own()) == Profile(user_id="ben")


def test_history_is_oldest_first_limited_and_keeps_slim_records(conversations):
    for i in range(5):
        _turn(conversations, ANA, f"question {i}", f"reply {i}", _record("role/payroll-clerk"))
    last_three = conversations.history(ANA, ANA.own(), limit=3)
    assert [m["content"] for m in last_three] == ["reply 3", "question 4", "reply 4"]
    assert [m["role"] for m in last_three] == ["assistant", "user", "assistant"]
    assert last_three[0]["record"]["source_ids"] == ["role/payroll-clerk"]
    assert last_three[0]["record"]["mode"] == "coach"
    assert last_three[1]["record"] is None  # questions carry no record
    assert datetime.fromisoformat(last_three[0]["created_at"]).tzinfo is not None
    assert len(conversations.history(ANA, ANA.own(), limit=None)) == 10
    assert conversations.history(ANA, ANA.own(), limit=0) == []
    json.dumps(last_three)  # JSON-able as returned


def test_negative_history_limit_is_refused(conversations):
    with pytest.raises(ValueError, match="limit"):
        conversations.history(ANA, ANA.own(), limit=-1)


def test_unicode_and_long_content_survive(conversations):
    text = "Soy enfermera — ¿qué hago? 🙂 " * 500
    _turn(conversations, ANA, text)
    assert conversations.history(ANA, ANA.own())[0]["content"] == text


def test_an_unreadable_stored_profile_reads_as_empty(profiles, database_url):
    profiles.save(ANA, ANA.own(), _profile("ana"))
    with _direct(database_url) as db:
        db.execute(text("UPDATE profiles SET data = '{not json' WHERE user_id = 'ana'"))
    assert profiles.get(ANA, ANA.own()) == Profile(user_id="ana")
    assert ConversationRepository(profiles.db).export(ANA, ANA.own())["profile"] is None


def test_profiles_and_conversations_live_in_a_user_scope_only(profiles, conversations):
    for scope in (CORPUS, Scope(kind="team", owner="hr")):
        with pytest.raises(ValueError, match="user scope"):
            profiles.get(ANA, scope)
        with pytest.raises(ValueError, match="user scope"):
            conversations.history(ANA, scope)


# -- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "   ", "x" * 129, "a\x00b", None, 42])
def test_bad_user_ids_are_refused_before_any_query(bad):
    with pytest.raises(ValidationError, match="user.id"):
        Principal(user_id=bad)
    with pytest.raises(ValidationError, match="owner"):
        Scope(kind="user", owner=bad)


def test_longest_allowed_user_id_works(profiles):
    longest = Principal(user_id="u" * 128)
    profiles.save(longest, longest.own(), _profile(longest.user_id))
    assert profiles.get(longest, longest.own()).user_id == longest.user_id


def test_user_ids_that_look_alike_are_different_users(conversations):
    _turn(conversations, ANA, "mine")
    for other in ("Ana", "ana ", "an%", "an_", "ana' OR '1'='1"):
        lookalike = Principal(user_id=other)
        assert conversations.history(lookalike, lookalike.own()) == []
        assert conversations.forget(lookalike, lookalike.own()) == {
            "profiles": 0,
            "messages": 0,
            "plan_items": 0,
            "activity": 0,
        }
    assert len(conversations.history(ANA, ANA.own())) == 2


# -- record_turn --------------------------------------------------------------------------------


def test_record_turn_stores_profile_question_and_reply_together(profiles, conversations, database_url):
    _turn(conversations, ANA, "I'm a payroll clerk", "Start with exceptions [1]", profile=_profile("ana"))
    assert profiles.get(ANA, ANA.own()) == _profile("ana")
    history = conversations.history(ANA, ANA.own())
    assert [(m["role"], m["content"]) for m in history] == [
        ("user", "I'm a payroll clerk"),
        ("assistant", "Start with exceptions [1]"),
    ]
    assert _count_rows(database_url, "ana") == {"users": 1, "profiles": 1, "messages": 2}


def test_record_turn_without_a_profile_keeps_the_stored_one(profiles, conversations):
    profiles.save(ANA, ANA.own(), _profile("ana"))
    _turn(conversations, ANA, "what next?")
    assert profiles.get(ANA, ANA.own()) == _profile("ana")


def test_record_turn_stores_only_the_slim_record(conversations, database_url):
    secret = "SNIPPET-TEXT-NOT-TO-STORE"
    source = Source(
        n=1, id="role/payroll-clerk", title="Payroll", kind="role", heading="", snippet=secret, path=""
    )
    answer = Answer(
        question="q",
        text="Own payroll exceptions [1]",
        sources=[source],
        retrieved=[source, source.model_copy(update={"id": "skill/x"})],
        profile=_profile("ana", goals=["PROFILE-GOAL-NOT-TO-STORE"]),
    )
    _turn(conversations, ANA, "q", answer.text, TurnRecord.of(answer))
    with _direct(database_url) as db:
        stored = db.execute(text("SELECT record FROM messages WHERE role = 'assistant'")).scalar_one()
    record = json.loads(stored)
    assert record["source_ids"] == ["role/payroll-clerk"] and record["mode"] == "coach"
    assert not {"profile", "retrieved", "snippet", "sources", "question"} & set(record)
    assert secret not in stored and "PROFILE-GOAL" not in stored
    assert conversations.history(ANA, ANA.own())[-1]["record"] == record


def test_record_turn_refuses_non_text_and_writes_nothing(conversations, database_url):
    for question, reply in (("q", None), ("q", b"bytes"), (42, "r")):
        with pytest.raises(ValueError, match="must be a string"):
            conversations.record_turn(ANA, ANA.own(), question, reply, _record(), _profile("ana"))
    assert conversations.history(ANA, ANA.own()) == []
    assert _count_rows(database_url, "ana") == {"users": 0, "profiles": 0, "messages": 0}


def test_record_turn_that_fails_midway_leaves_nothing_half_written(profiles, conversations, database_url):
    class BrokenRecord(TurnRecord):
        def model_dump_json(self, **kwargs) -> str:  # after the profile and the question are staged
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        _turn(conversations, ANA, "q", "r", BrokenRecord(), _profile("ana"))
    assert profiles.get(ANA, ANA.own()) == Profile(user_id="ana")
    assert conversations.history(ANA, ANA.own()) == []
    assert _count_rows(database_url, "ana") == {"users": 0, "profiles": 0, "messages": 0}


def test_record_turn_failing_in_the_database_rolls_back_the_whole_turn(profiles, conversations, database_url):
    _turn(conversations, ANA, "first", "reply", profile=_profile("ana"))
    with _direct(database_url) as db:
        _failing_trigger(db, "no_reply", "INSERT", "messages", when="NEW.role = 'assistant'")
    with pytest.raises(DBAPIError, match="disk full"):
        _turn(conversations, ANA, "second", "reply", profile=_profile("ana", role="nurse"))
    assert profiles.get(ANA, ANA.own()).role == "payroll clerk"
    assert [m["content"] for m in conversations.history(ANA, ANA.own())] == ["first", "reply"]


def test_concurrent_first_writes_for_one_user_all_land(database, profiles, conversations):
    """Writers racing to create the same user and profile rows: none fails, none is lost."""
    writers = 8
    start = threading.Barrier(writers)
    errors: list[Exception] = []

    def write(i: int) -> None:
        start.wait()
        try:
            if i % 2:
                _turn(conversations, ANA, f"q{i}", f"r{i}", profile=_profile("ana", role=f"role {i}"))
            else:
                profiles.save(ANA, ANA.own(), _profile("ana", role=f"role {i}"))
        except Exception as exc:  # collected, so the assertion shows what failed
            errors.append(exc)

    assert database.engine is not None  # migrated first: the race is about rows, not the schema
    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(conversations.history(ANA, ANA.own(), limit=None)) == writers  # 4 turns, 2 messages each
    assert profiles.get(ANA, ANA.own()).role in {f"role {i}" for i in range(writers)}


# -- export and forget --------------------------------------------------------------------------


def test_export_holds_all_of_the_users_data_as_json(profiles, conversations):
    profiles.save(ANA, ANA.own(), _profile("ana"))
    _turn(conversations, ANA, "I'm a payroll clerk", "Start with exceptions [1]", _record("role/x"))
    exported = json.loads(json.dumps(conversations.export(ANA, ANA.own())))
    assert exported["format"] == "career-coach-export/2"
    assert exported["user_id"] == "ana"
    assert datetime.fromisoformat(exported["exported_at"]).tzinfo is not None
    assert exported["profile"]["role_id"] == "role/payroll-clerk"
    assert exported["profile"]["updated_at"].startswith("2025-03-01T12:30")
    assert [(m["role"], m["content"]) for m in exported["messages"]] == [
        ("user", "I'm a payroll clerk"),
        ("assistant", "Start with exceptions [1]"),
    ]
    assert exported["messages"][1]["record"]["source_ids"] == ["role/x"]
    assert Profile.model_validate(exported["profile"]) == _profile("ana")  # it can be imported back


def test_export_of_an_unknown_user_is_empty(conversations):
    exported = conversations.export(ANA, ANA.own())
    assert (exported["user_id"], exported["profile"], exported["messages"]) == ("ana", None, [])


def test_users_are_isolated(profiles, conversations, database_url):
    profiles.save(ANA, ANA.own(), _profile("ana", role="payroll clerk"))
    profiles.save(BEN, BEN.own(), _profile("ben", role="electrician"))
    _turn(conversations, ANA, "ana's secret")
    _turn(conversations, BEN, "ben's question")

    assert profiles.get(BEN, BEN.own()).role == "electrician"
    assert [m["content"] for m in conversations.history(BEN, BEN.own())] == ["ben's question", "ok"]
    assert "ana's secret" not in json.dumps(conversations.export(BEN, BEN.own()))

    assert conversations.forget(BEN, BEN.own()) == {
        "profiles": 1,
        "messages": 2,
        "plan_items": 0,
        "activity": 1,
    }
    assert profiles.get(ANA, ANA.own()).role == "payroll clerk"
    assert [m["content"] for m in conversations.history(ANA, ANA.own())] == ["ana's secret", "ok"]
    assert _count_rows(database_url, "ana") == {"users": 1, "profiles": 1, "messages": 2}


def test_forget_deletes_everything_about_the_user(profiles, conversations, database_url):
    for i in range(3):
        _turn(conversations, ANA, f"q{i}", f"a{i}", profile=_profile("ana"))

    assert conversations.forget(ANA, ANA.own()) == {
        "profiles": 1,
        "messages": 6,
        "plan_items": 0,
        "activity": 3,
    }
    assert profiles.get(ANA, ANA.own()) == Profile(user_id="ana")
    assert conversations.history(ANA, ANA.own(), limit=None) == []
    exported = conversations.export(ANA, ANA.own())
    assert (exported["profile"], exported["messages"]) == (None, [])
    counts = _count_rows(database_url, "ana")
    assert (counts["profiles"], counts["messages"]) == (0, 0)
    assert conversations.forget(ANA, ANA.own()) == {
        "profiles": 0,
        "messages": 0,
        "plan_items": 0,
        "activity": 0,
    }  # twice is fine


def test_forget_is_one_transaction(profiles, conversations, database_url):
    """If deleting the profile fails, the messages deleted just before it come back."""
    _turn(conversations, ANA, "keep me", profile=_profile("ana"))
    with _direct(database_url) as db:
        _failing_trigger(db, "no_delete", "DELETE", "profiles")
    with pytest.raises(DBAPIError, match="disk full"):
        conversations.forget(ANA, ANA.own())
    assert [m["content"] for m in conversations.history(ANA, ANA.own())] == ["keep me", "ok"]
    assert profiles.get(ANA, ANA.own()).role == "payroll clerk"


# -- access fails closed --------------------------------------------------------------------------


@pytest.fixture
def ana_has_data(profiles, conversations, database_url) -> dict[str, int]:
    """Ana's profile and one turn stored; the row counts to compare against afterwards."""
    _turn(conversations, ANA, "ana's secret", "ana's reply", profile=_profile("ana"))
    return _count_rows(database_url, "ana")


def test_no_principal_reads_nothing(ana_has_data, profiles, conversations):
    assert profiles.get(None, ANA.own()) == Profile(user_id="ana")
    assert conversations.history(None, ANA.own()) == []
    assert conversations.history(None, ANA.own(), limit=None) == []


def test_no_principal_writes_nothing(ana_has_data, profiles, conversations, database_url):
    with pytest.raises(AccessDenied, match="not signed in"):
        profiles.save(None, ANA.own(), _profile("ana", role="hacked"))
    with pytest.raises(AccessDenied, match="not signed in"):
        conversations.record_turn(None, ANA.own(), "q", "r", _record())
    with pytest.raises(AccessDenied, match="not signed in"):
        conversations.export(None, ANA.own())
    with pytest.raises(AccessDenied, match="not signed in"):
        conversations.forget(None, ANA.own())
    assert _count_rows(database_url, "ana") == ana_has_data
    assert profiles.get(ANA, ANA.own()).role == "payroll clerk"


def test_another_member_cannot_read_ana(ana_has_data, profiles, conversations):
    assert profiles.get(BEN, ANA.own()) == Profile(user_id="ana")
    assert conversations.history(BEN, ANA.own(), limit=None) == []


def test_another_member_cannot_write_export_or_forget_ana(
    ana_has_data, profiles, conversations, database_url
):
    with pytest.raises(AccessDenied, match="not allowed"):
        profiles.save(BEN, ANA.own(), _profile("ana", role="hacked"))
    with pytest.raises(AccessDenied, match="not allowed"):
        conversations.record_turn(BEN, ANA.own(), "planted", "r", _record())
    with pytest.raises(AccessDenied, match="not allowed"):
        conversations.export(BEN, ANA.own())
    with pytest.raises(AccessDenied, match="not allowed"):
        conversations.forget(BEN, ANA.own())
    assert _count_rows(database_url, "ana") == ana_has_data
    assert [m["content"] for m in conversations.history(ANA, ANA.own())] == ["ana's secret", "ana's reply"]
    assert _count_rows(database_url, "ben") == {"users": 0, "profiles": 0, "messages": 0}


def test_an_admin_gets_no_personal_access(ana_has_data, profiles, conversations, database_url):
    assert profiles.get(ADMIN, ANA.own()) == Profile(user_id="ana")
    assert conversations.history(ADMIN, ANA.own(), limit=None) == []
    with pytest.raises(AccessDenied):
        conversations.export(ADMIN, ANA.own())
    with pytest.raises(AccessDenied):
        conversations.forget(ADMIN, ANA.own())
    with pytest.raises(AccessDenied):
        profiles.save(ADMIN, ANA.own(), _profile("ana", role="hacked"))
    assert _count_rows(database_url, "ana") == ana_has_data


def test_user_repository_records_the_principal_once(database, database_url):
    users = UserRepository(database)
    users.ensure(ADMIN)
    users.ensure(ADMIN)
    with _direct(database_url) as db:
        assert [tuple(row) for row in db.execute(text("SELECT id, role FROM users"))] == [("root", "admin")]
    with pytest.raises(AccessDenied):
        users.ensure(None)
