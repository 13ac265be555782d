"""Teams: created by an admin, joined by invite or added by a team admin, left by the member.
A team admin manages that team only. Membership decides which team scopes a person's questions
may read; nothing here reads anyone's conversations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.domain.principal import AccessDenied, Principal
from coach.services.accounts import AccountError, AccountService
from coach.storage.database import Database
from coach.storage.memberships import join
from coach.storage.tables import CredentialRow, TeamMemberRow, TeamRow

TeamRole = Literal["member", "admin"]


@dataclass(frozen=True)
class TeamSummary:
    id: str
    name: str
    role: str  # the person's role in it
    members: int


class TeamService:
    def __init__(self, db: Database, accounts: AccountService) -> None:
        self.db = db
        self.accounts = accounts

    def _team_admin(self, principal: Principal | None, team_id: str) -> Principal:
        """The principal, when they administer this team (or are a coach admin)."""
        if principal is None:
            raise AccessDenied("not signed in")
        with self.db.read() as session:
            member = session.get(TeamMemberRow, (team_id, principal.user_id))
            exists = session.get(TeamRow, team_id) is not None
        if not exists:
            raise AccountError("There is no such team.")
        if not (principal.is_admin or (member is not None and member.role == "admin")):
            raise AccessDenied("only this team's admins can manage it")
        return principal

    def create(self, admin: Principal | None, name: str, first_admin: str | None = None) -> str:
        """A new team (coach admins only); ``first_admin`` (a user name) becomes its admin."""
        if admin is None or not admin.is_admin:
            raise AccessDenied("only an admin can create teams")
        name = " ".join((name or "").split())
        if not 2 <= len(name) <= 120:
            raise AccountError("A team name is 2 to 120 characters.")
        team_id = uuid.uuid4().hex
        with self.db.write() as session:
            if session.scalar(select(TeamRow.id).where(TeamRow.name == name)):
                raise AccountError("A team of that name exists already.")
            session.add(TeamRow(id=team_id, name=name, created_at=datetime.now(UTC)))
            session.flush()
            if first_admin:
                join(session, team_id, self._user_named(session, first_admin), "admin")
        return team_id

    @staticmethod
    def _user_named(session: Session, username: str) -> str:
        user_id = session.scalar(
            select(CredentialRow.user_id).where(CredentialRow.username == username.lower())
        )
        if user_id is None:
            raise AccountError(f"There is no account named {username!r}.")
        return user_id

    def add_member(
        self, principal: Principal | None, team_id: str, username: str, role: TeamRole = "member"
    ) -> None:
        self._team_admin(principal, team_id)
        with self.db.write() as session:
            join(session, team_id, self._user_named(session, username), role)

    def invite(self, principal: Principal | None, team_id: str) -> str:
        """An invite code that creates an account and joins this team."""
        self._team_admin(principal, team_id)
        return self.accounts.team_invite(team_id)

    def leave(self, principal: Principal | None, team_id: str) -> None:
        if principal is None:
            raise AccessDenied("not signed in")
        with self.db.write() as session:
            row = session.get(TeamMemberRow, (team_id, principal.user_id))
            if row is None:
                raise AccountError("You are not in that team.")
            session.delete(row)

    def teams_of(self, principal: Principal | None) -> list[TeamSummary]:
        if principal is None:
            return []
        counts = (
            select(TeamMemberRow.team_id, func.count().label("n")).group_by(TeamMemberRow.team_id).subquery()
        )
        with self.db.read() as session:
            rows = session.execute(
                select(TeamRow, TeamMemberRow.role, counts.c.n)
                .join(TeamMemberRow, TeamMemberRow.team_id == TeamRow.id)
                .join(counts, counts.c.team_id == TeamRow.id)
                .where(TeamMemberRow.user_id == principal.user_id)
                .order_by(TeamRow.name)
            ).all()
        return [TeamSummary(team.id, team.name, role, int(n)) for team, role, n in rows]

    def all_teams(self, admin: Principal | None) -> list[tuple[str, str]]:
        if admin is None or not admin.is_admin:
            raise AccessDenied("only an admin can list every team")
        with self.db.read() as session:
            return [(t.id, t.name) for t in session.scalars(select(TeamRow).order_by(TeamRow.name))]

    def members(self, principal: Principal | None, team_id: str) -> list[tuple[str, str]]:
        """(user name, team role) of each member, for the team's admins: names only."""
        self._team_admin(principal, team_id)
        with self.db.read() as session:
            rows = session.execute(
                select(CredentialRow.username, TeamMemberRow.role)
                .join(CredentialRow, CredentialRow.user_id == TeamMemberRow.user_id, isouter=True)
                .where(TeamMemberRow.team_id == team_id)
                .order_by(CredentialRow.username)
            ).all()
        return [(name or "single sign-on account", role) for name, role in rows]
