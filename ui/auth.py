"""Who is using the app, resolved once per run at the edge: the one local person (``none``), a
signed-in local account (``local``), or an identity-provider account (``oidc``, Streamlit's
``st.login``). Pages below get the principal; nothing reads a user id from the page or its URL."""

from __future__ import annotations

import httpx
import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import LOCAL_USER_ID, Principal
from coach.services.accounts import AccountError
from ui import state


def resolve_principal(services: Services) -> Principal | None:
    """The principal for this run, or None (then a sign-in page is shown)."""
    mode = services.settings.auth
    if mode == "none":
        principal = Principal(user_id=LOCAL_USER_ID)
        services.users.ensure(principal)
        return principal
    if mode == "local":
        principal = services.accounts.principal_for(state.auth_token())
        if principal is None and state.auth_token():
            state.sign_out_locally()
            state.flash("Your session has ended. Please sign in again.")
        return principal
    return _oidc_principal(services)


def _oidc_principal(services: Services) -> Principal | None:
    if not getattr(st.user, "is_logged_in", False):  # AppTest and unconfigured auth lack it
        return None
    try:
        return services.accounts.principal_for_identity(
            str(st.user.get("iss", "")), str(st.user.get("sub", ""))
        )
    except AccountError as exc:
        st.error(str(exc))
        return None


def sign_in_page(services: Services) -> None:
    """The page a signed-out visitor sees."""
    st.title("🧭 Career Coach")
    if message := state.flash():
        st.info(message)
    if services.settings.auth == "oidc":
        st.markdown("Sign in with your organisation's account to use the coach.")
        if problem := provider_problem():
            st.error(
                f"Single sign-on is not available right now: {problem} Try again later, or ask your admin."
            )
            return
        if st.button("Sign in with single sign-on", type="primary"):
            try:
                st.login()
            except Exception as exc:  # misconfigured or unreachable provider: say so, plainly
                st.error(f"Single sign-on is not available right now: {exc}")
        st.caption(
            "Back here after signing in? The sign-in did not complete, and nothing was created: try again."
        )
        return
    sign_in, sign_up = st.tabs(["Sign in", "Create an account"])
    with sign_in, st.form("sign-in"):
        name = st.text_input("User name", key="signin-name")
        password = st.text_input("Password", type="password", key="signin-password")
        if st.form_submit_button("Sign in", type="primary"):
            try:
                state.set_auth_token(services.accounts.sign_in(name, password))
                st.rerun()
            except AccountError as exc:
                st.error(str(exc))
    with sign_up, st.form("sign-up"):
        st.caption("You need an invite code from an admin.")
        code = st.text_input("Invite code", key="signup-code")
        name = st.text_input("User name", key="signup-name")
        password = st.text_input("Password (at least 10 characters)", type="password", key="signup-password")
        if st.form_submit_button("Create account"):
            try:
                services.accounts.sign_up(code, name, password)
                state.set_auth_token(services.accounts.sign_in(name, password))
                st.rerun()
            except AccountError as exc:
                st.error(str(exc))
    if not services.accounts.has_admin():
        st.caption("No admin yet: on the server, `coach accounts invite --admin` prints the first invite.")


def sign_out(services: Services) -> None:
    if services.settings.auth == "local":
        services.accounts.sign_out(state.auth_token())
        state.sign_out_locally()
        st.rerun()
    elif services.settings.auth == "oidc":
        state.sign_out_locally()
        st.logout()


def provider_problem(timeout_s: float = 3.0) -> str | None:
    """Why the identity provider cannot be used now (not configured, or not answering), or None.
    Checked before sending anyone there, so a provider that is down gets a plain message here
    instead of an error page half-way through the sign-in."""
    try:
        config = st.secrets["auth"]
        url = str(config.get("server_metadata_url") or "")
    except (KeyError, FileNotFoundError, AttributeError):
        url = ""
    if not url:
        return "it is not configured (an [auth] section with server_metadata_url in secrets.toml)."
    try:
        response = httpx.get(url, timeout=timeout_s)
        response.raise_for_status()
        response.json()
    except (httpx.HTTPError, ValueError):
        return f"the identity provider at {httpx.URL(url).host} does not answer."
    return None
