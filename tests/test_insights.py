"""Team insights are aggregate only: every figure counts at least k distinct members, nothing
isolates one person (not even by subtracting two views), and no text is ever part of them.
SQLite and PostgreSQL."""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from coach.config import Settings
from coach.domain.activity import topic_of
from coach.domain.answer import TaskMapSummary, TurnRecord
from coach.domain.plan import PlanItem
from coach.domain.principal import AccessDenied, Principal
from coach.services.insights import InsightsService
from coach.storage.memberships import join
from coach.storage.repositories import ConversationRepository, PlanRepository, _ensure_user
from coach.storage.tables import TeamRow

K = 5
NEXT_WEEK = datetime.now(UTC) + timedelta(days=7)  # the week of the turns has ended by then
PROBLEM = PlanItem(
    item_id="role/payroll-clerk#audit-the-automation",
    kind="problem",
    title="Audit the automation",
    source_id="role/payroll-clerk",
)
STEP = PlanItem(
    item_id="skill/verifying-ai-output#days_30-check-three-outputs",
    kind="days_30",
    title="Check three outputs against the source",
    source_id="skill/verifying-ai-output",
)
ROLE_TURN = TurnRecord(
    mode="coach",
    source_ids=["role/payroll-clerk", "skill/verifying-ai-output"],
    task_map=TaskMapSummary(tasks=4, counts={"automate": 2, "augment": 1, "human-core": 1}),
)


def team(db, name: str, user_ids: list[str], admin: str | None = None) -> str:
    team_id = f"team-{name}"
    with db.write() as session:
        session.add(TeamRow(id=team_id, name=name, created_at=datetime.now(UTC)))
        session.flush()
        for user_id in user_ids:
            _ensure_user(session, user_id)
            session.flush()
            join(session, team_id, user_id, "admin" if user_id == admin else "member")
    return team_id


def person(user_id: str, *teams: str) -> Principal:
    return Principal(user_id=user_id, team_ids=frozenset(teams))


def use_coach(db, user_id: str, question: str, record: TurnRecord = ROLE_TURN, tick: bool = True) -> None:
    """One coached turn (stored the real way) and, with ``tick``, the plan step marked done."""
    who = person(user_id)
    ConversationRepository(db).record_turn(who, who.own(), question, "reply", record, plan=[PROBLEM, STEP])
    if tick:
        PlanRepository(db).mark(who, who.own(), STEP.item_id, True)


def service(db, when: datetime = NEXT_WEEK, k: int = K) -> InsightsService:
    return InsightsService(db, k, clock=lambda: when)


def active_team(db, n: int = 5, name: str = "Pilot") -> tuple[str, Principal]:
    """A team of ``n`` members who each had one coached turn; (team id, its admin)."""
    users = [f"u{i}" for i in range(n)]
    team_id = team(db, name, users, admin="u0")
    for user_id in users:
        use_coach(db, user_id, "q")
    return team_id, person("u0", team_id)


@pytest.mark.parametrize("active", [4, 5])
def test_every_figure_is_suppressed_below_k_members_and_shown_at_k(db, active):
    users = [f"u{i}" for i in range(8)]
    team_id = team(db, "Pilot", users, admin="u0")
    for user_id in users[:active]:
        use_coach(db, user_id, f"I'm a payroll clerk, number {user_id}")
    insights = service(db).for_team_admin(person("u0", team_id), team_id)
    assert insights.withheld is None
    figures = {f.key: f for f in insights.figures}
    assert list(figures) == [
        "adoption",
        "topics",
        "task_categories",
        "next_problems",
        "skills",
        "plan_progress",
    ]
    values = [c.value for f in insights.figures for c in f.cells if c.value is not None]
    if active < K:
        assert values == [] and not any(f.shown for f in insights.figures)
    else:
        assert all(f.shown for f in insights.figures), [f.key for f in insights.figures if not f.shown]
        this_week = insights.weeks[-1]
        assert dict((c.label, c.value) for c in figures["adoption"].cells)[this_week] == 5
        assert [(c.label, c.value) for c in figures["topics"].cells] == [("My role and its tasks", 5)]
        shares = {c.label: c.value for c in figures["task_categories"].cells}
        assert shares == {"Automate": 50.0, "Augment": 25.0, "Human-core": 25.0}
        assert [(c.label, c.value) for c in figures["next_problems"].cells] == [("Audit the automation", 5)]
        assert [(c.label, c.value) for c in figures["skills"].cells] == [("skill/verifying-ai-output", 5)]
        progress = {c.label: c.value for c in figures["plan_progress"].cells}
        assert progress == {
            "members with a plan": 5,
            "members who ticked a step done": 5,
            "% of plan items done": 50.0,
        }


def test_a_team_of_fewer_than_k_members_shows_nothing(db):
    team_id = team(db, "Tiny", ["a", "b", "c", "d"], admin="a")
    for user_id in "abcd":
        use_coach(db, user_id, "question")
    insights = service(db).for_team_admin(person("a", team_id), team_id)
    assert insights.figures == [] and "fewer than 5 members" in insights.withheld


def test_nothing_personal_is_in_the_insights_or_the_csv(db):
    users = [f"person-{i}" for i in range(6)]
    team_id = team(db, "Pilot", users, admin=users[0])
    for user_id in users:
        use_coach(db, user_id, f"Secret words of {user_id}: I dislike my manager Sarah Connor")
    insights = service(db).for_team_admin(person(users[0], team_id), team_id)
    dumped = json.dumps(dataclasses.asdict(insights)) + insights.to_csv()
    for forbidden in [*users, "Secret words", "Sarah Connor", "reply", "payroll clerk, number"]:
        assert forbidden not in dumped
    assert "Audit the automation" in dumped  # a corpus title, the same for everyone


def test_csv_holds_the_same_aggregates_as_the_page(db):
    team_id, admin = active_team(db)
    insights = service(db).for_team_admin(admin, team_id)
    rows = list(csv.reader(io.StringIO(insights.to_csv())))[1:]
    cells = [c for f in insights.figures for c in f.cells]
    assert len(rows) == len(cells)
    for row, cell in zip(rows, cells, strict=True):
        assert row[2] == cell.label and row[3] == ("" if cell.value is None else str(round(cell.value, 3)))


def test_two_teams_that_differ_by_one_person_cannot_be_subtracted(db):
    """Differencing: a team of six and a team of the same five would each pass k, and their
    difference would be the sixth person. Both are withheld."""
    five = [f"u{i}" for i in range(5)]
    big = team(db, "Everyone", [*five, "target"], admin="u0")
    small = team(db, "Almost everyone", five, admin="u0")
    for user_id in five:
        use_coach(db, user_id, "q")
    use_coach(db, "target", "I'm struggling", TurnRecord(mode="support"), tick=False)
    insights = service(db)
    views = [
        insights.for_team_admin(person("u0", big, small), big),
        insights.for_team_admin(person("u0", big, small), small),
    ]
    for view in views:
        assert view.figures == [] and "differs from this one by fewer than 5" in view.withheld
    # Teams far enough apart are both shown.
    far = team(db, "Far", [*five, "t1", "t2", "t3", "t4", "t5"], admin="u0")
    assert service(db).for_team_admin(person("u0", far), far).figures


def test_one_persons_turn_never_moves_a_figure(db):
    """Differencing over time: the admin looks before and after one person's turn, in the week
    of the turn and after it ends. A week with fewer than k active members counts for nothing,
    so the two looks are the same."""
    users = [f"u{i}" for i in range(6)]
    team_id = team(db, "Pilot", users, admin="u0")
    for user_id in users[:5]:
        use_coach(db, user_id, "q")
    admin = person("u0", team_id)
    before = service(db, NEXT_WEEK).for_team_admin(admin, team_id)
    use_coach(db, "u5", "Reports on who is job hunting", TurnRecord(mode="decline"))
    shift_rows(db, "u5", timedelta(days=7))  # u5's turn happens the week after, alone
    assert service(db, NEXT_WEEK).for_team_admin(admin, team_id) == before
    after = service(db, NEXT_WEEK + timedelta(days=7)).for_team_admin(admin, team_id)
    assert after.figures[1:] == before.figures[1:]  # topics, maps, problems, skills, progress
    adoption = {c.label: c.value for c in after.figures[0].cells}
    assert adoption[after.weeks[-2]] == 5 and adoption[after.weeks[-1]] is None


def test_a_rare_topic_is_pooled_without_its_label(db):
    users = [f"u{i}" for i in range(6)]
    team_id = team(db, "Pilot", users, admin="u0")
    for user_id in users[:5]:
        use_coach(db, user_id, "q")
    use_coach(db, "u5", "Reports on who is job hunting", TurnRecord(mode="decline"))
    insights = service(db).for_team_admin(person("u0", team_id), team_id)
    topics = next(f for f in insights.figures if f.key == "topics")
    assert [(c.label, c.value) for c in topics.cells] == [
        ("My role and its tasks", 5),
        ("other topics (each fewer than 5 members)", None),
    ]
    assert "declined" not in json.dumps(dataclasses.asdict(insights))


def shift_rows(db, user_id: str, by: timedelta) -> None:
    """Move a person's activity and plan rows in time (the turn happened later)."""
    from coach.storage.tables import ActivityRow, PlanItemRow

    with db.write() as session:
        for row in session.query(ActivityRow).filter(ActivityRow.user_id == user_id):
            row.at = row.at + by
        for item in session.query(PlanItemRow).filter(PlanItemRow.user_id == user_id):
            item.created_at = item.created_at + by
            item.done_at = item.done_at + by if item.done_at else None


def test_the_current_week_and_thin_weeks_are_left_out(db):
    team_id, admin = active_team(db)
    live = service(db, datetime.now(UTC)).for_team_admin(admin, team_id)
    assert not any(f.shown for f in live.figures)  # this week has not ended
    assert service(db).for_team_admin(admin, team_id).figures[0].shown


def test_activity_from_before_joining_does_not_count(db):
    users = [f"u{i}" for i in range(5)]
    for user_id in users:
        with db.write() as session:
            _ensure_user(session, user_id)
        use_coach(db, user_id, "q")
    team_id = team(db, "Later", users, admin="u0")
    insights = service(db).for_team_admin(person("u0", team_id), team_id)
    assert not any(f.shown for f in insights.figures)  # the turns came before the team existed


def test_only_team_admins_see_insights_and_members_see_the_same(db):
    team_id, admin = active_team(db)
    other = team(db, "Other", ["x0", "x1", "x2", "x3", "x4"], admin="x0")
    insights = service(db)
    admin_view = insights.for_team_admin(admin, team_id)
    for who in (person("u1", team_id), person("x0", other), Principal(user_id="boss", role="admin"), None):
        with pytest.raises(AccessDenied):
            insights.for_team_admin(who, team_id)
    assert insights.what_my_team_sees(person("u3", team_id)) == [admin_view]
    assert insights.what_my_team_sees(person("x1", other))[0].team_name == "Other"
    assert insights.what_my_team_sees(Principal(user_id="outsider")) == []
    assert insights.what_my_team_sees(None) == []


def test_forget_me_removes_a_persons_activity_from_the_figures(db):
    team_id, admin = active_team(db)
    assert service(db).for_team_admin(admin, team_id).figures[0].shown
    gone = person("u4")
    removed = ConversationRepository(db).forget(gone, gone.own())
    assert removed["activity"] == 1
    assert not any(f.shown for f in service(db).for_team_admin(admin, team_id).figures)


def test_the_minimum_group_is_never_below_three(tmp_path):
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, insights_min_group=2)
    assert Settings(data_dir=tmp_path, insights_min_group=3).insights_min_group == 3


def test_the_insights_queries_touch_no_table_with_text():
    """By construction: the query module imports only the text-free tables, so no edit to a
    page can make it return messages, profiles, names or task texts."""
    source = Path("coach/storage/aggregates.py").read_text()
    names = {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
    imported = {
        alias.name
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.ImportFrom) and n.module == "coach.storage.tables"
        for alias in n.names
    }
    assert imported == {"ActivityRow", "PlanItemRow", "TeamMemberRow"}
    assert not names & {"MessageRow", "ProfileRow", "CredentialRow", "IdentityRow", "text"}


@pytest.mark.parametrize(
    ("record", "topic"),
    [
        (TurnRecord(mode="support", source_ids=["role/payroll-clerk"]), "support"),
        (TurnRecord(mode="decline"), "declined"),
        (TurnRecord(mode="clarify"), "getting-started"),
        (TurnRecord(mode="redirect"), "off-topic"),
        (TurnRecord(source_ids=["upload/t/ladder.pdf", "role/payroll-clerk"]), "upload"),
        (TurnRecord(source_ids=["path/a-to-b", "role/x"], plan_item_ids=["role/x#y"]), "role"),
        (TurnRecord(source_ids=["skill/a", "sector/b", "skill/c"]), "skill"),
        (TurnRecord(source_ids=["sector/b", "skill/a"]), "sector"),
        (TurnRecord(source_ids=["odd/thing"]), "general"),
        (TurnRecord(), "general"),
    ],
)
def test_each_turn_counts_under_one_topic_from_its_route_and_sources(record, topic):
    assert topic_of(record) == topic
