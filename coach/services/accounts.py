"""Accounts: invites, sign-up, sign-in with rate-limited failures, expiring sessions, password
change, single sign-on identities, and what admins manage (accounts and invites, nothing personal).

Secrets are never stored as given: passwords as argon2 hashes, invite codes and session tokens as
SHA-256 digests. Every failure raises ``AccountError`` with a message a person can act on, and
nothing is half-written: each operation is one transaction. Nothing about a person is logged.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.domain.principal import AccessDenied, Principal, Role
from coach.storage.database import Database
from coach.storage.memberships import join, team_ids_of
from coach.storage.repositories import aware as _aware
from coach.storage.tables import (
    CredentialRow,
    IdentityRow,
    InviteRow,
    MessageRow,
    PlanItemRow,
    ProfileRow,
    SessionRow,
    SigninFailureRow,
    UserRow,
)

MIN_PASSWORD = 10
MAX_PASSWORD = 256
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")


class AccountError(ValueError):
    """A sign-up, sign-in or account change that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class AccountSummary:
    """What an admin sees of an account: no profile, no conversation, no task."""

    user_id: str
    name: str  # the sign-in name, or "single sign-on"
    role: str
    status: str
    created_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def check_username(name: str) -> str:
    name = (name or "").strip().lower()
    if not _USERNAME.match(name):
        raise AccountError(
            "A user name is 3 to 64 characters: letters, digits, dots, dashes, underscores or @, "
            "starting with a letter or digit."
        )
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"A password can be at most {MAX_PASSWORD} characters.")
    if not password.strip():
        raise AccountError("A password cannot be only spaces.")
    return password


class AccountService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.hasher = PasswordHasher()

    # -- admin ------------------------------------------------------------------------------

    def _require_admin(self, principal: Principal | None) -> Principal:
        if principal is None or not principal.is_admin or not self._active(principal.user_id):
            raise AccessDenied("only an admin can manage accounts and invites")
        return principal

    def _active(self, user_id: str) -> bool:
        with self.db.read() as session:
            user = session.get(UserRow, user_id)
            return user is not None and user.status == "active"

    def create_invite(self, admin: Principal | None, role: Role = "member") -> str:
        """A new single-use invite code (shown once; only its digest is stored)."""
        return self._invite(role, self._require_admin(admin).user_id)

    def team_invite(self, team_id: str) -> str:
        """An invite that creates a member account in ``team_id`` (TeamService checks who asks)."""
        return self._invite("member", None, team_id)

    def operator_invite(self, role: Role = "member") -> str:
        """An invite made on the server's command line (`coach accounts invite`): whoever runs
        commands there already holds the database, so no principal is asked for. This is how
        the first admin is made."""
        return self._invite(role, None)

    def has_admin(self) -> bool:
        with self.db.read() as session:
            query = select(func.count()).select_from(UserRow).where(UserRow.role == "admin")
            return bool(session.scalar(query))

    def _invite(self, role: Role, creator: str | None, team_id: str | None = None) -> str:
        code = secrets.token_urlsafe(12)
        now = _now()
        with self.db.write() as session:
            session.add(
                InviteRow(
                    code_hash=_digest(code),
                    role=role,
                    created_by=creator,
                    created_at=now,
                    expires_at=now + timedelta(days=self.settings.invite_days),
                    team_id=team_id,
                )
            )
        return code

    def list_accounts(self, admin: Principal | None) -> list[AccountSummary]:
        self._require_admin(admin)
        with self.db.read() as session:
            rows = session.execute(
                select(UserRow, CredentialRow.username)
                .outerjoin(CredentialRow, CredentialRow.user_id == UserRow.id)
                .order_by(UserRow.created_at)
            ).all()
        return [
            AccountSummary(u.id, name or "single sign-on", u.role, u.status, _aware(u.created_at))
            for u, name in rows
        ]

    def pending_invites(self, admin: Principal | None) -> int:
        self._require_admin(admin)
        with self.db.read() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(InviteRow)
                    .where(InviteRow.used_at.is_(None), InviteRow.expires_at > _now())
                )
                or 0
            )

    def set_revoked(self, admin: Principal | None, user_id: str, revoked: bool = True) -> None:
        """Disable (or re-enable) an account; a disabled account's sessions end at once."""
        me = self._require_admin(admin)
        if user_id == me.user_id:
            raise AccountError("You cannot disable your own account.")
        with self.db.write() as session:
            user = session.get(UserRow, user_id)
            if user is None:
                raise AccountError("There is no such account.")
            user.status = "revoked" if revoked else "active"
            session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))

    # -- sign-up, sign-in, sign-out ---------------------------------------------------------

    def sign_up(self, code: str, username: str, password: str) -> Principal:
        """Create a local account from an unused, unexpired invite; all of it or none of it."""
        username, password = check_username(username), check_password(password)
        password_hash = self.hasher.hash(password)
        now = _now()
        with self.db.write() as session:
            invite = session.get(InviteRow, _digest((code or "").strip()))
            if invite is None:
                raise AccountError("That invite code is not valid. Check it, or ask an admin for a new one.")
            if invite.used_at is not None:
                raise AccountError("That invite code has already been used. Ask an admin for a new one.")
            if _aware(invite.expires_at) <= now:
                raise AccountError("That invite code has expired. Ask an admin for a new one.")
            if session.scalar(select(CredentialRow.user_id).where(CredentialRow.username == username)):
                raise AccountError("That user name is taken: choose another.")
            user_id = uuid.uuid4().hex
            session.add(UserRow(id=user_id, role=invite.role, status="active", created_at=now))
            session.flush()
            session.add(
                CredentialRow(user_id=user_id, username=username, password_hash=password_hash, updated_at=now)
            )
            invite.used_at = now
            if invite.team_id:
                join(session, invite.team_id, user_id)
            teams = team_ids_of(session, user_id)
        return Principal(user_id=user_id, role=invite.role, team_ids=teams)

    def sign_in(self, username: str, password: str) -> str:
        """A new session token for a correct user name and password."""
        name = (username or "").strip().lower()
        now = _now()
        window = now - timedelta(minutes=self.settings.signin_lockout_minutes)
        with self.db.read() as session:
            failures = session.scalar(
                select(func.count())
                .select_from(SigninFailureRow)
                .where(SigninFailureRow.username == name, SigninFailureRow.at > window)
            )
            row = session.execute(
                select(CredentialRow, UserRow)
                .join(UserRow, UserRow.id == CredentialRow.user_id)
                .where(CredentialRow.username == name)
            ).first()
        if (failures or 0) >= self.settings.signin_max_failures:
            raise AccountError(
                "Too many failed sign-ins for this name. "
                f"Try again in {self.settings.signin_lockout_minutes:g} minutes."
            )
        if row is None or not self._verify(row[0].password_hash, password or ""):
            with self.db.write() as session:
                session.add(SigninFailureRow(username=name[:64], at=now))
            raise AccountError("The user name or password is wrong.")
        credential, user = row
        if user.status != "active":
            raise AccountError("This account has been disabled. Ask an admin.")
        return self._new_session(user.id)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _new_session(self, user_id: str) -> str:
        token = secrets.token_urlsafe(32)
        now = _now()
        with self.db.write() as session:
            session.execute(delete(SigninFailureRow).where(SigninFailureRow.at < now - timedelta(days=1)))
            session.add(
                SessionRow(
                    token_hash=_digest(token),
                    user_id=user_id,
                    created_at=now,
                    expires_at=now + timedelta(hours=self.settings.session_hours),
                )
            )
        return token

    def principal_for(self, token: str | None) -> Principal | None:
        """The signed-in person behind ``token``; None when it is unknown, expired or disabled."""
        if not token:
            return None
        with self.db.read() as session:
            row = session.execute(
                select(SessionRow, UserRow)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(SessionRow.token_hash == _digest(token))
            ).first()
            teams = team_ids_of(session, row[1].id) if row is not None else frozenset()
        if row is None:
            return None
        record, user = row
        if _aware(record.expires_at) <= _now() or user.status != "active":
            return None
        return Principal(user_id=user.id, role=user.role, team_ids=teams)

    def sign_out(self, token: str | None) -> None:
        if token:
            with self.db.write() as session:
                session.execute(delete(SessionRow).where(SessionRow.token_hash == _digest(token)))

    def change_password(self, principal: Principal | None, old: str, new: str) -> None:
        if principal is None:
            raise AccessDenied("not signed in")
        new = check_password(new)
        with self.db.write() as session:
            credential = session.get(CredentialRow, principal.user_id)
            if credential is None:
                raise AccountError("This account signs in through single sign-on and has no password here.")
            if not self._verify(credential.password_hash, old or ""):
                raise AccountError("The current password is wrong.")
            credential.password_hash = self.hasher.hash(new)
            credential.updated_at = _now()
            session.execute(delete(SessionRow).where(SessionRow.user_id == principal.user_id))

    def delete_account(self, principal: Principal | None) -> None:
        """Delete the person's account and everything stored about them, in one transaction
        (their profile, messages, plan, sessions, sign-in and identities go with the user row)."""
        if principal is None:
            raise AccessDenied("not signed in")
        with self.db.write() as session:
            for table in (ProfileRow, MessageRow, PlanItemRow, SessionRow, CredentialRow, IdentityRow):
                session.execute(delete(table).where(table.user_id == principal.user_id))
            session.execute(delete(UserRow).where(UserRow.id == principal.user_id))

    # -- single sign-on ---------------------------------------------------------------------

    def principal_for_identity(self, issuer: str, subject: str) -> Principal:
        """The coach account for an identity provider's subject, created on first sign-in."""
        if not issuer or not subject:
            raise AccountError("The identity provider did not say who you are (no issuer or subject).")
        now = _now()
        with self.db.write() as session:
            user = self._identity_user(session, issuer, subject)
            if user is None:
                user = UserRow(id=uuid.uuid4().hex, role="member", status="active", created_at=now)
                session.add(user)
                session.flush()
                session.add(IdentityRow(issuer=issuer, subject=subject, user_id=user.id, created_at=now))
            if user.status != "active":
                raise AccountError("This account has been disabled. Ask an admin.")
            return Principal(user_id=user.id, role=user.role, team_ids=team_ids_of(session, user.id))

    @staticmethod
    def _identity_user(session: Session, issuer: str, subject: str) -> UserRow | None:
        identity = session.get(IdentityRow, (issuer, subject))
        return session.get(UserRow, identity.user_id) if identity else None

    def promote(self, admin: Principal | None, user_id: str, role: Literal["member", "admin"]) -> None:
        self._require_admin(admin)
        with self.db.write() as session:
            user = session.get(UserRow, user_id)
            if user is None:
                raise AccountError("There is no such account.")
            user.role = role
