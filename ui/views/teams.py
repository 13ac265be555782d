"""Teams: the teams you are in and their documents; team admins upload and remove documents,
add members and make invites. Nothing here shows what any member asked or was told."""

from __future__ import annotations

import streamlit as st

from coach.bootstrap import Services
from coach.corpus.uploads import UploadError
from coach.domain.principal import Principal
from coach.services.accounts import AccountError
from ui.components.insights import show_insights


def teams_page(services: Services, principal: Principal) -> None:
    st.title("Teams")
    mine = services.teams.teams_of(principal)
    if not mine:
        st.info("You are not in a team. A team admin can add you, or give you an invite code.")
        return
    team = st.selectbox("Team", mine, format_func=lambda t: f"{t.name} ({t.role}, {t.members} members)")
    st.subheader("Team knowledge")
    st.caption("Documents your team added. The coach cites them for this team's members only.")
    uploads = services.uploads.list(principal, team.id)
    if uploads:
        st.dataframe(
            [{"file": u.filename, "title": u.title, "kind": u.kind, "passages": u.chunks} for u in uploads],
            hide_index=True,
        )
    else:
        st.caption("No documents yet.")
    if team.role == "admin":
        _manage(services, principal, team.id, [u.filename for u in uploads])
        st.subheader("Insights")
        show_insights(services.insights.for_team_admin(principal, team.id), key=team.id)
    if st.button(f"Leave {team.name}"):
        services.teams.leave(principal, team.id)
        st.success(f"You left {team.name}.")
        st.rerun()


def _manage(services: Services, principal: Principal, team_id: str, filenames: list[str]) -> None:
    limit = services.settings.upload_max_mb
    files = st.file_uploader(
        f"Add documents (PDF, Word, Markdown, HTML or text; up to {limit:g} MB each)",
        type=["pdf", "docx", "md", "markdown", "html", "htm", "txt"],
        accept_multiple_files=True,
    )
    if files and st.button("Index these documents", type="primary"):
        for file in files:
            bar = st.progress(0.0, text=f"Reading {file.name}")

            def progress(done: int, total: int, what: str, bar=bar) -> None:
                bar.progress(done / total if total else 1.0, text=f"{what}: {done}/{total}")

            try:
                report = services.uploads.upload(principal, team_id, file.name, file.getvalue(), progress)
                bar.progress(1.0, text=f"{file.name}: done")
                st.success(
                    f"{report.filename}: {report.sections} sections, {report.added} passages embedded, "
                    f"{report.unchanged} unchanged, {report.removed} removed."
                )
            except UploadError as exc:
                bar.empty()
                st.error(str(exc))
    if filenames:
        with st.form("remove"):
            gone = st.selectbox("Remove a document", filenames)
            if st.form_submit_button("Remove"):
                removed = services.uploads.delete(principal, team_id, gone)
                st.success(f"Removed {gone} ({removed} passages).")
    st.subheader("Members")
    st.dataframe(
        [{"name": n, "role": r} for n, r in services.teams.members(principal, team_id)], hide_index=True
    )
    with st.form("add-member"):
        name = st.text_input("Add an existing account by user name")
        if st.form_submit_button("Add to team"):
            try:
                services.teams.add_member(principal, team_id, name)
                st.success(f"Added {name}.")
            except AccountError as exc:
                st.error(str(exc))
    if st.button("Create a team invite code"):
        st.code(services.teams.invite(principal, team_id))
        st.caption("It creates an account in this team; it works once.")
