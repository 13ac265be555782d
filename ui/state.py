"""Session state behind one typed module: every key the app keeps per browser session is here,
with its type, so pages never spell a key by hand."""

from __future__ import annotations

from typing import Any

import streamlit as st

from coach.domain.answer import Answer


def _get(key: str, default: Any) -> Any:
    return st.session_state.get(key, default)


def messages() -> list[dict] | None:
    """The conversation on screen, or None before it is loaded from storage."""
    return _get("messages", None)


def set_messages(value: list[dict] | None) -> None:
    if value is None:
        st.session_state.pop("messages", None)
    else:
        st.session_state["messages"] = value


def add_turn(question: str, answer: Answer) -> None:
    shown = messages()
    if shown is None:
        shown = []
        set_messages(shown)
    shown.append({"role": "user", "content": question})
    shown.append({"role": "assistant", "content": answer.text, "answer": answer})


def index_ready() -> bool:
    return bool(_get("index_ready", False))


def mark_index_ready(rebuilt: bool) -> None:
    if rebuilt:
        st.session_state["index_version"] = index_version() + 1
    st.session_state["index_ready"] = True


def index_version() -> int:
    return int(_get("index_version", 0))


def flash(text: str | None = None) -> str | None:
    """Set a one-time message (with ``text``) or take it (without)."""
    if text is not None:
        st.session_state["flash"] = text
        return None
    return st.session_state.pop("flash", None)


def auth_token() -> str | None:
    """The session token of a signed-in person (local accounts); None when signed out."""
    return _get("auth_token", None)


def set_auth_token(token: str | None) -> None:
    if token is None:
        st.session_state.pop("auth_token", None)
    else:
        st.session_state["auth_token"] = token


def sign_out_locally() -> None:
    """Forget everything this browser session holds about the person."""
    for key in ("auth_token", "messages", "flash"):
        st.session_state.pop(key, None)
