"""Input cleaning (coach/pipeline/inputs.py): invalid UTF-8 and binary data are refused whole
with a message that says why; text is made safe and bounded, and a cut is marked."""

from __future__ import annotations

import pytest

from coach.pipeline.inputs import CUT_MARK, clean_question, decode_input, printable


@pytest.mark.parametrize(
    "raw",
    [
        b"I'm a payroll clerk \xff\xfe what next?",  # stdin, read as bytes
        "I'm a payroll clerk \udcff\udcfe what next?",  # argv: undecodable bytes as surrogates
        "I'm a payroll clerk \ud83d what next?",  # a lone surrogate from a browser
    ],
)
def test_invalid_utf8_is_refused_whole_naming_the_byte(raw):
    text, notices = clean_question(raw, 2000)
    assert text == ""
    assert len(notices) == 1 and "not UTF-8 text" in notices[0] and "position 20" in notices[0]
    assert "0xff" in notices[0] or "U+D83D" in notices[0]


def test_random_bytes_are_refused():
    import random

    noise = random.Random(7).randbytes(20_000)
    text, notices = clean_question(noise, 2000)
    assert text == "" and "binary" in notices[0]


@pytest.mark.parametrize(
    "raw, cause",
    [
        ("\x00" * 100 + "payroll", "NUL bytes"),
        ("".join(chr(c) for c in range(1, 9)) * 20, "control characters"),
        ("\ufffd" * 50 + "abc", "unreadable characters"),
    ],
)
def test_binary_looking_text_is_refused_naming_the_cause(raw, cause):
    text, notices = clean_question(raw, 2000)
    assert text == "" and "binary data" in notices[0] and cause in notices[0]


def test_a_few_stray_controls_are_dropped_not_refused():
    assert clean_question("pay\x00roll\x07 clerk", 100) == ("payroll clerk", [])


def test_terminal_escapes_and_line_breaks_are_cleaned():
    raw = "\ufeff\x1b[31mPayroll\x1b[0m clerk\x1b]0;pwned\x07 here\r\nnext line\rthird\x9b2J"
    text, notices = clean_question(raw, 2000)
    assert text == "Payroll clerk here\nnext line\nthird" and notices == []
    assert printable("a\x1b[1;31mb\x1bc") == "ab"


def test_a_cut_question_is_bounded_marked_and_said():
    text, notices = clean_question("payroll " * 125_000, 2000)  # a million characters
    assert len(text) <= 2000 and text.endswith(CUT_MARK)
    assert "999,999 characters" in notices[0] and "2,000" in notices[0]
    assert clean_question(text, 2000) == (text, [])  # what is kept is kept as is


def test_valid_utf8_bytes_are_read():
    assert clean_question("Électricien à Montréal".encode(), 100) == ("Électricien à Montréal", [])
    assert decode_input(b"\xef\xbb\xbfhello") == ("\ufeffhello", "")  # the BOM goes in cleaning
    assert clean_question(b"\xef\xbb\xbfhello", 100) == ("hello", [])


def test_turn_stores_the_cut_question_not_the_raw_one(tmp_index, hash_embedder):
    from coach.domain.principal import Principal
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.retrieval.hybrid import HybridRetriever
    from coach.services.conversation import ConversationService
    from coach.storage.database import Database
    from coach.storage.repositories import ConversationRepository, ProfileRepository

    database = Database.from_settings(tmp_index)
    coach = Coach(tmp_index, FakeChatModel(), HybridRetriever(tmp_index, hash_embedder), hash_embedder)
    service = ConversationService(coach, ConversationRepository(database), ProfileRepository(database))
    me = Principal(user_id="big")
    answer = service.ask(me, "I'm a payroll clerk. " + "x" * 1_000_000)
    assert any("I read the first" in n for n in answer.notices)
    stored = service.history(me)
    assert stored[0]["role"] == "user" and stored[0]["content"] == answer.question
    assert len(stored[0]["content"]) <= tmp_index.max_question_chars
    assert stored[0]["content"].endswith(CUT_MARK)


def test_refused_input_stores_nothing(tmp_index, hash_embedder):
    from coach.domain.principal import Principal
    from coach.llm.fakes import FakeChatModel
    from coach.pipeline.coach import Coach
    from coach.retrieval.hybrid import HybridRetriever
    from coach.services.conversation import ConversationService
    from coach.storage.database import Database
    from coach.storage.repositories import ConversationRepository, ProfileRepository

    database = Database.from_settings(tmp_index)
    coach = Coach(tmp_index, FakeChatModel(), HybridRetriever(tmp_index, hash_embedder), hash_embedder)
    profiles = ProfileRepository(database)
    service = ConversationService(coach, ConversationRepository(database), profiles)
    me = Principal(user_id="bu")
    answer = service.ask(me, b"I'm a payroll clerk \xff\xfe what next?")
    assert answer.mode == "empty" and "not UTF-8" in answer.notices[0]
    assert coach.chat_model.calls == []
    assert service.history(me) == [] and profiles.get(me, me.own()).is_empty()
