"""The only queries team insights run: counts of distinct members over text-free tables.

It reads ``activity`` (week, topic, task-map counts), the plan items' progress and the team's
membership, and returns numbers keyed by a week, a topic or a corpus item: never a user id, a
name, a message, a profile field or a task text. No admin page can be turned into a way to
watch a person by editing a query elsewhere, because nothing here hands back a row about one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from coach.storage.database import Database
from coach.storage.tables import ActivityRow, PlanItemRow, TeamMemberRow

CORPUS_KINDS = ("role", "path", "skill", "sector", "principle")


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the week ``moment`` falls in."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def week_label(start: datetime) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class TeamCounts:
    """Distinct-member counts for one team over closed weeks; the member ids stay in here."""

    members: int = 0
    weekly_active: dict[str, int] = field(default_factory=dict)  # week -> distinct active members
    qualifying_weeks: list[str] = field(default_factory=list)  # weeks with enough active members
    topics: Counter[str] = field(default_factory=Counter)  # topic -> distinct members
    members_with_map: int = 0
    task_shares: dict[str, float] = field(default_factory=dict)  # category -> share of tasks
    problems: Counter[tuple[str, str]] = field(default_factory=Counter)  # (item id, title) -> members
    skills: Counter[str] = field(default_factory=Counter)  # source id -> members with a step done
    members_with_plan: int = 0
    members_with_progress: int = 0
    share_done: float = 0.0
    closest_other_team: int | None = None  # fewest members by which another team differs


def _to_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AggregateReader:
    def __init__(self, db: Database) -> None:
        self.db = db

    def team_counts(self, team_id: str, now: datetime, weeks: int, min_group: int) -> TeamCounts:
        """Counts over the ``weeks`` complete weeks before ``now``'s week. Only a member's activity
        after joining counts, and only in weeks when at least ``min_group`` members were active:
        the figures then never move by what fewer people did."""
        end = week_start(now)
        start = end - timedelta(weeks=weeks)
        out = TeamCounts()
        with self.db.read() as session:
            joined = dict(
                session.execute(
                    select(TeamMemberRow.user_id, TeamMemberRow.joined_at).where(
                        TeamMemberRow.team_id == team_id
                    )
                ).all()
            )
            out.members = len(joined)
            out.closest_other_team = _closest_other_team(session, team_id, set(joined))
            rows = session.execute(
                select(
                    ActivityRow.user_id,
                    ActivityRow.at,
                    ActivityRow.topic,
                    ActivityRow.automate,
                    ActivityRow.augment,
                    ActivityRow.human_core,
                )
                .where(ActivityRow.user_id.in_(joined), ActivityRow.at >= start, ActivityRow.at < end)
                .order_by(ActivityRow.at, ActivityRow.id)
            ).all()
            plan = session.execute(
                select(
                    PlanItemRow.user_id,
                    PlanItemRow.item_id,
                    PlanItemRow.kind,
                    PlanItemRow.title,
                    PlanItemRow.source_id,
                    PlanItemRow.created_at,
                    PlanItemRow.done_at,
                ).where(PlanItemRow.user_id.in_(joined), PlanItemRow.created_at < end)
            ).all()
        rows = [r for r in rows if _to_utc(r.at) >= _to_utc(joined[r.user_id])]
        plan = [p for p in plan if _to_utc(p.created_at) >= _to_utc(joined[p.user_id])]
        active: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            active[week_label(week_start(_to_utc(r.at)))].add(r.user_id)
        for i in range(weeks):
            label = week_label(start + timedelta(weeks=i))
            out.weekly_active[label] = len(active.get(label, ()))
        out.qualifying_weeks = [w for w, n in out.weekly_active.items() if n >= min_group]
        counted = [r for r in rows if week_label(week_start(_to_utc(r.at))) in out.qualifying_weeks]
        by_topic: dict[str, set[str]] = defaultdict(set)
        latest_map: dict[str, tuple[int, int, int]] = {}
        for r in counted:
            by_topic[r.topic].add(r.user_id)
            if r.automate is not None:
                latest_map[r.user_id] = (r.automate or 0, r.augment or 0, r.human_core or 0)
        out.topics = Counter({topic: len(users) for topic, users in by_topic.items()})
        out.members_with_map = len(latest_map)
        totals = [sum(col) for col in zip(*latest_map.values(), strict=True)] if latest_map else [0, 0, 0]
        all_tasks = sum(totals)
        if all_tasks:
            out.task_shares = {
                cat: n / all_tasks
                for cat, n in zip(("automate", "augment", "human-core"), totals, strict=True)
            }
        self._plan(out, plan, set(out.qualifying_weeks))
        return out

    @staticmethod
    def _plan(out: TeamCounts, plan, weeks: set[str]) -> None:
        """Plan figures count items offered, and ticks made, in qualifying weeks only."""

        def counts(moment: datetime | None) -> bool:
            return moment is not None and week_label(week_start(_to_utc(moment))) in weeks

        corpus = [p for p in plan if p.source_id.split("/", 1)[0] in CORPUS_KINDS and counts(p.created_at)]
        problems: dict[tuple[str, str], set[str]] = defaultdict(set)
        skills: dict[str, set[str]] = defaultdict(set)
        items: Counter[str] = Counter()
        done: Counter[str] = Counter()
        for p in corpus:
            is_done = counts(p.done_at)
            items[p.user_id] += 1
            done[p.user_id] += is_done
            if p.kind == "problem":
                problems[(p.item_id, p.title)].add(p.user_id)
            elif is_done:
                skills[p.source_id].add(p.user_id)
        out.problems = Counter({key: len(users) for key, users in problems.items()})
        out.skills = Counter({key: len(users) for key, users in skills.items()})
        out.members_with_plan = len(items)
        out.members_with_progress = sum(1 for user in items if done[user])
        out.share_done = sum(done.values()) / sum(items.values()) if items else 0.0


def _closest_other_team(session, team_id: str, members: set[str]) -> int | None:
    """The smallest number of people by which another team's membership differs from this one's
    (the size of the symmetric difference): two teams that differ by one person would let
    their figures be subtracted to reveal that person."""
    others: dict[str, set[str]] = defaultdict(set)
    for other, user in session.execute(
        select(TeamMemberRow.team_id, TeamMemberRow.user_id).where(TeamMemberRow.team_id != team_id)
    ):
        others[other].add(user)
    distances = [len(members ^ users) for users in others.values() if users & members]
    return min(distances) if distances else None
