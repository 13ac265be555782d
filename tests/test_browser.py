"""The app end to end in headless Chromium: served by `streamlit run app.py` on loopback with the
fake chat model and the hashing embedder, one server (and one fresh data dir) for the module.

Every test makes the state it needs (the one local person's history is shared by the module's
server), so they pass in any order and one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_DOCS
from tests.fixtures_browser import (
    EXPANDER,
    FIRST_VISIT_TIMEOUT_MS,
    chat_messages,
    expander_label,
    message_text,
    off_origin,
    open_app,
    reload_app,
    send_chat,
    sidebar,
    wait_idle,
)

pytestmark = pytest.mark.browser

QUESTION = "I'm a payroll clerk. What's my next problem to solve?"
TITLE = "What's your next problem to solve?"
INDEX_READY = "Knowledge index ready"
NOTHING_YET = "Nothing yet: tell me about your work."
# A corpus entry with an image and links to an outside host: rendered as is, the browser would
# fetch the image (a beacon that can carry data out) the moment the answer or its sources show.
BEACON_DOC = {
    "principles/quarry-guide.md": """---
id: principle/quarry-guide
kind: principle
title: Quarry guide
---
# Quarry guide

## Summary
Quarry surveyors grow by owning the blast-plan reviews. ![chart](https://beacon.example/p.png?who=you)
Read [the full guide](https://beacon.example/guide) or <https://beacon.example/a> and https://beacon.example/b.
"""
}


@dataclass
class FirstVisit:
    """What the very first visit of the module's server showed: the index was built then."""

    base_url: str
    data_dir: Path
    index_status: str  # the label of the index status box, "" when none showed
    main_text: str


@pytest.fixture(scope="module")
def first_visit(serve_app, browser, tmp_path_factory) -> FirstVisit:
    """The module's server on a fresh data dir, visited once: that visit builds the index, so
    the tests after it get quick pages, and the start-up test can look at what it showed."""
    root = tmp_path_factory.mktemp("browser-data")
    knowledge = root / "knowledge"
    for rel, text in {**SAMPLE_DOCS, **BEACON_DOC}.items():
        (knowledge / rel).parent.mkdir(parents=True, exist_ok=True)
        (knowledge / rel).write_text(text, encoding="utf-8")
    data_dir = root / "data"
    base_url = serve_app(env={"COACH_KNOWLEDGE_DIR": str(knowledge)}, data_dir=data_dir)
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    try:
        open_app(page, base_url, timeout_ms=FIRST_VISIT_TIMEOUT_MS)
        status = page.locator(EXPANDER).filter(has_text="index")
        label = expander_label(status.first) if status.count() else ""
        main_text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    except Exception as exc:
        shot = data_dir.parent / "first-visit.png"
        page.screenshot(path=str(shot), full_page=True)
        shown = page.locator("body").inner_text()[-3000:]
        pytest.fail(f"the first visit failed: {exc}\nscreenshot: {shot}\npage text:\n{shown}", pytrace=False)
    finally:
        context.close()
    return FirstVisit(base_url=base_url, data_dir=data_dir, index_status=label, main_text=main_text)


@pytest.fixture
def app_url(first_visit: FirstVisit) -> str:
    return first_visit.base_url


def sources_text(message) -> str:
    """Open a message's "Sources (n)" expander and return what it lists. A rerun that lands
    just after the click redraws the expander closed (1 run in 7 here), so the click is tried
    again after the page is idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    expander = message.locator(EXPANDER).filter(has_text="Sources (")
    details = expander.locator('[data-testid="stExpanderDetails"]')
    for _ in range(3):
        wait_idle(message.page)
        expander.locator("summary").click()
        try:
            details.wait_for(state="visible", timeout=10_000)
            return details.inner_text()
        except PlaywrightTimeout:
            continue
    details.wait_for(state="visible")
    return details.inner_text()


def test_a_fresh_data_dir_builds_the_index_and_shows_the_title_and_model(first_visit, page):
    # The first visit built the index, visibly, and then showed the page.
    assert first_visit.index_status == INDEX_READY
    assert (first_visit.data_dir / "index").is_dir()
    assert TITLE in first_visit.main_text

    # A later visit finds the index ready: no build, the same page.
    open_app(page, first_visit.base_url)
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert page.locator(EXPANDER).filter(has_text=INDEX_READY).count() == 0
    side = sidebar(page).inner_text()
    assert "Model: fake chat model (tests)" in side
    assert "Embeddings: hash" in side
    passages = side.split("Guidance indexed:", 1)[1].split()[0]
    assert int(passages) > 0, side
    assert "Everything runs on this machine." in side


def test_a_chat_turn_shows_the_streamed_answer_its_citations_sources_and_plan(page, app_url):
    open_app(page, app_url)
    reply = send_chat(page, QUESTION)

    question = chat_messages(page).nth(chat_messages(page).count() - 2)
    assert message_text(question) == QUESTION
    assert reply.locator('[data-testid="stChatMessageAvatarAssistant"]').count() == 1
    text = message_text(reply)
    assert "[1]" in text
    assert "▌" not in text  # the stream finished and the cursor went
    assert reply.get_by_role("heading", name="Next problems to solve").is_visible()
    assert "This week:" in text
    assert "role/payroll-clerk" in sources_text(reply)
    # The profile learnt the role from the question, and the sidebar shows it.
    assert "payroll clerk" in sidebar(page).inner_text().lower()


def test_a_reload_shows_the_conversation_from_storage_with_its_sources(page, app_url):
    open_app(page, app_url)
    reply = send_chat(page, QUESTION)
    answer_text = reply.locator('[data-testid="stMarkdownContainer"]').first.inner_text().strip()
    assert "[1]" in answer_text

    reload_app(page)  # a new Streamlit session: only storage can bring the turn back
    messages = chat_messages(page)
    assert messages.count() >= 2
    assert message_text(messages.nth(messages.count() - 2)) == QUESTION
    stored = messages.last
    assert answer_text in message_text(stored)
    assert "role/payroll-clerk" in sources_text(stored)


def forget_me(page) -> None:
    """Open the Privacy page from the sidebar, tick the confirmation and press "Forget me"."""
    sidebar(page).get_by_role("link", name="Privacy").click()
    forget = page.get_by_role("button", name="Forget me", exact=True)
    forget.wait_for()
    wait_idle(page)
    assert forget.is_disabled()  # not without the confirmation
    page.get_by_text(re.compile(r"^I understand this deletes my profile")).click()
    wait_idle(page)
    forget.click()
    page.get_by_text("Deleted everything stored about you").wait_for()
    wait_idle(page)


def test_forget_me_removes_the_history_and_profile(page, app_url):
    open_app(page, app_url)
    send_chat(page, QUESTION)
    assert "payroll clerk" in sidebar(page).inner_text().lower()

    forget_me(page)
    assert chat_messages(page).count() == 0

    open_app(page, app_url)  # back to the chat page, then a reload: a new session, from storage
    reload_app(page)
    assert chat_messages(page).count() == 0
    side = sidebar(page).inner_text()
    assert NOTHING_YET in side
    assert "payroll clerk" not in side.lower()
    assert page.get_by_text("Tell me your role and what you spend your days on.").is_visible()


def test_no_request_leaves_the_app_origin_during_a_chat_turn(page, page_requests, app_url):
    open_app(page, app_url)
    loaded = len(page_requests)
    reply = send_chat(page, QUESTION)
    sources_text(reply)  # opening the sources must not fetch anything from elsewhere either
    page.wait_for_load_state("networkidle")

    assert page.requests is page_requests
    assert loaded > 0 and any(url.endswith("/_stcore/stream") for url in page_requests)
    assert off_origin(page_requests, app_url) == []


def test_an_image_or_link_in_a_document_is_never_fetched_or_linked(page, page_requests, app_url):
    open_app(page, app_url)
    reply = send_chat(page, "What does the quarry guide say about blast-plan reviews for surveyors?")
    shown = message_text(reply) + sources_text(reply)
    page.wait_for_load_state("networkidle")
    assert "Quarry guide" in shown  # the document was retrieved and shown
    assert off_origin(page_requests, app_url) == []
    assert not [u for u in page_requests if "beacon.example" in u]
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('img[src*="beacon.example"]').count() == 0
    assert main.locator('a[href*="beacon.example"]').count() == 0
