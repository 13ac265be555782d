"""Teams: created by admins, joined by invite or by a team admin, left by members; a team admin
manages that team only; a principal carries the teams it belongs to. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from coach.domain.principal import AccessDenied
from coach.services.accounts import AccountError, AccountService
from coach.services.teams import TeamService

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(db, settings) -> AccountService:
    return AccountService(db, settings.model_copy(update={"auth": "local"}))


@pytest.fixture
def teams(db, accounts) -> TeamService:
    return TeamService(db, accounts)


@pytest.fixture
def admin(accounts):
    return accounts.sign_up(accounts.operator_invite("admin"), "ada", PASSWORD)


def member(accounts, name: str):
    accounts.sign_up(accounts.operator_invite(), name, PASSWORD)
    return accounts.principal_for(accounts.sign_in(name, PASSWORD))


def signed_in(accounts, name: str):
    return accounts.principal_for(accounts.sign_in(name, PASSWORD))


def test_a_team_invite_makes_a_member_whose_principal_carries_the_team(accounts, teams, admin):
    team = teams.create(admin, "Payroll pilot")
    lead = member(accounts, "lee")
    teams.add_member(admin, team, "lee", role="admin")
    lead = signed_in(accounts, "lee")
    code = teams.invite(lead, team)
    joined = accounts.sign_up(code, "bea", PASSWORD)
    assert team in joined.team_ids and team in signed_in(accounts, "bea").team_ids
    assert [t.name for t in teams.teams_of(joined)] == ["Payroll pilot"]
    assert teams.members(lead, team) == [("bea", "member"), ("lee", "admin")]


def test_a_team_admin_manages_that_team_only(accounts, teams, admin):
    first, second = teams.create(admin, "First"), teams.create(admin, "Second")
    member(accounts, "lee")
    teams.add_member(admin, first, "lee", role="admin")
    lead = signed_in(accounts, "lee")
    with pytest.raises(AccessDenied):
        teams.invite(lead, second)
    with pytest.raises(AccessDenied):
        teams.members(lead, second)
    plain = member(accounts, "bea")
    teams.add_member(lead, first, "bea")
    with pytest.raises(AccessDenied):
        teams.invite(signed_in(accounts, "bea"), first)  # a member is no team admin
    with pytest.raises(AccessDenied):
        teams.create(plain, "Mine")  # only coach admins create teams


def test_people_belong_to_several_teams_and_can_leave_one(accounts, teams, admin):
    first, second = teams.create(admin, "First"), teams.create(admin, "Second")
    member(accounts, "bea")
    teams.add_member(admin, first, "bea")
    teams.add_member(admin, second, "bea")
    bea = signed_in(accounts, "bea")
    assert bea.team_ids == {first, second}
    teams.leave(bea, first)
    assert signed_in(accounts, "bea").team_ids == {second}
    with pytest.raises(AccountError, match="not in that team"):
        teams.leave(bea, first)


def test_team_names_are_checked(teams, admin):
    teams.create(admin, "Payroll pilot")
    with pytest.raises(AccountError, match="exists already"):
        teams.create(admin, "Payroll   pilot")
    with pytest.raises(AccountError, match="2 to 120"):
        teams.create(admin, " ")
    with pytest.raises(AccountError, match="no account named"):
        teams.create(admin, "Another", first_admin="nobody")
