"""Aggregate-only team insights: how a team uses the coach, never what one person did.

Every figure counts at least ``COACH_INSIGHTS_MIN_GROUP`` distinct members (default 5, never
below 3) and is suppressed otherwise. Differences between views cannot isolate a person either:
- the views have no parameters to slice by (one team, the last complete weeks; no week x topic);
- figures cover complete weeks only, and a week counts only when enough members were active in
  it, so watching the page after one person's turn shows nothing new;
- a team whose membership differs from another's by fewer than the minimum is shown nothing,
  since subtracting the two would reveal the people in between;
- small groups are pooled into one unlabelled row, so even the existence of a rare topic is hidden.
Team admins see these figures; each member sees exactly the same ones ("What my team sees").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from coach.domain.activity import TOPICS
from coach.domain.principal import AccessDenied, Principal
from coach.storage.aggregates import AggregateReader, TeamCounts
from coach.storage.database import Database
from coach.storage.tables import TeamMemberRow, TeamRow

WEEKS = 12  # the window: the last twelve complete weeks
CATEGORY_TITLES = {"automate": "Automate", "augment": "Augment", "human-core": "Human-core"}


@dataclass(frozen=True)
class Cell:
    label: str
    value: float | None  # None: suppressed


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    unit: str
    cells: list[Cell]
    note: str = ""

    @property
    def shown(self) -> bool:
        return any(c.value is not None for c in self.cells)


@dataclass(frozen=True)
class TeamInsights:
    team_id: str
    team_name: str
    min_group: int
    weeks: list[str]
    withheld: str | None = None  # why nothing is shown, when nothing is
    figures: list[Figure] = field(default_factory=list)

    def to_csv(self) -> str:
        """The same aggregates as the page, one row per cell; suppressed cells stay blank."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["team", "figure", "label", "value", "unit", "note"])
        for figure in self.figures:
            for cell in figure.cells:
                value = "" if cell.value is None else round(cell.value, 3)
                writer.writerow([self.team_name, figure.title, cell.label, value, figure.unit, figure.note])
        if self.withheld:
            writer.writerow([self.team_name, "", "", "", "", self.withheld])
        return out.getvalue()


class InsightsService:
    def __init__(
        self, db: Database, min_group: int, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        if min_group < 3:
            raise ValueError("COACH_INSIGHTS_MIN_GROUP cannot be below 3")
        self.db = db
        self.min_group = min_group
        self.clock = clock
        self.reader = AggregateReader(db)

    def _team_role(self, principal: Principal | None, team_id: str) -> tuple[str, str] | None:
        if principal is None:
            return None
        with self.db.read() as session:
            member = session.get(TeamMemberRow, (team_id, principal.user_id))
            team = session.get(TeamRow, team_id)
        return (member.role, team.name) if member and team else None

    def for_team_admin(self, principal: Principal | None, team_id: str) -> TeamInsights:
        """The team's insights, for that team's admins only."""
        role = self._team_role(principal, team_id)
        if role is None or role[0] != "admin":
            raise AccessDenied("only this team's admins see its insights")
        return self._compute(team_id, role[1])

    def what_my_team_sees(self, principal: Principal | None) -> list[TeamInsights]:
        """For each of the person's teams, exactly what its admins see."""
        if principal is None:
            return []
        out = []
        for team_id in sorted(principal.team_ids):
            role = self._team_role(principal, team_id)
            if role is not None:
                out.append(self._compute(team_id, role[1]))
        return out

    def _compute(self, team_id: str, name: str) -> TeamInsights:
        k = self.min_group
        counts = self.reader.team_counts(team_id, self.clock(), WEEKS, k)
        weeks = list(counts.weekly_active)
        if counts.members < k:
            why = f"The team has fewer than {k} members, so no figure is shown."
            return TeamInsights(team_id, name, k, weeks, withheld=why)
        if counts.closest_other_team is not None and 0 < counts.closest_other_team < k:
            why = (
                f"Another team's membership differs from this one by fewer than {k} people; comparing "
                "the two could single someone out, so no figure is shown for either."
            )
            return TeamInsights(team_id, name, k, weeks, withheld=why)
        return TeamInsights(team_id, name, k, weeks, figures=_figures(counts, k))


def _kept(n: float, k: int) -> float | None:
    return n if n >= k else None


def _pooled(groups: list[tuple[str, int]], k: int, what: str) -> list[Cell]:
    """Cells of at least k members, largest first; the rest pooled into one unlabelled row."""
    shown = sorted(((label, n) for label, n in groups if n >= k), key=lambda g: (-g[1], g[0]))
    cells = [Cell(label, n) for label, n in shown]
    if len(shown) < len(groups):
        cells.append(Cell(f"other {what} (each fewer than {k} members)", None))
    return cells


def _figures(c: TeamCounts, k: int) -> list[Figure]:
    weeks_note = f"complete weeks with fewer than {k} active members are left out of every figure"
    figures = [
        Figure(
            "adoption",
            "Active members per week",
            "members",
            [Cell(week, _kept(n, k)) for week, n in c.weekly_active.items()],
            f"distinct members who used the coach; weeks with fewer than {k} are not shown",
        ),
        Figure(
            "topics",
            "What people ask about",
            "members",
            _pooled([(TOPICS.get(t, t), n) for t, n in c.topics.items()], k, "topics"),
            weeks_note,
        ),
    ]
    enough_maps = c.members_with_map >= k and c.task_shares
    figures.append(
        Figure(
            "task_categories",
            "Task categories across members' task maps",
            "% of tasks",
            [
                Cell(title, 100 * c.task_shares[cat] if enough_maps else None)
                for cat, title in CATEGORY_TITLES.items()
            ],
            f"each member's latest map; shown when at least {k} members have one",
        )
    )
    figures.append(
        Figure(
            "next_problems",
            "Next problems in members' plans",
            "members",
            _pooled([(title, n) for (_, title), n in c.problems.items()], k, "problems"),
        )
    )
    figures.append(
        Figure(
            "skills",
            "Skills being practised (plan steps done, by guidance card)",
            "members",
            _pooled(list(c.skills.items()), k, "skills"),
        )
    )
    enough_plans = c.members_with_plan >= k
    # The members who ticked nothing are the complement: hide it when that group is small.
    idle = c.members_with_plan - c.members_with_progress
    progress = c.members_with_progress if enough_plans and not 0 < idle < k else None
    figures.append(
        Figure(
            "plan_progress",
            "Plan progress",
            "",
            [
                Cell("members with a plan", _kept(c.members_with_plan, k)),
                Cell(
                    "members who ticked a step done",
                    _kept(progress, k) if progress is not None else None,
                ),
                Cell("% of plan items done", 100 * c.share_done if enough_plans else None),
            ],
        )
    )
    return figures
