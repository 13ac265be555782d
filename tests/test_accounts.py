"""Accounts: invites, sign-up, sign-in, lockout, sessions, revocation, single sign-on mapping, and
what an admin can (accounts, invites) and cannot (anyone's data) reach. On SQLite and PostgreSQL
(the ``db`` fixture runs each test on both)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from coach.domain.answer import TurnRecord
from coach.domain.principal import AccessDenied, Principal
from coach.services.accounts import AccountError, AccountService
from coach.storage.repositories import ConversationRepository, ProfileRepository
from coach.storage.tables import CredentialRow, InviteRow, SessionRow, UserRow

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(db, settings) -> AccountService:
    return AccountService(db, settings.model_copy(update={"auth": "local", "signin_max_failures": 3}))


@pytest.fixture
def admin(accounts) -> Principal:
    return accounts.sign_up(accounts.operator_invite("admin"), "ada", PASSWORD)


def _count(db, table) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)))


def test_an_invite_makes_an_account_that_can_sign_in_and_out(accounts, admin):
    code = accounts.create_invite(admin)
    member = accounts.sign_up(code, "Bea", PASSWORD)
    assert member.role == "member" and admin.role == "admin"
    token = accounts.sign_in("bea", PASSWORD)  # names are case-insensitive
    assert accounts.principal_for(token) == member
    accounts.sign_out(token)
    assert accounts.principal_for(token) is None


def test_invite_codes_are_single_use_and_checked(accounts, admin, db):
    code = accounts.create_invite(admin)
    accounts.sign_up(code, "bea", PASSWORD)
    with pytest.raises(AccountError, match="already been used"):
        accounts.sign_up(code, "cyd", PASSWORD)
    with pytest.raises(AccountError, match="not valid"):
        accounts.sign_up("made-up-code", "cyd", PASSWORD)
    stale = accounts.create_invite(admin)
    with db.write() as session:
        session.execute(
            update(InviteRow).where(InviteRow.used_at.is_(None)).values(expires_at=datetime.now(UTC))
        )
    with pytest.raises(AccountError, match="expired"):
        accounts.sign_up(stale, "cyd", PASSWORD)
    assert _count(db, UserRow) == 2  # ada and bea: no partial account from the failures


def test_a_failed_sign_up_leaves_no_account_and_keeps_the_invite(accounts, admin, db):
    code = accounts.create_invite(admin)
    with pytest.raises(AccountError, match="taken"):
        accounts.sign_up(code, "ADA", PASSWORD)
    with pytest.raises(AccountError, match="at least 10"):
        accounts.sign_up(code, "bea", "short")
    with pytest.raises(AccountError, match="user name is 3 to 64"):
        accounts.sign_up(code, "b", PASSWORD)
    assert _count(db, UserRow) == 1 and _count(db, CredentialRow) == 1
    assert accounts.sign_up(code, "bea", PASSWORD).role == "member"  # the invite still works


def test_passwords_are_stored_as_argon2_hashes_and_secrets_as_digests(accounts, admin, db):
    code = accounts.create_invite(admin)
    token = accounts.sign_in("ada", PASSWORD)
    with db.read() as session:
        hashes = [c.password_hash for c in session.scalars(select(CredentialRow))]
        stored = [i.code_hash for i in session.scalars(select(InviteRow))]
        sessions = [s.token_hash for s in session.scalars(select(SessionRow))]
    assert hashes[0].startswith("$argon2") and PASSWORD not in hashes[0]
    assert code not in stored and token not in sessions


def test_wrong_passwords_lock_the_name_for_a_while(accounts, admin):
    for _ in range(3):
        with pytest.raises(AccountError, match="wrong"):
            accounts.sign_in("ada", "not the password")
    with pytest.raises(AccountError, match="Too many failed sign-ins"):
        accounts.sign_in("ada", PASSWORD)  # even the right password waits out the pause
    with pytest.raises(AccountError, match="wrong"):
        accounts.sign_in("nobody", PASSWORD)  # an unknown name says the same as a wrong password


def test_sessions_expire(accounts, admin, db):
    token = accounts.sign_in("ada", PASSWORD)
    with db.write() as session:
        session.execute(update(SessionRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert accounts.principal_for(token) is None


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(accounts, admin):
    member = accounts.sign_up(accounts.create_invite(admin), "bea", PASSWORD)
    token = accounts.sign_in("bea", PASSWORD)
    accounts.set_revoked(admin, member.user_id)
    assert accounts.principal_for(token) is None
    with pytest.raises(AccountError, match="disabled"):
        accounts.sign_in("bea", PASSWORD)
    with pytest.raises(AccountError, match="your own account"):
        accounts.set_revoked(admin, admin.user_id)
    accounts.set_revoked(admin, member.user_id, revoked=False)
    assert accounts.principal_for(accounts.sign_in("bea", PASSWORD)) == member


def test_changing_the_password_ends_sessions(accounts, admin):
    token = accounts.sign_in("ada", PASSWORD)
    with pytest.raises(AccountError, match="current password is wrong"):
        accounts.change_password(admin, "nope", "a brand new passphrase")
    accounts.change_password(admin, PASSWORD, "a brand new passphrase")
    assert accounts.principal_for(token) is None
    assert accounts.principal_for(accounts.sign_in("ada", "a brand new passphrase")) == admin


def test_only_admins_manage_and_they_see_no_personal_data(accounts, admin, db):
    member = accounts.sign_up(accounts.create_invite(admin), "bea", PASSWORD)
    with pytest.raises(AccessDenied):
        accounts.create_invite(member)
    with pytest.raises(AccessDenied):
        accounts.list_accounts(member)
    with pytest.raises(AccessDenied):
        accounts.create_invite(None)
    conversations, profiles = ConversationRepository(db), ProfileRepository(db)
    conversations.record_turn(member, member.own(), "I'm a nurse", "Here is a plan", TurnRecord())
    listed = accounts.list_accounts(admin)
    assert {a.name for a in listed} == {"ada", "bea"}
    assert not any("nurse" in str(vars(a)) for a in listed)
    assert conversations.history(admin, member.own()) == []  # the admin role opens nothing
    assert profiles.get(admin, member.own()).is_empty()
    with pytest.raises(AccessDenied):
        conversations.export(admin, member.own())


def test_single_sign_on_maps_a_subject_to_one_account(accounts):
    first = accounts.principal_for_identity("http://127.0.0.1:9400", "subject-1")
    again = accounts.principal_for_identity("http://127.0.0.1:9400", "subject-1")
    other = accounts.principal_for_identity("http://127.0.0.1:9400", "subject-2")
    assert first == again and first.user_id != other.user_id
    with pytest.raises(AccountError, match="did not say who you are"):
        accounts.principal_for_identity("http://127.0.0.1:9400", "")


def test_deleting_an_account_removes_everything_at_once(accounts, admin, db):
    member = accounts.sign_up(accounts.create_invite(admin), "bea", PASSWORD)
    token = accounts.sign_in("bea", PASSWORD)
    ProfileRepository(db).save(member, member.own(), ProfileRepository(db).get(member, member.own()))
    ConversationRepository(db).record_turn(member, member.own(), "q", "a", TurnRecord())
    accounts.delete_account(member)
    assert accounts.principal_for(token) is None
    with pytest.raises(AccountError, match="wrong"):
        accounts.sign_in("bea", PASSWORD)
    assert ConversationRepository(db).history(admin, admin.own()) == []
    with db.read() as session:
        assert session.get(UserRow, member.user_id) is None
    assert _count(db, UserRow) == 1  # only the admin is left


def test_a_nul_in_a_reply_is_dropped_rather_than_losing_the_turn(db, admin):
    # PostgreSQL refuses NUL in text; a model's stray NUL must not cost the person their turn.
    conversations = ConversationRepository(db)
    conversations.record_turn(admin, admin.own(), "what\x00 next?", "a reply\x00 with a NUL", TurnRecord())
    assert [m["content"] for m in conversations.history(admin, admin.own())] == [
        "what next?",
        "a reply with a NUL",
    ]
