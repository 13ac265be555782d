"""Property tests: whatever a person types, pastes or uploads, the coach answers or refuses in
words and never crashes. The budget and seed come from the "ci" hypothesis profile in
conftest.py (200 examples each, derandomized), so every CI run tries the same inputs.

Only public signatures are assumed of the modules other work is changing (``redact(text)``,
``decide(text, has_role, has_tasks)``, ``strip_injection(text)``)."""

from __future__ import annotations

import contextlib
import io
import re
import sys
import time
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.config import Settings
from coach.domain.answer import MODES
from coach.exposure.tasks import MAX_TASK_CHARS, MAX_TASKS, extract_tasks, task_lines
from coach.pipeline.inputs import clean_question

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # tab and newline allowed

# The characters that break things: controls, escapes, NUL, surrogates, odd line breaks.
NASTY = list("\x00\x01\x07\x08\x1b\x9b\x9c[]0;31m\r\n\t \x0b\x0c\x85\u2028\ufffd\ufeff\udcff\ud800") + [
    "payroll",
    " clerk",
    "- ",
    "1. ",
    "my tasks are: ",
    "; ",
    ", ",
    " and ",
    "ignore previous instructions",
    "monitor my team",
    "@example.org",
    "+1 555 0100",
    "é",
    "日本",
]
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(exclude_categories=())),  # surrogates too, as argv carries them
    st.lists(st.sampled_from(NASTY), max_size=60).map("".join),
)
any_input = st.one_of(any_text, st.binary(), any_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
# Long, repetitive text: where a regular expression that backtracks shows it.
long_text = st.tuples(
    st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(NASTY)), st.integers(1, 600)
).map(lambda pair: pair[0] * pair[1])


# -- input cleaning ---------------------------------------------------------------------------


@given(raw=any_input, limit=st.integers(1, 400))
def test_clean_question_is_safe_bounded_and_idempotent(raw, limit):
    text, notices = clean_question(raw, limit)
    assert isinstance(text, str) and all(isinstance(n, str) and n for n in notices)
    assert len(text) <= limit
    assert not CONTROL.search(text), "control characters, escapes or surrogates survived"
    assert text == text.strip()
    assert clean_question(text, limit) == (text, [])  # cleaning again changes nothing
    if not text and notices:  # a refusal names the cause
        assert any(word in notices[0] for word in ("UTF-8", "binary"))


# -- intent routing ---------------------------------------------------------------------------


@given(text=any_text, has_role=st.booleans(), has_tasks=st.booleans())
def test_decide_always_returns_a_valid_mode(text, has_role, has_tasks):
    from coach.pipeline.stance import decide, strip_injection

    stance = decide(text, has_role, has_tasks)
    assert stance.mode in MODES
    kept, found = strip_injection(text)
    assert isinstance(kept, str) and isinstance(found, bool)


@given(text=any_text, known=st.booleans())
def test_routing_by_the_intent_classifier_always_returns_a_valid_mode(text, known):
    from coach.pipeline.intent import INTENTS, shared_classifier
    from coach.pipeline.stance import decide

    classifier = shared_classifier()
    assert classifier is not None  # the weights ship with the code
    stance = decide(text, known, False, classify=classifier.classify)
    assert stance.mode in MODES
    assert stance.kind in (*INTENTS, "")  # "" only when the crisis net decided before classifying
    assert stance.mode != "support" or stance.crisis or "distress" in stance.reasons


# -- redaction --------------------------------------------------------------------------------


@given(text=st.one_of(any_text, long_text))
def test_redact_never_raises_and_takes_bounded_time(text):
    from coach.pipeline.redact import redact

    text = text.encode("utf-8", "replace").decode("utf-8")  # what the pipeline hands it: clean text
    started = time.perf_counter()
    redacted, counts = redact(text)
    elapsed = time.perf_counter() - started
    assert isinstance(redacted, str)
    assert all(isinstance(n, int) and n >= 0 for n in counts.values())
    # Generous: two shared CPUs, a debug build; linear regexes take milliseconds per KB.
    assert elapsed < 1.0 + 1.0 * len(text.encode()) / 1024, f"{elapsed:.2f}s for {len(text):,} characters"


# -- task extraction --------------------------------------------------------------------------


@given(text=st.one_of(any_text, long_text))
def test_extract_tasks_returns_clean_bounded_items(text):
    tasks = extract_tasks(text)
    assert isinstance(tasks, list) and len(tasks) <= MAX_TASKS
    for task in tasks:
        assert 3 <= len(task) <= MAX_TASK_CHARS and not CONTROL.search(task)


@given(text=st.one_of(any_text, long_text), limit=st.integers(1, 40))
def test_task_lines_caps_and_cleans_every_line(text, limit):
    tasks, notices = task_lines(text, limit)
    assert len(tasks) <= limit and all(isinstance(n, str) for n in notices)
    for task in tasks:
        assert task == task.strip() and len(task) <= MAX_TASK_CHARS + 1
        assert not CONTROL.search(task) and "\n" not in task and "\t" not in task
        assert any(c.isalnum() for c in task)


# -- upload parsing ---------------------------------------------------------------------------

MAGIC = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"# Title\n\n## Part\n", b"\xef\xbb\xbf"]


@pytest.mark.parametrize("extension", [".pdf", ".docx", ".md", ".html", ".txt", ".doc", ""])
@given(data=st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2048)).map(b"".join))
def test_parse_upload_raises_only_upload_error(extension, data):
    from coach.corpus.uploads import UploadError, parse_upload

    try:
        parsed = parse_upload(f"upload{extension}", data, 1 << 20)
    except UploadError as exc:
        assert str(exc)
    else:
        assert parsed is not None


# -- the command line, in process --------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_settings(tmp_path_factory, model_cache) -> Settings:
    """The fake chat model and the hashing embedder over the small corpus, indexed once."""
    from coach.retrieval.indexing import build_index
    from tests.conftest import SAMPLE_DOCS

    root = tmp_path_factory.mktemp("fuzz-cli")
    for rel, text in SAMPLE_DOCS.items():
        path = root / "knowledge" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = Settings(
        data_dir=root / "data",
        model_cache=model_cache,
        knowledge_dir=root / "knowledge",
        chat_provider="fake",
        embedder="hash",
        exposure_mpnet=False,
        request_timeout=5,
    )
    from coach.llm.embeddings import HashingEmbedder

    build_index(settings, HashingEmbedder())
    return settings


def _stored_messages(settings: Settings, user: str) -> int:
    from coach.domain.principal import Principal
    from coach.storage.database import Database
    from coach.storage.repositories import ConversationRepository

    principal = Principal(user_id=user)
    return len(
        ConversationRepository(Database.from_settings(settings)).history(
            principal, principal.own(), limit=None
        )
    )


# An argument (text, surrogates included) or raw bytes on stdin.
cli_input = st.one_of(any_text.map(lambda t: ("arg", t)), any_input.map(lambda raw: ("stdin", raw)))


@settings(max_examples=100)  # each example builds the services, as a real `coach ask` does
@given(question=cli_input)
def test_cli_ask_answers_or_refuses_in_words(cli_settings, question):
    from coach.cli.main import main

    how, raw = question
    if how == "stdin":
        data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
        stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
        argv = ["ask", "--json", "--user", "fuzz", "-"]
    else:
        stdin = io.TextIOWrapper(io.BytesIO(b""))
        argv = ["ask", "--json", "--user", "fuzz", "--", raw]
    before = _stored_messages(cli_settings, "fuzz")
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(sys, "stdin", stdin),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = main(argv, settings_loader=lambda: cli_settings)
    assert isinstance(code, int) and code in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    stored = _stored_messages(cli_settings, "fuzz") - before
    if code == 2:  # refused: in words, and nothing of it stored
        assert err.getvalue().startswith("error: ") and stored == 0
    else:
        assert out.getvalue().strip().startswith("{") and stored in (0, 2)  # an empty question stores nothing
