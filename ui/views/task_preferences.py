"""My tasks, second half: the person's say over each task (AI does it, helps, or leave it mine),
the four zones it makes with the map, the next problems re-ranked by it, and where work is
growing. Everything is saved and computed by the profile service."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.domain.preferences import PREFERENCE_LABELS, ZONE_LABELS, task_key
from coach.domain.principal import Principal
from coach.domain.taskmap import TaskMap
from ui.components.answer import source_caption
from ui.components.zones import render_opportunities, render_zone_chart

UNSET = "—"


def preferences_section(services: Services, principal: Principal, task_map: TaskMap) -> None:
    st.subheader("Your say")
    st.caption(
        "For each task: would you like AI to do it, help you with it, or leave it yours? "
        "With the map this sorts your tasks into four zones."
    )
    profile = services.profiles.get(principal)
    stored = {task_key(t): p for t, p in profile.task_preferences.items()}
    names = [UNSET, *PREFERENCE_LABELS.values()]
    values = {label: value for value, label in PREFERENCE_LABELS.items()}
    with st.form("task-preferences"):
        picked = {}
        for i, task in enumerate(profile.tasks):
            current = stored.get(task_key(task))
            index = names.index(PREFERENCE_LABELS[current]) if current else 0
            picked[task] = st.selectbox(task, names, index=index, key=f"task-pref-{i}")
        if st.form_submit_button("Save my say"):
            services.profiles.set_preferences(principal, {t: values.get(p) for t, p in picked.items()})
            st.success("Saved. Your next problems are re-ranked by it.")
    zones = services.profiles.task_zones(principal, task_map)
    if not zones:
        st.info("Say what you want for a task above to see your zones.")
    else:
        render_zone_chart(zones)
        st.caption(
            "“AI could” = exposure E1 or E2 and filed under automate or augment. "
            + " · ".join(f"{ZONE_LABELS[z]}: {sum(t.zone == z for t in zones)}" for z in ZONE_LABELS)
        )
    plan = services.profiles.coaching_plan(principal, task_map)
    if plan.next_problems:
        st.markdown("#### Next problems, ranked by your tasks and your say")
        for i, p in enumerate(plan.next_problems, 1):
            st.markdown(f"**{i}. {p.title}** — {p.why}")
            st.caption(source_caption(p.source))
    if plan.opportunities:
        st.markdown("#### Where work is growing")
        render_opportunities(plan.opportunities)
