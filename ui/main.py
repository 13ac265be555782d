"""The app's entry: page config, start-up (index, services), the principal, then the page."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.pages.chat import chat_page
from ui.resources import get_embedder, get_services, get_settings, prepare_index, resolve_principal


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
    chat_page(services, principal)
