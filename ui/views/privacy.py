"""Privacy: what is stored about you, everything as JSON, and forget me. Admins cannot see any of it."""

from __future__ import annotations

import json

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from coach.services.accounts import AccountError
from ui import state
from ui.auth import sign_out
from ui.components.insights import show_insights

ADMIN_STATEMENT = (
    "Admins manage accounts and invites only. No admin can read your conversations, profile, task "
    "map or plan: no page, command or query of this app offers it."
)


def privacy_page(services: Services, principal: Principal) -> None:
    st.title("Privacy")
    st.markdown(ADMIN_STATEMENT)
    if services.settings.is_remote:
        st.warning("Questions go to a remote model endpoint; personal details are removed first.")
    else:
        st.markdown("Everything runs on this machine: your questions never leave it.")
    st.subheader("What is stored about you")
    counts = services.profiles.stored_counts(principal)
    st.markdown("\n".join(f"- **{what}:** {n}" for what, n in counts.items()))
    st.download_button(
        "Download my data (JSON)",
        json.dumps(services.profiles.export(principal), default=str, indent=2),
        file_name="career-coach-data.json",
        mime="application/json",
    )
    for insights in services.insights.what_my_team_sees(principal):
        st.subheader(f"What my team sees: {insights.team_name}")
        st.caption("Exactly what this team's admins see about the team. Nothing in it is about you alone.")
        show_insights(insights, key=f"privacy-{insights.team_id}")
    st.subheader("Forget me")
    st.caption("Deletes your profile, your conversation and your plan, all at once. It cannot be undone.")
    confirm = st.checkbox("I understand this deletes my profile, conversation and plan")
    if st.button("Forget me", type="secondary", disabled=not confirm):
        removed = services.profiles.forget(principal)
        state.set_messages(None)
        st.success(f"Deleted everything stored about you ({sum(removed.values())} records).")
    if services.settings.auth != "none":
        st.subheader("Delete my account")
        st.caption("Deletes your account and everything stored about you, at once. You are signed out.")
        sure = st.checkbox("I understand this deletes my account for good")
        if st.button("Delete my account", disabled=not sure):
            services.accounts.delete_account(principal)
            sign_out(services)
    if services.settings.auth == "local":
        st.subheader("Change password")
        with st.form("password"):
            old = st.text_input("Current password", type="password")
            new = st.text_input("New password (at least 10 characters)", type="password")
            if st.form_submit_button("Change password"):
                try:
                    services.accounts.change_password(principal, old, new)
                    state.sign_out_locally()
                    state.flash("Password changed. Please sign in with the new one.")
                    st.rerun()
                except AccountError as exc:
                    st.error(str(exc))
