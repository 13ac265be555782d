"""Career Coach in the browser: a thin Streamlit view over ``coach``. All logic lives in the core."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from coach.answer import Answer
from coach.embeddings import build_embedder
from coach.export import answer_markdown
from coach.index import build_index, index_status
from coach.profile import Profile, profile_summary
from coach.service import build_coach
from coach.settings import Settings, load_settings
from coach.store import ProfileStore

st.set_page_config(page_title="Career Coach", page_icon="🧭", layout="centered")
CATEGORY_COLOURS = {"automate": "#d95f02", "augment": "#1b9e77", "human-core": "#7570b3"}


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Loading the embedding model…")
def get_embedder(_settings: Settings):
    return build_embedder(_settings)


@st.cache_resource(show_spinner="Starting the coach…")
def get_coach(_settings: Settings, _embedder, index_version: int):
    coach = build_coach(_settings, embedder=_embedder).coach
    if coach.task_mapper is not None:
        # Here, under the spinner, rather than on the first task list. Not in a background
        # thread: one made Streamlit's script runs fail now and then with CPython 3.11's
        # "AST constructor recursion depth mismatch" (gh-106905, seen in threaded programs).
        coach.task_mapper.warm_up()
    return coach


@st.cache_resource(show_spinner=False)
def get_store(_settings: Settings) -> ProfileStore:
    return ProfileStore(_settings)


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


def source_caption(ref) -> str:
    return (
        f"Source: {ref.title} — {ref.heading} (`{ref.id}`)"
        if ref.heading
        else f"Source: {ref.title} (`{ref.id}`)"
    )


def render_task_map(task_map: dict) -> None:
    tasks = task_map.get("tasks") or []
    if not tasks:
        return
    st.markdown("#### Your tasks, mapped")
    frame = pd.DataFrame(
        {
            "task": [t["task"] for t in tasks],
            "category": [t["category"] for t in tasks],
            "confidence": [round(t["confidence"], 2) for t in tasks],
            "exposure": [t["exposure"] for t in tasks],
        }
    )
    chart = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "task",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "confidence",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "title": "confidence",
            },
            "color": {
                "field": "category",
                "type": "nominal",
                "scale": {"domain": list(CATEGORY_COLOURS), "range": list(CATEGORY_COLOURS.values())},
            },
            "tooltip": [{"field": f} for f in ("task", "category", "exposure", "confidence")],
        },
    }
    st.vega_lite_chart(frame, chart, width="stretch")
    counts = frame["category"].value_counts()
    st.caption(
        " · ".join(f"{c}: {counts.get(c, 0)}" for c in CATEGORY_COLOURS)
        + " — exposure labels follow Eloundou et al. (2023); see the evidence in the export."
    )


def render_plan(answer: Answer, key: str) -> None:
    if answer.next_problems:
        st.markdown("#### Next problems to solve")
        for i, p in enumerate(answer.next_problems, 1):
            with st.container(border=True):
                st.markdown(f"**{i}. {p.title}**  \n{p.why}")
                st.markdown(f"**This week:** {p.first_step}")
                if p.skill:
                    st.caption(f"Builds: {p.skill.title}")
                st.caption(source_caption(p.source))
    if answer.adjacent_roles:
        with st.expander("Adjacent roles"):
            for r in answer.adjacent_roles:
                st.markdown(f"**{r.title}** — {r.why}")
            st.caption(source_caption(answer.adjacent_roles[0].source))
    if answer.plan and (answer.plan.days_30 or answer.plan.days_60 or answer.plan.days_90):
        st.markdown("#### 30/60/90-day learning plan")
        for tab, steps in zip(
            st.tabs(["30 days", "60 days", "90 days"]),
            (answer.plan.days_30, answer.plan.days_60, answer.plan.days_90),
        ):
            with tab:
                for step in steps:
                    st.markdown(f"- {step.text}")
                    st.caption(source_caption(step.source))
    if answer.exercise:
        with st.container(border=True):
            st.markdown(f"**Try today — {answer.exercise.title}**  \n{answer.exercise.steps}")
            st.caption(source_caption(answer.exercise.source))
    if answer.next_problems or answer.task_map:
        st.download_button(
            "Export as Markdown",
            answer_markdown(answer),
            file_name="career-plan.md",
            mime="text/markdown",
            key=key,
        )


def render_answer(answer: Answer, key: str) -> None:
    """The parts of a reply besides its text: notices, errors, the task map, the plan, sources."""
    for notice in answer.notices:
        st.info(notice)
    if answer.error:
        st.warning(answer.error)
    if answer.grounding:
        st.caption("Grounding check: " + " ".join(answer.grounding))
    if answer.task_map:
        render_task_map(answer.task_map)
    render_plan(answer, key)
    if answer.sources:
        with st.expander(f"Sources ({len(answer.sources)})"):
            for s in answer.sources:
                st.markdown(f"**[{s.n}] {s.title}** — {s.heading}  \n`{s.id}` · {s.kind}")
                st.caption(s.snippet)


def profile_panel(store: ProfileStore, coach, user_id: str, profile: Profile) -> None:
    """What the coach knows about you: shown, editable, exportable and deletable."""
    st.subheader("Your profile")
    st.markdown(
        profile_summary(profile) if not profile.is_empty() else "_Nothing yet: tell me about your work._"
    )
    with st.expander("Edit profile"), st.form("profile"):
        role = st.text_input("Role", value=profile.role or "")
        tasks = st.text_area("Tasks (one per line)", value="\n".join(profile.tasks))
        skills = st.text_area("Skills (one per line)", value="\n".join(profile.skills))
        goals = st.text_area("Goals (one per line)", value="\n".join(profile.goals))
        constraints = st.text_area("Constraints (one per line)", value="\n".join(profile.constraints))
        if st.form_submit_button("Save profile"):
            lines = lambda text: [line.strip() for line in text.splitlines() if line.strip()]  # noqa: E731
            matched = coach.catalog.match_role(role) if role.strip() else None
            store.save_profile(
                profile.model_copy(
                    update={
                        "role": role.strip() or None,
                        "role_id": matched[0] if matched else None,
                        "sector": matched[1] if matched else None,
                        "tasks": lines(tasks),
                        "skills": lines(skills),
                        "goals": lines(goals),
                        "constraints": lines(constraints),
                    }
                )
            )
            st.rerun()
    st.download_button(
        "Download my data (JSON)",
        json.dumps(store.export(user_id), default=str, indent=2),
        file_name="career-coach-data.json",
        mime="application/json",
    )
    confirm = st.checkbox("I understand this deletes my profile and conversation")
    if st.button("Forget me", type="secondary", disabled=not confirm, width="stretch"):
        removed = store.forget(user_id)
        st.session_state.pop("messages", None)
        st.session_state.flash = (
            f"Deleted everything stored about '{user_id}' ({sum(removed.values())} records)."
        )
        st.rerun()


def sidebar(settings: Settings, coach, store: ProfileStore) -> tuple[str, Profile]:
    with st.sidebar:
        st.header("Career Coach")
        st.caption("A pro-worker coach: advice from cited guidance, your data stays yours.")
        user_id = st.text_input("Profile name", value=st.session_state.get("user_id", "me"), max_chars=64)
        user_id = user_id.strip() or "me"
        if st.session_state.get("user_id") != user_id:
            st.session_state.user_id = user_id
            st.session_state.pop("messages", None)
        profile = store.get_profile(user_id)
        profile_panel(store, coach, user_id, profile)
        st.divider()
        st.markdown(f"**Model:** {settings.describe_chat()}")
        st.markdown(f"**Embeddings:** {settings.embedder}")
        st.markdown(f"**Guidance indexed:** {len(coach.retriever)} passages")
        if settings.is_remote:
            st.warning("Questions go to a remote model endpoint; personal details are removed first.")
        else:
            st.success("Everything runs on this machine.")
        if st.button("New conversation", width="stretch"):
            st.session_state.messages = []
            st.rerun()
    return user_id, profile


def main() -> None:
    settings = get_settings()
    try:
        embedder = get_embedder(settings)
        prepare_index(settings, embedder)
        coach = get_coach(settings, embedder, st.session_state.get("index_version", 0))
        store = get_store(settings)
    except Exception as exc:  # show the reason instead of a stack trace
        st.error(f"The coach could not start: {exc}")
        st.stop()

    user_id, profile = sidebar(settings, coach, store)
    st.title("🧭 What's your next problem to solve?")
    if flash := st.session_state.pop("flash", None):
        st.success(flash)
    if "messages" not in st.session_state:
        st.session_state.messages = store.history(user_id)
    messages: list[dict] = st.session_state.messages
    if not messages:
        st.markdown(
            "Tell me your role and what you spend your days on. I'll map your tasks, suggest where AI "
            "can take routine work off your plate, and which higher-judgment problems you could move into."
        )
    for i, message in enumerate(messages):
        with st.chat_message(message["role"]):
            st.markdown(message["content"])
            if message.get("answer"):
                render_answer(Answer.model_validate(message["answer"]), key=f"export-{i}")

    question = st.chat_input("Ask about your role, your tasks or your next move…")
    if question is None:
        return
    with st.chat_message("user"):
        st.markdown(question)
    history = [{"role": m["role"], "content": m["content"]} for m in messages]
    with st.chat_message("assistant"):
        placeholder = st.empty()
        stream = coach.stream(question, history, profile)
        shown = ""
        for delta in stream:
            shown += delta
            placeholder.markdown(shown + "▌")
        answer = stream.answer
        placeholder.markdown(answer.text)
        render_answer(answer, key=f"export-{len(messages) + 1}")
    if answer.profile is not None and answer.profile != profile:
        store.save_profile(answer.profile)
    record = answer.model_dump(mode="json")
    store.append_message(user_id, "user", question)
    store.append_message(user_id, "assistant", answer.text, record)
    messages.append({"role": "user", "content": question})
    messages.append({"role": "assistant", "content": answer.text, "answer": record})
    if answer.profile is not None and answer.profile != profile:
        st.rerun()  # show the updated profile in the sidebar


main()
