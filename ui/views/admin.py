"""Admin: accounts and invites. Nothing personal: no conversation, profile, task or plan is
reachable from here (the account service returns none of it)."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal
from coach.services.accounts import AccountError


def admin_page(services: Services, principal: Principal) -> None:
    st.title("Admin")
    st.caption("Accounts and invites. You cannot read anyone's conversations, profile, tasks or plan.")
    accounts = services.accounts.list_accounts(principal)
    st.dataframe(
        [
            {"name": a.name, "role": a.role, "status": a.status, "created": a.created_at.date().isoformat()}
            for a in accounts
        ],
        hide_index=True,
    )
    st.subheader("Invite someone")
    with st.form("invite"):
        role = st.selectbox("Role", ["member", "admin"])
        if st.form_submit_button("Create invite code", type="primary"):
            code = services.accounts.create_invite(principal, role)
            st.success("Give this code to the person (it works once, and is shown only now):")
            st.code(code)
    st.caption(f"Unused invites: {services.accounts.pending_invites(principal)}")
    others = [a for a in accounts if a.user_id != principal.user_id]
    if others:
        st.subheader("Disable or enable an account")
        with st.form("status"):
            choice = st.selectbox("Account", others, format_func=lambda a: f"{a.name} ({a.status})")
            if st.form_submit_button("Switch status"):
                try:
                    services.accounts.set_revoked(
                        principal, choice.user_id, revoked=choice.status == "active"
                    )
                    st.rerun()
                except AccountError as exc:
                    st.error(str(exc))

    st.subheader("Teams")
    teams = services.teams.all_teams(principal)
    if teams:
        st.markdown("\n".join(f"- {name}" for _, name in teams))
    with st.form("team"):
        name = st.text_input("New team name")
        lead = st.text_input("Its first team admin (user name, optional)")
        if st.form_submit_button("Create team"):
            try:
                services.teams.create(principal, name, lead.strip() or None)
                st.rerun()
            except AccountError as exc:
                st.error(str(exc))
