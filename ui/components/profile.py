"""What the coach knows about you: shown, editable, exportable and deletable, by you alone."""

from __future__ import annotations

import json

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from coach.domain.profile import Profile, profile_summary
from ui import state


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
    st.download_button(
        "Download my data (JSON)",
        json.dumps(services.profiles.export(principal), default=str, indent=2),
        file_name="career-coach-data.json",
        mime="application/json",
    )
    confirm = st.checkbox("I understand this deletes my profile and conversation")
    if st.button("Forget me", type="secondary", disabled=not confirm, width="stretch"):
        removed = services.profiles.forget(principal)
        state.set_messages(None)
        state.flash(f"Deleted everything stored about you ({sum(removed.values())} records).")
        st.rerun()
