"""Team membership queries shared by accounts (whose principal carries team ids) and teams."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.storage.tables import TeamMemberRow


def team_ids_of(session: Session, user_id: str) -> frozenset[str]:
    rows = session.scalars(select(TeamMemberRow.team_id).where(TeamMemberRow.user_id == user_id))
    return frozenset(rows)


def join(session: Session, team_id: str, user_id: str, role: str = "member") -> None:
    """Add the user to the team (a no-op when they are in it already)."""
    if session.get(TeamMemberRow, (team_id, user_id)) is None:
        session.add(TeamMemberRow(team_id=team_id, user_id=user_id, role=role, joined_at=datetime.now(UTC)))
