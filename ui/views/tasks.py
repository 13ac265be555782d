"""My tasks: the person's own task list, editable, and its map (automate / augment / human-core)."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from ui.components.answer import render_task_map
from ui.views.task_preferences import preferences_section


def tasks_page(services: Services, principal: Principal) -> None:
    st.title("My tasks")
    st.caption("A job is a bundle of tasks. List yours, one per line; the map shows which ones AI touches.")
    profile = services.profiles.get(principal)
    with st.form("my-tasks"):
        text = st.text_area("Your tasks (one per line)", value="\n".join(profile.tasks), height=200)
        if st.form_submit_button("Save and map", type="primary"):
            profile = services.profiles.set_tasks(principal, text)
            st.success(f"Saved {len(profile.tasks)} tasks.")
    occupation_section(services, principal)
    if not profile.tasks:
        st.info("No tasks yet. Add a few above, or tell the coach about your work in the chat.")
        return
    task_map = services.profiles.task_map(principal)
    if task_map is None:
        st.warning("Task mapping is not available on this coach.")
        return
    render_task_map(task_map)
    st.dataframe(
        [
            {
                "task": t.task,
                "category": t.shown,  # "unsure" below the confidence threshold
                "best guess": t.category,
                "exposure": t.exposure,
                "confidence": round(t.confidence, 2),
                "role card": t.card_tag or "",
                "closest labelled (human / GPT-4)": (
                    f"{t.evidence[0].label} / {t.evidence[0].gpt4_label or '?'}" if t.evidence else ""
                ),
                "uncertain": "⚠ " + "; ".join(t.reasons) if t.uncertain else "",
            }
            for t in task_map.tasks
        ],
        hide_index=True,
    )
    preferences_section(services, principal, task_map)


AUTOMATIC = "(automatic match)"


def occupation_section(services: Services, principal: Principal) -> None:
    """The occupation the person's role matched (or they picked), the next candidates, and a
    selector to pick another; the pick is kept in their profile."""
    options = services.profiles.occupation_options(principal)
    if not options:
        return
    st.subheader("Your occupation")
    choice = services.profiles.occupation_choice(principal)
    if choice is not None and choice.chosen is not None:
        if choice.note:
            st.info(choice.note)
        st.markdown(choice.to_markdown())
    labels = {f"{m.title} ({m.code}) — {m.score:.2f}": m.code for m in options}
    current = services.profiles.get(principal).occupation_code
    names = [AUTOMATIC, *labels]
    index = next((i for i, n in enumerate(names) if labels.get(n) == current), 0)
    picked = st.selectbox("Not right? Pick your occupation", names, index=index, key="occupation-pick")
    code = labels.get(picked)
    typed = st.text_input("…or type an O*NET-SOC code", value="", key="occupation-code").strip()
    if st.button("Keep this occupation", key="occupation-save"):
        try:
            services.profiles.set_occupation(principal, typed or code)
        except ValueError as exc:
            st.error(str(exc))
        else:
            st.success("Kept. The coach will use it from your next question.")
            st.rerun()
    view = services.profiles.role_view(principal)
    if view is not None:
        with st.expander(f"{view.title}: tasks, exposure and adjacent occupations (open data)"):
            st.markdown(view.to_markdown())
            for p in view.next_problems:
                st.markdown(f"- **{p.title}** — {p.why} _({p.source.title})_")
