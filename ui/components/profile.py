"""What the coach knows about you: shown and editable, by you alone (export and forget me are on
the Privacy page)."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from coach.domain.profile import Profile, profile_summary


def profile_panel(services: Services, principal: Principal, profile: Profile) -> None:
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
            services.profiles.edit(principal, role, tasks, skills, goals, constraints)
            st.rerun()
