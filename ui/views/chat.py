"""The chat page: the conversation, streamed answers with their parts, and the sidebar."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from coach.domain.profile import Profile
from coach.pipeline.links import safe_markdown
from ui import state
from ui.auth import sign_out
from ui.components.answer import render_answer, render_record
from ui.components.profile import profile_panel


def sidebar(services: Services, principal: Principal, profile: Profile) -> None:
    settings = services.settings
    with st.sidebar:
        st.header("Career Coach")
        st.caption("A pro-worker coach: advice from cited guidance, your data stays yours.")
        profile_panel(services, principal, profile)
        st.divider()
        st.markdown(f"**Model:** {settings.describe_chat()}")
        st.markdown(f"**Embeddings:** {settings.embedder}")
        st.markdown(f"**Guidance indexed:** {len(services.coach.retriever)} passages")
        if settings.is_remote:
            st.warning("Questions go to a remote model endpoint; personal details are removed first.")
        else:
            st.success("Everything runs on this machine.")
        if st.button("New conversation", width="stretch"):
            state.set_messages([])
            st.rerun()
        if settings.auth != "none" and st.button("Sign out", width="stretch"):
            sign_out(services)


def show_message(message: dict, services: Services, i: int) -> None:
    with st.chat_message(message["role"]):
        st.markdown(safe_markdown(message["content"]))
        if message.get("answer") is not None:
            render_answer(message["answer"], key=f"export-{i}")
        elif message.get("record"):
            render_record(message["record"], services.coach.catalog)


def chat_page(services: Services, principal: Principal) -> None:
    profile = services.profiles.get(principal)
    sidebar(services, principal, profile)
    st.title("🧭 What's your next problem to solve?")
    if flash := state.flash():
        st.success(flash)
    messages = state.messages()
    if messages is None:
        messages = services.conversations.history(principal)
        state.set_messages(messages)
    if not messages:
        st.markdown(
            "Tell me your role and what you spend your days on. I'll map your tasks, suggest where AI "
            "can take routine work off your plate, and which higher-judgment problems you could move into."
        )
    for i, message in enumerate(messages):
        show_message(message, services, i)

    question = st.chat_input("Ask about your role, your tasks or your next move…")
    if question is None:
        return
    with st.chat_message("user"):
        st.markdown(safe_markdown(question))
    with st.chat_message("assistant"):
        placeholder = st.empty()
        stream = services.conversations.stream(principal, question)
        shown = ""
        for delta in stream:
            shown += delta
            placeholder.markdown(safe_markdown(shown) + "▌")  # nothing is fetched mid-stream either
        answer = stream.answer
        assert answer is not None
        placeholder.markdown(safe_markdown(answer.text))
        render_answer(answer, key=f"export-{len(messages) + 1}")
    state.add_turn(question, answer)
    if answer.profile is not None and answer.profile != profile:
        st.rerun()  # show the updated profile in the sidebar
