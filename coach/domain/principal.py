"""Who is asking (``Principal``) and whose data a call is about (``Scope``).

The edge (the browser app or the CLI) resolves one principal per request and passes it to every
service; nothing below the edge takes a bare user name. Access is decided here, in one place,
and fails closed: no principal, or a scope it does not own, reads nothing and writes nothing.

Being an admin grants no access to anyone's personal data: admins manage accounts, never read
conversations, profiles or task maps.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["member", "admin"]
ScopeKind = Literal["corpus", "team", "user"]
LOCAL_USER_ID = "me"  # the one person of a machine without accounts (the name earlier versions used)
MAX_ID_CHARS = 128


def check_id(value: object, what: str = "user id") -> str:
    """``value`` if it is a usable opaque id; a ValueError that says why otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{what} must not be empty")
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"{what} is {len(value)} characters; the limit is {MAX_ID_CHARS}")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError(f"{what} must not contain control characters")
    return value


class Principal(BaseModel):
    """An authenticated person: their id, their role and the teams they belong to."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    role: Role = "member"
    team_ids: frozenset[str] = Field(default_factory=frozenset)

    @field_validator("user_id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        return check_id(value)

    @field_validator("team_ids")
    @classmethod
    def _valid_team_ids(cls, value: frozenset[str]) -> frozenset[str]:
        for team_id in value:
            check_id(team_id, "team id")
        return value

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def own(self) -> Scope:
        """The scope of this person's own data."""
        return Scope(kind="user", owner=self.user_id)

    def readable_scopes(self) -> list[Scope]:
        """Every scope whose documents this person's questions may be answered from."""
        teams = [Scope(kind="team", owner=t) for t in sorted(self.team_ids)]
        return [Scope(kind="corpus"), *teams, self.own()]


class Scope(BaseModel):
    """A partition of data: the shared corpus, one team's uploads, or one person's own data."""

    model_config = ConfigDict(frozen=True)

    kind: ScopeKind
    owner: str | None = None  # a team id or a user id; None for the shared corpus

    def model_post_init(self, _context: object) -> None:
        if self.kind == "corpus" and self.owner is not None:
            raise ValueError("the corpus scope has no owner")
        if self.kind != "corpus":
            check_id(self.owner, f"{self.kind} scope owner")

    @property
    def key(self) -> str:
        """A stable string for metadata and file names: ``corpus``, ``team:<id>``, ``user:<id>``."""
        return self.kind if self.kind == "corpus" else f"{self.kind}:{self.owner}"


CORPUS = Scope(kind="corpus")


def can_read(principal: Principal | None, scope: Scope) -> bool:
    """Whether ``principal`` may read data in ``scope``. Fails closed on a missing principal."""
    if principal is None:
        return False
    if scope.kind == "corpus":
        return True
    if scope.kind == "team":
        return scope.owner in principal.team_ids
    return scope.owner == principal.user_id  # personal data: its owner only, admins included


def can_write(principal: Principal | None, scope: Scope) -> bool:
    """Whether ``principal`` may change data in ``scope``: their own, or their team's as a member.
    The shared corpus is written by the indexer from the knowledge folder, never by a request."""
    if principal is None or scope.kind == "corpus":
        return False
    return can_read(principal, scope)


class AccessDenied(PermissionError):
    """A call for data outside the caller's scopes. The message names no one's data."""


def require(principal: Principal | None, scope: Scope, write: bool = False) -> Principal:
    """``principal`` when it may read (or ``write``) ``scope``; ``AccessDenied`` otherwise."""
    allowed = can_write(principal, scope) if write else can_read(principal, scope)
    if not allowed or principal is None:
        raise AccessDenied("not allowed: that data belongs to someone else" if principal else "not signed in")
    return principal
