"""Career Coach in the browser: a thin Streamlit view over ``coach``. All logic lives in the core."""

from __future__ import annotations

import streamlit as st

from coach.answer import Answer
from coach.embeddings import build_embedder
from coach.index import build_index, index_status
from coach.service import build_coach
from coach.settings import Settings, load_settings

st.set_page_config(page_title="Career Coach", page_icon="🧭", layout="centered")


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Loading the embedding model…")
def get_embedder(_settings: Settings):
    return build_embedder(_settings)


@st.cache_resource(show_spinner="Starting the coach…")
def get_coach(_settings: Settings, _embedder, index_version: int):
    return build_coach(_settings, embedder=_embedder).coach


def prepare_index(settings: Settings, embedder) -> None:
    """Build the index on first start (visibly); later reruns skip the check."""
    if st.session_state.get("index_ready"):
        return
    status, message = index_status(settings, embedder)
    if status != "ok":
        with st.status("Preparing the knowledge index (first start only)…", expanded=True) as box:
            st.write(
                "Reading the guidance corpus and embedding it on this machine."
                if status == "missing"
                else message
            )
            bar = st.progress(0.0)

            def progress(done: int, total: int, what: str) -> None:
                bar.progress(done / total if total else 1.0, text=f"{what}: {done}/{total}")

            report = build_index(settings, embedder, progress=progress)
            st.write(report.summary())
            for error in report.errors:
                st.warning(f"Skipped a knowledge file: {error}")
            box.update(label="Knowledge index ready", state="complete", expanded=False)
        st.session_state.index_version = st.session_state.get("index_version", 0) + 1
    st.session_state.index_ready = True


def render_answer(answer: Answer) -> None:
    """The parts of a reply besides its text: notices, errors and the cited sources."""
    for notice in answer.notices:
        st.info(notice)
    if answer.error:
        st.warning(answer.error)
    if answer.sources:
        with st.expander(f"Sources ({len(answer.sources)})"):
            for s in answer.sources:
                st.markdown(f"**[{s.n}] {s.title}** — {s.heading}  \n`{s.id}` · {s.kind}")
                st.caption(s.snippet)


def sidebar(settings: Settings, coach) -> None:
    with st.sidebar:
        st.header("Career Coach")
        st.caption("A pro-worker coach: advice from cited guidance, your data stays yours.")
        st.markdown(f"**Model:** {settings.describe_chat()}")
        st.markdown(f"**Embeddings:** {settings.embedder}")
        st.markdown(f"**Guidance indexed:** {len(coach.retriever)} passages")
        if settings.is_remote:
            st.warning("Questions are sent to a remote model endpoint.")
        else:
            st.success("Everything runs on this machine.")
        if st.button("New conversation", use_container_width=True):
            st.session_state.messages = []
            st.rerun()


def main() -> None:
    settings = get_settings()
    try:
        embedder = get_embedder(settings)
        prepare_index(settings, embedder)
        coach = get_coach(settings, embedder, st.session_state.get("index_version", 0))
    except Exception as exc:  # show the reason instead of a stack trace
        st.error(f"The coach could not start: {exc}")
        st.stop()

    sidebar(settings, coach)
    st.title("🧭 What's your next problem to solve?")
    messages: list[dict] = st.session_state.setdefault("messages", [])
    if not messages:
        st.markdown(
            "Tell me your role and what you spend your days on. I'll suggest where AI can take "
            "routine work off your plate and which higher-judgment problems you could move into."
        )
    for message in messages:
        with st.chat_message(message["role"]):
            st.markdown(message["content"])
            if message.get("answer"):
                render_answer(Answer.model_validate(message["answer"]))

    question = st.chat_input("Ask about your role, your tasks or your next move…")
    if question is None:
        return
    with st.chat_message("user"):
        st.markdown(question)
    history = [{"role": m["role"], "content": m["content"]} for m in messages]
    with st.chat_message("assistant"):
        placeholder = st.empty()
        stream = coach.stream(question, history)
        shown = ""
        for delta in stream:
            shown += delta
            placeholder.markdown(shown + "▌")
        answer = stream.answer
        placeholder.markdown(answer.text)
        render_answer(answer)
    messages.append({"role": "user", "content": question})
    messages.append({"role": "assistant", "content": answer.text, "answer": answer.model_dump()})


main()
