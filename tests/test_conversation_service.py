"""One turn end to end: a real coach over the small indexed corpus (fake chat model), streamed
for a principal and then stored as one whole turn, or not stored at all; on SQLite and on
PostgreSQL (``database_url``, tests/fixtures_db.py)."""

import pytest

from coach.bootstrap import build_coach, build_services
from coach.domain.principal import Principal
from coach.domain.profile import Profile

ANA = Principal(user_id="ana")
BEN = Principal(user_id="ben")
PAYROLL = "I'm a payroll clerk computing wages and deductions. What's my next problem to solve?"


@pytest.fixture
def services(tmp_index, database_url):
    """The services over a coach built from settings, as the CLI and the app build them."""
    settings = tmp_index.model_copy(update={"database_url": database_url})
    built = build_services(settings, build_coach(settings).coach)
    yield built
    built.close()


def _stored_rows(services) -> dict[str, int]:
    with services.database.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one()
            for table in ("users", "profiles", "messages")
        }


def test_a_streamed_turn_is_stored_once_it_has_finished(services):
    stream = services.conversations.stream(ANA, PAYROLL)
    deltas = iter(stream)
    first = next(deltas)
    assert first and services.conversations.history(ANA) == []  # nothing stored mid-stream
    assert list(deltas)  # streamed in pieces
    answer = stream.answer
    assert answer is not None and answer.mode == "coach"

    history = services.conversations.history(ANA)
    assert [(m["role"], m["content"]) for m in history] == [("user", PAYROLL), ("assistant", answer.text)]
    record = history[1]["record"]
    assert record["mode"] == "coach"
    assert (
        record["source_ids"] == [s.id for s in answer.sources]
        and "role/payroll-clerk" in record["source_ids"]
    )
    assert not {"profile", "retrieved", "snippet", "sources"} & set(record)


def test_the_profile_learned_from_the_message_is_saved(services):
    services.conversations.ask(ANA, PAYROLL)
    profile = services.profiles.get(ANA)
    assert profile.user_id == "ana"
    assert profile.role_id == "role/payroll-clerk"
    assert "payroll clerk" in (profile.role or "").lower()


def test_finish_returns_the_answer_and_stores_the_turn(services):
    stream = services.conversations.stream(ANA, PAYROLL)
    answer = stream.finish()
    assert answer is stream.answer and answer.text
    assert len(services.conversations.history(ANA)) == 2


def test_another_principal_sees_none_of_it(services):
    services.conversations.ask(ANA, PAYROLL)
    assert services.conversations.history(BEN) == []
    assert services.profiles.get(BEN) == Profile(user_id="ben")

    services.coach.chat_model.calls.clear()
    services.conversations.ask(BEN, "How do electricians pull wire through conduit safely?")
    sent = services.coach.chat_model.calls[-1]
    assert [m.type for m in sent] == ["system", "human"]  # no history: Ana's turn is not Ben's
    assert PAYROLL not in " ".join(str(m.content) for m in sent)
    assert [m["role"] for m in services.conversations.history(BEN)] == ["user", "assistant"]
    assert len(services.conversations.history(ANA)) == 2


def test_without_a_principal_the_turn_is_answered_but_nothing_is_stored(services):
    answer = services.conversations.ask(None, PAYROLL)
    assert answer.text and answer.mode == "coach"
    assert services.conversations.history(None) == []
    assert _stored_rows(services) == {"users": 0, "profiles": 0, "messages": 0}


def test_an_empty_question_stores_nothing(services):
    answer = services.conversations.ask(ANA, "   \n ")
    assert answer.mode == "empty" and answer.text
    assert services.coach.chat_model.calls == []
    assert services.conversations.history(ANA) == []
    assert _stored_rows(services) == {"users": 0, "profiles": 0, "messages": 0}


def test_stored_history_is_passed_to_the_next_turn(services):
    first = services.conversations.ask(ANA, PAYROLL)
    services.conversations.ask(ANA, "and then?")
    system, *turns, question = services.coach.chat_model.calls[-1]
    assert [(m.type, m.content) for m in turns] == [("human", PAYROLL), ("ai", first.text)]
    assert "and then?" in question.content
    assert len(services.conversations.history(ANA)) == 4


def test_the_stored_profile_is_used_on_the_next_turn(services):
    services.conversations.ask(ANA, PAYROLL)
    # A question that names no role: the coach knows Ana's from her stored profile.
    answer = services.conversations.ask(ANA, "What should I learn first this month to stay useful?")
    assert answer.profile is not None and answer.profile.role_id == "role/payroll-clerk"
    assert answer.mode == "coach"
