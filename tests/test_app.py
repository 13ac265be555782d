"""The browser app, driven by Streamlit's AppTest with the fake model injected via settings."""

import pytest
from streamlit.testing.v1 import AppTest

from coach.settings import PROJECT_ROOT


@pytest.fixture
def app(monkeypatch, corpus_settings):
    monkeypatch.setenv("COACH_DATA_DIR", str(corpus_settings.data_dir))
    monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(corpus_settings.knowledge_dir))
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "fake")
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    return at.run()


def test_first_start_builds_the_index_and_shows_the_model(app):
    assert not app.exception
    assert any("Knowledge index ready" in s.label for s in app.status)
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "fake chat model" in sidebar and "passages" in sidebar


def test_a_chat_turn_shows_a_cited_answer_and_its_sources(app):
    app.chat_input[0].set_value("I'm a payroll clerk. What's my next problem to solve?").run()
    assert not app.exception
    assistant = [m for m in app.chat_message if m.name == "assistant"]
    assert assistant
    text = " ".join(md.value for md in assistant[-1].markdown)
    assert "[1]" in text
    sources = assistant[-1].expander[0]
    assert sources.label.startswith("Sources")
    assert "role/payroll-clerk" in " ".join(md.value for md in sources.markdown)


def test_history_survives_the_next_turn(app):
    app.chat_input[0].set_value("payroll clerk wages").run()
    app.chat_input[0].set_value("electrician wiring").run()
    assert not app.exception
    assert len(app.chat_message) == 4


def test_empty_question_gets_a_prompt_not_an_error(app):
    app.chat_input[0].set_value("   ").run()
    assert not app.exception
    assert "Ask me something" in app.chat_message[-1].markdown[0].value
