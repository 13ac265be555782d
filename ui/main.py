"""The app's entry: page config, start-up (index, services), the principal, then the pages."""

from __future__ import annotations

import streamlit as st

from coach.domain.principal import Principal
from ui import state
from ui.auth import resolve_principal, sign_in_page
from ui.context import set_current
from ui.resources import get_embedder, get_services, get_settings, prepare_index

PAGES = [
    ("ui/pages/chat.py", "Coach", "coach", ":material/forum:"),
    ("ui/pages/tasks.py", "My tasks", "tasks", ":material/checklist:"),
    ("ui/pages/plan.py", "My plan", "plan", ":material/flag:"),
    ("ui/pages/privacy.py", "Privacy", "privacy", ":material/lock:"),
]
TEAMS_PAGE = ("ui/pages/teams.py", "Teams", "teams", ":material/groups:")
ADMIN_PAGE = ("ui/pages/admin.py", "Admin", "admin", ":material/admin_panel_settings:")


def pages(principal: Principal, accounts_on: bool) -> list:
    """The pages this person may open. Admin exists only for admins: its URL is unknown to others."""
    shown = PAGES + ([TEAMS_PAGE] if accounts_on else []) + ([ADMIN_PAGE] if principal.is_admin else [])
    return [
        st.Page(path, title=title, url_path=url, icon=icon, default=i == 0)
        for i, (path, title, url, icon) in enumerate(shown)
    ]


def main() -> None:
    st.set_page_config(page_title="Career Coach", page_icon="🧭", layout="centered")
    settings = get_settings()
    try:
        embedder = get_embedder(settings)
        prepare_index(settings, embedder)
        services = get_services(settings, embedder, state.index_version())
        principal = resolve_principal(services)
    except Exception as exc:  # show the reason instead of a stack trace
        st.error(f"The coach could not start: {exc}")
        st.stop()
    if principal is None:
        st.navigation([st.Page(lambda: sign_in_page(services), title="Sign in", url_path="signin")]).run()
        return
    set_current(services, principal)
    st.navigation(pages(principal, settings.auth != "none")).run()
