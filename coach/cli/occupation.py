"""``coach map-tasks --occupation CODE``: the person's pick of occupation. Their tasks (stdin)
are mapped against it, or, with none, the occupation's own role view is shown; ``--user``
keeps the pick in their profile, where it overrides the automatic match on later turns."""

from __future__ import annotations

import json
import re
import sys

from coach.config import Settings

EXIT_BAD_INPUT = 2
CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


def valid_code(code: str) -> bool:
    return bool(CODE.match(code))


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def keep_choice(settings: Settings, user: str, code: str | None) -> None:
    """Store ``code`` as the person's occupation choice (None clears it)."""
    from coach.cli.ask import resolve_principal
    from coach.storage.database import Database
    from coach.storage.repositories import ProfileRepository

    principal = resolve_principal(settings, user)
    assert principal is not None
    profiles = ProfileRepository(Database.from_settings(settings))
    profile = profiles.get(principal, principal.own())
    profiles.save(principal, principal.own(), profile.model_copy(update={"occupation_code": code}))


def cmd_map_occupation(args, settings: Settings) -> int:
    from coach.cli.exposure import read_task_lines, render_table
    from coach.exposure.mapper import TaskMapper
    from coach.exposure.occupations import RoleViews
    from coach.exposure.opendata import OpenDataError

    code = args.occupation.strip()
    if not valid_code(code):
        return _error(f"{code!r} is not an O*NET-SOC code (like 29-1051.00)")
    tasks: list[str] | None = []
    if not sys.stdin.isatty():
        tasks, notices = read_task_lines(sys.stdin, settings.max_tasks)
        if tasks is None:
            return _error(notices[0])
        for notice in notices:
            print(f"note: {notice}", file=sys.stderr)
    try:
        mapper = TaskMapper(settings)
        views = RoleViews(mapper)
        if mapper.data is None:
            return _error("no open data imported: run `coach data import PATH` first")
        if not views.has(code):
            return _error(f"occupation {code} is not in the imported data")
        view = views.view(code)
        assert view is not None
        matches = views.match(args.role or "", 3, first=code)
        task_map = mapper.map_tasks(tasks, role=args.role) if tasks else view.task_map
    except OpenDataError as exc:
        return _error(str(exc))
    task_map = task_map.model_copy(update={"occupation": matches[0]})
    if args.user:
        keep_choice(settings, args.user, code)
        print(f"note: kept {code} as {args.user}'s occupation", file=sys.stderr)
    if args.json:
        body = {
            **task_map.model_dump(mode="json"),
            "candidates": [m.model_dump() for m in matches[1:]],
            "role_view": view.model_dump(mode="json"),
        }
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    print(render_table(task_map, matches[1:] if args.role else ()))
    print()
    print(_plain(view.to_markdown()))
    if view.next_problems:
        print("\nnext problems:")
        for p in view.next_problems:
            print(f"- {_plain(p.title)} [{_plain(p.source.title)}]")
    return 0


def _plain(text: str) -> str:
    from coach.pipeline.inputs import printable

    return printable(text)
