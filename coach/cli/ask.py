"""`coach ask` and `coach profile`: a turn through the conversation service, and a person's
stored data. The principal is resolved here, at the edge, from ``--user``."""

from __future__ import annotations

import getpass
import json
import sys

from coach.cli.progress import progress_bar
from coach.config import Settings
from coach.domain.principal import LOCAL_USER_ID, Principal, Role

EXIT_BAD_INPUT = 2


class SignInRequired(RuntimeError):
    """Accounts are on and the command line could not sign the person in."""


def resolve_principal(
    settings: Settings, user: str | None, password_prompt=getpass.getpass
) -> Principal | None:
    """The person ``--user`` names; None (nothing stored) when it is not given.

    Without accounts (COACH_AUTH=none) the name is a local profile, as on a personal machine.
    With local accounts it is a user name, and the password is asked for; with single sign-on the
    command line keeps no personal data (sign in through the browser)."""
    if user is None:
        return None
    if settings.auth == "none":
        return Principal(user_id=user)
    if settings.auth == "oidc":
        raise SignInRequired(
            "accounts use single sign-on (COACH_AUTH=oidc): use the browser app for your data"
        )
    from coach.services.accounts import AccountError, AccountService
    from coach.storage.database import Database

    accounts = AccountService(Database.from_settings(settings), settings)
    try:
        token = accounts.sign_in(user, getpass.getpass(f"Password for {user}: "))
    except AccountError as exc:
        raise SignInRequired(str(exc)) from exc
    principal = accounts.principal_for(token)
    accounts.sign_out(token)  # one command, one use
    if principal is None:
        raise SignInRequired("the sign-in did not hold; try again")
    return principal


def _services(settings: Settings):
    from coach.bootstrap import build_coach, build_services

    startup = build_coach(settings, progress=progress_bar())
    for message in startup.messages:
        print(message, file=sys.stderr)
    return build_services(settings, startup.coach)


def read_question(words: list[str]) -> str | bytes:
    """The question: the words given, or stdin's raw bytes for ``-`` (decoded, strictly, by the
    pipeline: the locale's lenient decoding would smuggle undecodable bytes through)."""
    question = " ".join(words) if words else ""
    if question != "-":
        return question
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read()


def cmd_ask(args) -> int:
    from coach.pipeline.inputs import clean_question, printable

    raw = read_question(args.question)
    # Refuse unreadable input before anything is loaded or stored under --user.
    text, notices = clean_question(raw, args.settings.max_question_chars)
    if not text and notices:
        print(f"error: {notices[0]}", file=sys.stderr)
        return EXIT_BAD_INPUT
    code = getattr(args, "occupation", None)
    if code is not None:
        from coach.cli.occupation import valid_code

        if not valid_code(code.strip()):
            print(f"error: {code!r} is not an O*NET-SOC code (like 29-1051.00)", file=sys.stderr)
            return EXIT_BAD_INPUT
        code = code.strip()
    principal = resolve_principal(args.settings, args.user)
    services = _services(args.settings)
    stream = services.conversations.stream(principal, raw, occupation_code=code)
    if args.json:
        answer = stream.finish()
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0 if not answer.error else 3
    # What the model wrote goes to a terminal: never its escape sequences.
    for delta in stream:
        print(printable(delta), end="", flush=True)
    print()
    answer = stream.answer
    assert answer is not None
    if answer.next_problems or answer.task_map:
        from coach.pipeline.export import plan_markdown

        print("\n" + printable(plan_markdown(answer)))
    for notice in answer.notices:
        print(f"note: {notice}", file=sys.stderr)
    if answer.error:
        print(f"error: {answer.error}", file=sys.stderr)
    if answer.sources and not (answer.next_problems or answer.task_map):
        print("\nSources:")
        for s in answer.sources:
            print(f"  [{s.n}] {s.title} — {s.heading} ({s.id})")
    return 0 if not answer.error else 3


def cmd_profile(args) -> int:
    from coach.domain.profile import profile_summary
    from coach.storage.database import Database
    from coach.storage.repositories import ConversationRepository, ProfileRepository

    principal = resolve_principal(args.settings, args.user)
    assert principal is not None  # --user has a default
    database = Database.from_settings(args.settings)
    conversations = ConversationRepository(database)
    if args.action == "forget":
        removed = conversations.forget(principal, principal.own())
        print(f"Deleted everything stored about '{args.user}': {removed}")
    elif args.action == "export":
        print(
            json.dumps(
                conversations.export(principal, principal.own()), default=str, ensure_ascii=False, indent=2
            )
        )
    else:
        profile = ProfileRepository(database).get(principal, principal.own())
        print(profile_summary(profile) if not profile.is_empty() else f"No profile stored for '{args.user}'.")
    return 0


def add_commands(subparsers) -> None:
    ask = subparsers.add_parser("ask", help="ask the coach a question ('-' reads it from stdin)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--user", help="keep a profile and history under this name (stored under the data dir)")
    ask.add_argument(
        "--occupation",
        metavar="CODE",
        help="answer for this O*NET-SOC occupation instead of the automatic match (kept with --user)",
    )
    ask.set_defaults(func=cmd_ask)

    profile = subparsers.add_parser("profile", help="show, export or delete what is stored about a user")
    profile.add_argument("action", choices=["show", "export", "forget"])
    profile.add_argument("--user", default=LOCAL_USER_ID)
    profile.set_defaults(func=cmd_profile)


def cmd_accounts_invite(args) -> int:
    from coach.services.accounts import AccountService
    from coach.storage.database import Database

    if args.settings.auth != "local":
        print(
            "note: invites are for COACH_AUTH=local; the current setting is " + args.settings.auth,
            file=sys.stderr,
        )
    accounts = AccountService(Database.from_settings(args.settings), args.settings)
    role: Role = "admin" if args.admin else "member"
    code = accounts.operator_invite(role)
    print(f"Invite code ({role}, single use, valid {args.settings.invite_days} days): {code}")
    return 0


def add_account_commands(subparsers) -> None:
    accounts = subparsers.add_parser("accounts", help="accounts for COACH_AUTH=local")
    actions = accounts.add_subparsers(dest="accounts_action", required=True)
    invite = actions.add_parser("invite", help="print a single-use invite code (the first admin starts here)")
    invite.add_argument("--admin", action="store_true", help="the invite makes an admin")
    invite.set_defaults(func=cmd_accounts_invite)
