"""Who may read and write which data: principals, scopes and the access rules, failing closed."""

import pytest
from pydantic import ValidationError

from coach.domain.principal import (
    CORPUS,
    LOCAL_USER_ID,
    AccessDenied,
    Principal,
    Scope,
    can_read,
    can_write,
    require,
)

ANA = Principal(user_id="ana", team_ids=frozenset({"hr", "finance"}))
BEN = Principal(user_id="ben", team_ids=frozenset({"trades"}))
ADMIN = Principal(user_id="root", role="admin")


def user(owner: str) -> Scope:
    return Scope(kind="user", owner=owner)


def team(owner: str) -> Scope:
    return Scope(kind="team", owner=owner)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a\x00b", "control characters"),
        ("a\nb", "control characters"),
        ("a\x7fb", "control characters"),
        ("x" * 129, "limit is 128"),
        (None, "string"),
        (42, "string"),
    ],
)
def test_bad_user_ids_are_refused_with_the_reason(bad, reason):
    with pytest.raises(ValidationError, match=reason):
        Principal(user_id=bad)


@pytest.mark.parametrize("good", ["a", "u" * 128, "Ana Lopez", "ana@example.org", "an%_'; --", "ñandú 🙂"])
def test_opaque_ids_are_accepted_as_given(good):
    assert Principal(user_id=good).user_id == good


def test_principal_defaults_and_immutability():
    me = Principal(user_id=LOCAL_USER_ID)
    assert (me.role, me.team_ids, me.is_admin) == ("member", frozenset(), False)
    assert ADMIN.is_admin
    with pytest.raises(ValidationError):
        Principal(user_id="ana", role="superuser")
    with pytest.raises(ValidationError):
        me.user_id = "someone-else"


def test_scope_validation():
    assert Scope(kind="corpus") == CORPUS and CORPUS.owner is None
    with pytest.raises(ValidationError, match="no owner"):
        Scope(kind="corpus", owner="ana")
    for kind in ("team", "user"):
        with pytest.raises(ValidationError, match=f"{kind} scope owner"):
            Scope(kind=kind)
        with pytest.raises(ValidationError, match="empty"):
            Scope(kind=kind, owner=" ")
        with pytest.raises(ValidationError, match="control"):
            Scope(kind=kind, owner="a\tb")
    with pytest.raises(ValidationError):
        Scope(kind="planet", owner="ana")


def test_scope_keys():
    assert CORPUS.key == "corpus"
    assert team("hr").key == "team:hr"
    assert user("ana").key == "user:ana"
    assert ANA.own() == user("ana")


def test_readable_scopes_are_corpus_then_teams_sorted_then_own():
    assert ANA.readable_scopes() == [CORPUS, team("finance"), team("hr"), user("ana")]
    assert ADMIN.readable_scopes() == [CORPUS, user("root")]


@pytest.mark.parametrize(
    ("principal", "scope", "read", "write"),
    [
        (ANA, CORPUS, True, False),  # the corpus is written by the indexer, never by a request
        (ANA, user("ana"), True, True),
        (ANA, user("ben"), False, False),
        (ANA, team("hr"), True, True),
        (ANA, team("trades"), False, False),
        (BEN, team("trades"), True, True),
        (BEN, user("ana"), False, False),
        (ADMIN, user("ana"), False, False),  # admins get no personal access
        (ADMIN, team("hr"), False, False),
        (ADMIN, CORPUS, True, False),
        (ADMIN, user("root"), True, True),
        (None, CORPUS, False, False),  # no principal: nothing at all
        (None, user("ana"), False, False),
        (None, team("hr"), False, False),
    ],
)
def test_access_matrix(principal, scope, read, write):
    assert can_read(principal, scope) is read
    assert can_write(principal, scope) is write


def test_ids_that_look_alike_are_different_owners():
    for other in ("Ana", "ana ", "an%", "an_"):
        assert not can_read(ANA, user(other))
    assert not can_read(Principal(user_id="hr"), team("hr"))  # a user named like a team is not in it


def test_require_returns_the_principal_or_raises_access_denied():
    assert require(ANA, user("ana")) is ANA
    assert require(ANA, user("ana"), write=True) is ANA
    assert require(ANA, CORPUS) is ANA
    with pytest.raises(AccessDenied, match="not allowed") as denied:
        require(ANA, user("ben"))
    assert "ben" not in str(denied.value)  # names no one's data
    with pytest.raises(AccessDenied, match="not allowed"):
        require(ANA, CORPUS, write=True)
    with pytest.raises(AccessDenied, match="not allowed"):
        require(ADMIN, user("ana"))
    with pytest.raises(AccessDenied, match="not signed in"):
        require(None, CORPUS)
    assert issubclass(AccessDenied, PermissionError)


@pytest.mark.parametrize("bad", ["", " ", "t\x00", "t" * 129])
def test_bad_team_ids_are_refused_when_the_principal_is_made(bad):
    """Not later, when a turn builds the principal's readable scopes."""
    with pytest.raises(ValidationError, match="team id"):
        Principal(user_id="ana", team_ids=frozenset({"hr", bad}))
