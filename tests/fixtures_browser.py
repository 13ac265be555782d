"""Browser fixtures: the app served by streamlit on loopback, driven by Playwright in Debian chromium.

``serve_app(env=None, data_dir=None)`` starts ``streamlit run app.py`` in a subprocess with the
test settings (fake chat model, hashing embedder, no mpnet, a temp data dir) and returns its base
URL; ``page`` is a fresh headless Chromium page that records every URL it asks for
(``page.requests``, also the ``page_requests`` fixture) and leaves a screenshot in the test's
tmp_path when the test fails. The helpers below know Streamlit 1.67's DOM.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coach.config import PROJECT_ROOT

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
START_TIMEOUT_S = 60.0
# The first visit of a fresh data dir builds the knowledge index: slow on a 2-core machine.
FIRST_VISIT_TIMEOUT_MS = 180_000
TURN_TIMEOUT_MS = 60_000
IDLE_TIMEOUT_MS = 60_000
PASSWORD = "correct horse battery"  # every test account's password (COACH_AUTH=local)

TEST_ENV = {
    "COACH_CHAT_PROVIDER": "fake",
    "COACH_EMBEDDER": "hash",
    "COACH_EXPOSURE_MPNET": "false",
}

# Streamlit 1.67's test ids (read from the served DOM, not from memory).
APP = '[data-testid="stApp"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
CHAT_MESSAGE = '[data-testid="stChatMessage"]'
CHAT_MESSAGE_CONTENT = '[data-testid="stChatMessageContent"]'
SIDEBAR = '[data-testid="stSidebar"]'
EXPANDER = '[data-testid="stExpander"]'


# --- the app server -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200 and reply.read().strip() == b"ok"
    except (OSError, urllib.error.URLError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def serve_app(tmp_path_factory) -> Iterator[Callable[..., str]]:
    """A factory: ``serve_app(env=None, data_dir=None, port=None, extra_args=()) -> base URL`` of a
    running app (``port`` when the URL must be known first, e.g. for a sign-on redirect).

    Module-scoped so that a module can share one server (see ``app_url`` in test_browser.py);
    every server it started is stopped when the module's tests are done.
    """
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(
        env: dict[str, str] | None = None,
        data_dir: Path | None = None,
        port: int | None = None,
        extra_args: list[str] | tuple[str, ...] = (),
    ) -> str:
        workdir = tmp_path_factory.mktemp("app-server")
        port = port or _free_port()
        base_url = f"http://127.0.0.1:{port}"
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
        child_env.update(TEST_ENV)
        child_env["COACH_DATA_DIR"] = str(data_dir or workdir / "data")
        child_env["COACH_MODEL_CACHE"] = str(workdir / "model-cache")
        child_env.update(env or {})
        log_path = workdir / "server.log"
        err_path = workdir / "server.err"
        with open(log_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.headless",
                    "true",
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    str(port),
                    "--browser.gatherUsageStats",
                    "false",
                    *extra_args,
                ],
                cwd=PROJECT_ROOT,
                env=child_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )
        started.append((proc, err_path))
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                why = (
                    f"exited with {proc.returncode}"
                    if proc.returncode is not None
                    else f"not healthy after {START_TIMEOUT_S:.0f} s"
                )
                _stop(proc)
                stderr = err_path.read_text(errors="replace")[-6000:]
                stdout = log_path.read_text(errors="replace")[-2000:]
                pytest.fail(
                    f"streamlit on {base_url} {why}.\n--- stderr ---\n{stderr}\n--- stdout ---\n{stdout}",
                    pytrace=False,
                )
            time.sleep(0.25)
        return base_url

    yield start
    for proc, _ in started:
        _stop(proc)


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium (Playwright's own browser download does not work offline)."""
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    found = shutil.which("chromium")
    if not found:
        pytest.skip("chromium not found (/usr/bin/chromium or on PATH): apt-get install chromium")
    return found


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """One headless Chromium per module; each test gets its own context and page.

    Module, not session: while Playwright's sync API is up, its event loop counts as running in
    this thread, so ``asyncio.run`` in a later test module would fail.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``item.rep_setup``, ``rep_call``) for fixtures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page_requests() -> list[str]:
    """Every URL the test's page asked for: HTTP requests and WebSocket connections."""
    return []


@pytest.fixture
def page(browser, page_requests: list[str], request, tmp_path: Path):
    """A fresh page (own context: no shared cookies or storage) that records its requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    context.set_default_timeout(IDLE_TIMEOUT_MS)
    pg = context.new_page()
    pg.on("request", lambda req: page_requests.append(req.url))
    pg.on("websocket", lambda ws: page_requests.append(ws.url))
    pg.requests = page_requests  # type: ignore[attr-defined]
    yield pg
    reports = (getattr(request.node, f"rep_{when}", None) for when in ("setup", "call"))
    failed = any(report is not None and report.failed for report in reports)
    if failed:
        shot = tmp_path / "failure.png"
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"\nbrowser screenshot of the failure: {shot}")
        except Exception as exc:  # the page may be gone; the test's own error matters more
            print(f"\nno browser screenshot ({exc})")
    context.close()


# --- Streamlit helpers ----------------------------------------------------------------------


def wait_idle(page, timeout_ms: float = IDLE_TIMEOUT_MS) -> None:
    """Wait until the script run is over: connected, not running, no "Running..." widget."""
    page.locator(f'{APP}[data-test-connection-state="CONNECTED"]').wait_for(timeout=timeout_ms)
    page.locator(f'{APP}[data-test-script-state="notRunning"]').wait_for(timeout=timeout_ms)
    page.locator(STATUS_WIDGET).wait_for(state="hidden", timeout=timeout_ms)


def open_app(page, base_url: str, timeout_ms: float = FIRST_VISIT_TIMEOUT_MS) -> None:
    """Load (or reload) the app and wait for the page to be ready for input."""
    page.goto(base_url)
    page.locator(CHAT_INPUT).wait_for(timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def reload_app(page, timeout_ms: float = IDLE_TIMEOUT_MS) -> None:
    """A browser reload: a new Streamlit session, so the page is built from storage."""
    page.reload()
    page.locator(CHAT_INPUT).wait_for(timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def chat_messages(page):
    """The chat message elements on screen, in order (a Playwright locator)."""
    return page.locator(CHAT_MESSAGE)


def message_text(message) -> str:
    """A chat message's visible text, without its avatar (an icon font's ligature name)."""
    return message.locator(CHAT_MESSAGE_CONTENT).inner_text().strip()


def chat_texts(page) -> list[str]:
    """The visible text of each chat message, in order."""
    return [text.strip() for text in page.locator(CHAT_MESSAGE_CONTENT).all_inner_texts()]


def expander_label(expander) -> str:
    """An expander's (or st.status box's) label, without its icon's ligature name."""
    return expander.locator("summary [data-testid='stMarkdownContainer']").first.inner_text().strip()


def send_chat(page, text: str, timeout_ms: float = TURN_TIMEOUT_MS):
    """Type a question into the chat input, press Enter and wait for the finished reply.

    Returns the locator of the assistant's reply (the last chat message).
    """
    before = chat_messages(page).count()
    box = page.locator(CHAT_INPUT)
    box.fill(text)
    box.press("Enter")
    messages = chat_messages(page)
    messages.nth(before + 1).wait_for(timeout=timeout_ms)  # the question and the reply's bubble
    # Looked up afresh on every poll: a rerun (e.g. after the profile changed) replaces elements.
    page.wait_for_function(
        """selector => {
            const all = document.querySelectorAll(selector);
            const last = all[all.length - 1];
            return last !== undefined && !last.innerText.includes("\u258c");
        }""",
        arg=CHAT_MESSAGE,
        timeout=timeout_ms,
    )
    wait_idle(page, timeout_ms)
    return messages.last


def sidebar(page):
    return page.locator(SIDEBAR)


def off_origin(urls: list[str], base_url: str) -> list[str]:
    """The URLs that would leave the app's origin (data: URLs never leave the page)."""
    origin = urlsplit(base_url)
    away = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "about"):
            continue
        if parts.scheme == "blob":
            parts = urlsplit(url[len("blob:") :])
        same = parts.hostname == origin.hostname and parts.port == origin.port
        if not same or parts.scheme not in ("http", "ws"):
            away.append(url)
    return away


# --- local accounts (COACH_AUTH=local) ------------------------------------------------------


def open_signed_out(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Sign in").wait_for(timeout=180_000)
    wait_idle(page)


def sign_up(page, url: str, code: str, name: str) -> None:
    open_signed_out(page, url)
    page.get_by_role("tab", name="Create an account").click()
    page.get_by_label("Invite code").fill(code)
    page.get_by_label("User name").nth(1).fill(name)
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.locator(CHAT_INPUT).wait_for(timeout=60_000)
    wait_idle(page)


def sign_in(page, url: str, name: str, password: str = PASSWORD) -> None:
    open_signed_out(page, url)
    page.get_by_label("User name").first.fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_idle(page)


def local_accounts_app(serve_app, data_dir: Path):
    """The app with local accounts on ``data_dir``: (base URL, the account service on its
    database, the database). Close the database when done."""
    from coach.config import Settings
    from coach.services.accounts import AccountService
    from coach.storage.database import Database

    url = serve_app(env={"COACH_AUTH": "local"}, data_dir=data_dir)
    settings = Settings(data_dir=data_dir, auth="local")
    database = Database.from_settings(settings)
    return url, AccountService(database, settings), database
