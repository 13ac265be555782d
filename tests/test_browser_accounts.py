"""Accounts in a real browser (Playwright driving Debian's chromium): local sign-up by invite,
sign-in and sign-out, isolation between two people (including the URL), and single sign-on
through a real local OpenID Connect provider (oidc-provider-mock)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest
from sqlalchemy import func, select

from coach.config import Settings
from coach.storage.database import Database
from coach.storage.tables import UserRow
from tests.fixtures_browser import (
    CHAT_INPUT,
    _free_port,
    chat_texts,
    local_accounts_app,
    send_chat,
    sidebar,
    sign_in,
    sign_up,
    wait_idle,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def local_app(serve_app, tmp_path_factory):
    """The app with local accounts; returns (base URL, the account service on its database)."""
    url, accounts, database = local_accounts_app(serve_app, tmp_path_factory.mktemp("local-accounts"))
    yield url, accounts
    database.close()


def test_sign_up_chat_sign_out_and_back_in(page, local_app):
    url, accounts = local_app
    sign_up(page, url, accounts.operator_invite(), "bea")
    reply = send_chat(page, "I'm a payroll clerk. What's my next problem to solve?")
    assert "[1]" in reply.inner_text()
    sidebar(page).get_by_role("button", name="Sign out").click()
    page.get_by_role("tab", name="Sign in").wait_for()
    sign_in(page, url, "bea", "not the password")
    assert "wrong" in page.locator('[data-testid="stAlert"]').first.inner_text()
    sign_in(page, url, "bea")
    page.locator(CHAT_INPUT).wait_for()
    assert any("payroll clerk" in t for t in chat_texts(page))  # the history is theirs


def test_a_second_person_cannot_reach_the_first_by_page_or_url(page, local_app):
    url, accounts = local_app
    sign_up(page, url, accounts.operator_invite(), "cyd")
    send_chat(page, "I'm a payroll clerk handling garnishments. What next?")
    page.context.clear_cookies()
    other = page.context.browser.new_context()
    try:
        intruder = other.new_page()
        sign_up(intruder, url, accounts.operator_invite(), "dee")
        for path in ("", "tasks", "plan", "privacy", "admin", "?user=cyd", "plan?user_id=cyd"):
            intruder.goto(f"{url}/{path}")
            intruder.locator(CHAT_INPUT).or_(intruder.get_by_role("heading")).first.wait_for(timeout=60_000)
            wait_idle(intruder)
            body = intruder.inner_text("body").lower()
            assert "garnishment" not in body, path
            assert "admin" not in [h.lower() for h in intruder.get_by_role("heading").all_inner_texts()], path
    finally:
        other.close()


def _serve_oidc_provider(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/.well-known/openid-configuration", timeout=2
            ):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("the local OpenID Connect provider did not start")


def sign_on_secrets(folder, app_port: int, provider_port: int):
    """Streamlit's secrets.toml for st.login against the provider on ``provider_port``."""
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        'client_id = "career-coach"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n'
    )
    return secrets


@pytest.fixture(scope="module")
def oidc_app(serve_app, tmp_path_factory):
    """The app with single sign-on against a real local provider; yields (app URL, provider URL)."""
    provider_port, app_port = _free_port(), _free_port()
    provider = _serve_oidc_provider(provider_port)
    folder = tmp_path_factory.mktemp("oidc")
    secrets = sign_on_secrets(folder, app_port, provider_port)
    data_dir = folder / "data"
    try:
        url = serve_app(
            env={"COACH_AUTH": "oidc"},
            data_dir=data_dir,
            port=app_port,
            extra_args=["--secrets.files", str(secrets)],
        )
        yield url, f"http://127.0.0.1:{provider_port}", data_dir
    finally:
        provider.kill()


def account_count(data_dir) -> int:
    settings = Settings(data_dir=data_dir, auth="oidc")
    database = Database.from_settings(settings)
    try:
        with database.read() as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)))
    finally:
        database.close()


def sso_sign_in(page, url: str, subject: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in with single sign-on").click(timeout=180_000)
    page.wait_for_url("**/oauth2/authorize**")
    page.fill("input[name=sub]", subject)
    page.get_by_role("button", name="Authorize").click()
    page.locator(CHAT_INPUT).wait_for(timeout=120_000)
    wait_idle(page)


def test_single_sign_on_against_a_local_provider(page, oidc_app, browser):
    url, provider, _ = oidc_app
    sso_sign_in(page, url, "alice@example.org")
    send_chat(page, "I'm a payroll clerk. What's my next problem to solve?")
    assert any(provider in r for r in page.requests)  # the sign-in really went to the provider
    # Another person through the same provider gets an account of their own, empty.
    other = browser.new_context()
    try:
        them = other.new_page()
        sso_sign_in(them, url, "bob@example.org")
        assert chat_texts(them) == []
        # Signing in again as the first subject finds the first person's conversation.
        again = browser.new_context().new_page()
        sso_sign_in(again, url, "alice@example.org")
        assert any("payroll clerk" in t for t in chat_texts(again))
        again.context.close()
    finally:
        other.close()


def test_a_provider_that_is_down_gets_a_clear_message(page, serve_app, tmp_path_factory):
    dead_port, app_port = _free_port(), _free_port()
    secrets = sign_on_secrets(tmp_path_factory.mktemp("oidc-down"), app_port, dead_port)
    url = serve_app(env={"COACH_AUTH": "oidc"}, port=app_port, extra_args=["--secrets.files", str(secrets)])
    page.goto(url)
    alert = page.locator('[data-testid="stAlert"]').first
    alert.wait_for(timeout=180_000)
    assert "Single sign-on is not available right now" in alert.inner_text()
    assert page.get_by_role("button", name="Sign in with single sign-on").count() == 0
    assert page.locator(CHAT_INPUT).count() == 0


def test_a_sign_in_the_provider_refuses_creates_no_account(page, oidc_app):
    url, _, data_dir = oidc_app
    before = account_count(data_dir)
    page.goto(url)
    page.get_by_role("button", name="Sign in with single sign-on").click(timeout=180_000)
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_role("button", name="Deny").click()
    page.get_by_role("button", name="Sign in with single sign-on").wait_for(timeout=60_000)
    assert page.locator(CHAT_INPUT).count() == 0
    assert account_count(data_dir) == before
