"""Who is using the app, resolved once per run at the edge: the one local person (``none``), a
signed-in local account (``local``), or an identity-provider account (``oidc``, Streamlit's
``st.login``). Pages below get the principal; nothing reads a user id from the page or its URL."""

from __future__ import annotations

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
    if not st.user.is_logged_in:
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
        if st.button("Sign in with single sign-on", type="primary"):
            try:
                st.login()
            except Exception as exc:  # misconfigured or unreachable provider: say so, plainly
                st.error(f"Single sign-on is not available right now: {exc}")
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
