"""My tasks: the person's own task list, editable, and its map (automate / augment / human-core)."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from ui.components.answer import render_task_map


def tasks_page(services: Services, principal: Principal) -> None:
    st.title("My tasks")
    st.caption("A job is a bundle of tasks. List yours, one per line; the map shows which ones AI touches.")
    profile = services.profiles.get(principal)
    with st.form("my-tasks"):
        text = st.text_area("Your tasks (one per line)", value="\n".join(profile.tasks), height=200)
        if st.form_submit_button("Save and map", type="primary"):
            profile = services.profiles.set_tasks(principal, text)
            st.success(f"Saved {len(profile.tasks)} tasks.")
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
                "category": t.category,
                "exposure": t.exposure,
                "confidence": round(t.confidence, 2),
            }
            for t in task_map.tasks
        ],
        hide_index=True,
    )
