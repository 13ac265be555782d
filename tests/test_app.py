"""The browser app, driven by Streamlit's AppTest with the fake model injected via settings."""

import pytest
from streamlit.testing.v1 import AppTest

from coach.config import PROJECT_ROOT
from coach.corpus.documents import corpus_chunks, load_corpus


def _start(monkeypatch, settings, knowledge_dir=None) -> AppTest:
    monkeypatch.setenv("COACH_DATA_DIR", str(settings.data_dir))
    if knowledge_dir:
        monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setenv("COACH_CHAT_PROVIDER", "fake")
    monkeypatch.setenv("COACH_EMBEDDER", "hash")
    import streamlit as st

    st.cache_resource.clear()
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()


@pytest.fixture
def app(monkeypatch, corpus_settings):
    """The app over the small test corpus."""
    return _start(monkeypatch, corpus_settings, corpus_settings.knowledge_dir)


@pytest.fixture
def real_app(monkeypatch, settings):
    """The app over the real knowledge corpus (hashing embedder, fake model)."""
    return _start(monkeypatch, settings)


def test_first_start_builds_the_index_and_shows_the_model(app, corpus_settings):
    assert not app.exception
    assert any("Knowledge index ready" in s.label for s in app.status)
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert corpus_settings.model_copy(update={"chat_provider": "fake"}).describe_chat() in sidebar
    chunks = len(corpus_chunks(load_corpus(corpus_settings.knowledge_dir)[0]))
    assert f"**Guidance indexed:** {chunks} passages" in sidebar  # what the index holds, counted


def test_history_is_shown_again_in_a_new_session(app, monkeypatch, corpus_settings):
    app.chat_input[0].set_value("I'm a payroll clerk. What's my next problem to solve?").run()
    again = _start(monkeypatch, corpus_settings, corpus_settings.knowledge_dir)
    assert not again.exception
    assert [m.name for m in again.chat_message] == ["user", "assistant"]
    sources = again.chat_message[1].expander[0]
    assert sources.label.startswith("Sources") and "role/payroll-clerk" in sources.markdown[0].value


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


def test_a_role_question_shows_plan_cards_and_updates_the_profile(real_app):
    app = real_app
    app.chat_input[0].set_value("I'm a payroll clerk. What's my next problem to solve?").run()
    assert not app.exception
    page = " ".join(md.value for md in app.markdown)
    assert "Next problems to solve" in page and page.count("This week:") == 3
    assert "30/60/90-day learning plan" in page and "Try today" in page
    assert len(app.get("vega_lite_chart")) == 1  # the task map chart
    assert any(b.label == "Export as Markdown" for b in app.get("download_button"))
    sidebar = " ".join(md.value for md in app.sidebar.markdown)
    assert "payroll clerk" in sidebar.lower()


def test_forget_me_deletes_the_profile_and_history(app):
    app.chat_input[0].set_value("I'm a payroll clerk. What next?").run()
    app.switch_page("ui/pages/privacy.py").run()
    assert not app.exception
    assert "No admin can read your conversations" in " ".join(md.value for md in app.markdown)
    app.checkbox[0].check().run()
    next(b for b in app.button if b.label == "Forget me").click().run()
    assert not app.exception
    assert any("Deleted everything stored" in s.value for s in app.success)
    app.switch_page("ui/pages/chat.py").run()
    assert len(app.chat_message) == 0
    sidebar = " ".join(md.value for md in app.sidebar.markdown)
    assert "Nothing yet" in sidebar


def test_a_vague_question_gets_clarifying_questions(app):
    app.chat_input[0].set_value("What should I do with my career?").run()
    assert not app.exception
    assert "A few quick questions" in app.chat_message[-1].markdown[0].value
