"""What the app builds once per process (settings, embedder, services) and the first-start
index build, shown with a progress bar."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services, build_coach, build_services
from coach.config import Settings, load_settings
from coach.llm.embeddings import build_embedder
from coach.retrieval.indexing import build_index, index_status
from coach.retrieval.vector_index import open_index
from ui import state


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Loading the embedding model…")
def get_embedder(_settings: Settings):
    return build_embedder(_settings)


@st.cache_resource(show_spinner="Starting the coach…")
def get_services(_settings: Settings, _embedder, index_version: int) -> Services:
    coach = build_coach(_settings, embedder=_embedder).coach
    if coach.task_mapper is not None:
        # Here, under the spinner, rather than on the first task list. Not in a background
        # thread: one made Streamlit's script runs fail now and then with CPython 3.11's
        # "AST constructor recursion depth mismatch" (gh-106905, seen in threaded programs).
        coach.task_mapper.warm_up()
    return build_services(_settings, coach)


_INDEX_LABELS = {
    "missing": "Preparing the knowledge index (first start only)…",
    "stale": "Rebuilding the knowledge index for the new embedder…",
    "broken": "Rebuilding the damaged knowledge index…",
    "damaged": "Rebuilding the damaged knowledge index…",
    "incomplete": "Completing the knowledge index…",
    "unavailable": "Connecting to the knowledge index server…",
}


def prepare_index(settings: Settings, embedder) -> None:
    """Build the index on first start (visibly); later reruns skip the check."""
    if state.index_ready():
        return
    status, message = index_status(open_index(settings), embedder, settings.knowledge_dir)
    if status != "ok":
        with st.status(_INDEX_LABELS.get(status, _INDEX_LABELS["missing"]), expanded=True) as box:
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
    state.mark_index_ready(rebuilt=status != "ok")
