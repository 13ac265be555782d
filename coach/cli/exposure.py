"""The task-exposure commands: ``coach data import PATH``, ``coach data status`` and
``coach map-tasks [--role TEXT] [--json] < tasks.txt``. Registered on the main parser by
:func:`add_commands`; each handler returns an exit code (2 for bad input or data)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from coach.config import Settings

EXIT_BAD_INPUT = 2


def add_commands(subparsers, load_settings: Callable[[], Settings]) -> None:
    """Register ``data`` (sub-actions ``import``, ``status``) and ``map-tasks``."""
    data = subparsers.add_parser("data", help="import and inspect the open exposure data")
    actions = data.add_subparsers(dest="data_action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        help="validate the open data in PATH and build the occupation and task indices",
        description="PATH is the folder holding gpts-are-gpts/ and working-with-ai/ "
        "(in this workspace: ../shared/data). Nothing is copied into the project.",
    )
    imp.add_argument("path", type=Path, metavar="PATH")
    imp.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    imp.set_defaults(func=lambda args: cmd_data_import(args, load_settings()))
    status = actions.add_parser("status", help="what has been imported, and where")
    status.set_defaults(func=lambda args: cmd_data_status(args, load_settings()))

    mapper = subparsers.add_parser(
        "map-tasks",
        help="map tasks (one per line on stdin) to automate / augment / human-core",
        description="Reads one task per line from stdin (blank lines are skipped, at most "
        "COACH_MAX_TASKS are read) and prints each task's AI exposure (E0/E1/E2), category and "
        "confidence, in input order.",
    )
    mapper.add_argument("--role", default=None, help="your job, in your words")
    mapper.add_argument("--json", action="store_true", help="print JSON instead of a table")
    mapper.add_argument(
        "--occupation",
        metavar="CODE",
        default=None,
        help="use this O*NET-SOC occupation (e.g. 29-1051.00) instead of the automatic match; "
        "with no tasks on stdin, map its own task statements (its role view)",
    )
    mapper.add_argument(
        "--user",
        default=None,
        help="keep the --occupation choice in this person's profile; with their task preferences "
        "saved, also show each task's zone (automate first, keep and shape, watch, low priority)",
    )
    mapper.set_defaults(func=lambda args: cmd_map_tasks(args, load_settings()))


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_data_import(args, settings: Settings) -> int:
    from coach.exposure.opendata import OpenDataError, import_opendata
    from coach.llm.embeddings import build_embedder

    try:
        report = import_opendata(settings, args.path, build_embedder(settings), force=args.force)
    except OpenDataError as exc:
        return _error(str(exc))
    print(report.summary())
    return 0


def cmd_data_status(args, settings: Settings) -> int:
    from coach.exposure.opendata import opendata_dir, read_manifest

    manifest = read_manifest(opendata_dir(settings))
    if manifest is None:
        where = opendata_dir(settings)
        print(f"no open data imported (run `coach data import PATH`); index dir: {where}")
        return 0
    print(
        f"{manifest['tasks']} tasks, {manifest['occupations']} occupations, embedder "
        f"{manifest['embedder']}, from {manifest.get('source_dir', '?')} "
        f"(index: {opendata_dir(settings)})"
    )
    return 0


def read_task_lines(stream, limit: int = 30) -> tuple[list[str] | None, list[str]]:
    """The tasks on ``stream``, one per line, and notices; ``(None, [reason])`` when the input is
    not UTF-8 text (raw bytes are read and decoded strictly, as ``coach ask -`` does)."""
    from coach.exposure.tasks import task_lines
    from coach.pipeline.inputs import decode_input

    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    # Binary-looking lines are dropped one by one (task_lines); invalid UTF-8 refuses the lot.
    text, refusal = decode_input(data, what="The task list", check_binary=False)
    if text is None:
        return None, [refusal]
    return task_lines(text, limit)


def cmd_map_tasks(args, settings: Settings) -> int:
    from coach.corpus.catalog import Catalog
    from coach.exposure.cards import role_tags
    from coach.exposure.mapper import TaskMapper
    from coach.exposure.opendata import OpenDataError

    if getattr(args, "occupation", None):
        from coach.cli.occupation import cmd_map_occupation

        return cmd_map_occupation(args, settings)
    if sys.stdin.isatty():
        print("reading tasks from stdin, one per line; end with Ctrl-D", file=sys.stderr)
    tasks, notices = read_task_lines(sys.stdin, settings.max_tasks)
    if tasks is None:
        return _error(notices[0])
    if not tasks:
        return _error("no tasks on stdin (give one task per line)")
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    try:
        mapper = TaskMapper(settings)
        if args.role:
            catalog = Catalog(settings.knowledge_dir, mapper.embedder)
            mapper.role_code, mapper.role_tags = catalog.soc_for, role_tags(catalog)
        task_map = mapper.map_tasks(tasks, role=args.role)
    except OpenDataError as exc:
        return _error(str(exc))
    candidates = _candidates(mapper, args.role, task_map)
    zones = _zones(settings, getattr(args, "user", None), task_map)
    if args.json:
        body = {**task_map.model_dump(mode="json"), "candidates": [c.model_dump() for c in candidates]}
        if zones:
            body["zones"] = [z.model_dump() for z in zones]
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    print(render_table(task_map, candidates))
    for z in zones:
        print(f"zone: {z.zone:15s}  you: {z.preference:4s}  {_shown(z.task)}")
    return 0


def _zones(settings: Settings, user: str | None, task_map) -> list:
    """The zones of the mapped tasks ``user`` has a say over (their saved preferences)."""
    if not user:
        return []
    from coach.cli.ask import resolve_principal
    from coach.domain.preferences import task_zones
    from coach.storage.database import Database
    from coach.storage.repositories import ProfileRepository

    principal = resolve_principal(settings, user)
    if principal is None:
        return []
    database = Database.from_settings(settings)
    try:
        profile = ProfileRepository(database).get(principal, principal.own())
    finally:
        database.close()
    return task_zones(task_map, profile.task_preferences)


def _candidates(mapper, role: str | None, task_map) -> list:
    """The next occupations after the one matched, so a wrong match can be corrected."""
    if not role or task_map.occupation is None or mapper.data is None:
        return []
    from coach.exposure.occupations import RoleViews

    first = task_map.occupation
    return RoleViews(mapper).match(role, 3, first=first.code, first_via=first.via)[1:]


def _shown(text: object) -> str:
    """One line of text safe for a terminal: no escape sequences, controls or line breaks."""
    from coach.pipeline.inputs import printable

    return " ".join(printable(str(text)).split())


def render_table(task_map, candidates=()) -> str:
    lines = [f"{'category':10s}  {'exp':3s}  {'conf':>4s}  task"]
    for t in task_map.tasks:
        guess = f"  (best guess: {t.category})" if t.unsure else ""
        lines.append(
            f"{_shown(t.shown):10s}  {_shown(t.exposure):3s}  {t.confidence:4.2f}  {_shown(t.task)}{guess}"
        )
        for e in t.evidence[:1]:
            gpt4 = f" GPT-4 {_shown(e.gpt4_label)}" if e.gpt4_label else ""
            lines.append(
                f"{'':23s}~ human {_shown(e.label)}{gpt4}: {_shown(e.task)[:70]} ({_shown(e.occupation)})"
            )
        if t.card_tag:
            lines.append(f"{'':23s}card: {_shown(t.card_tag)} ({_shown(t.card_task)})")
        if t.uncertain:
            lines.append(f"{'':23s}uncertain: {_shown('; '.join(t.reasons))}")
    counts = task_map.counts()
    unsure = sum(t.unsure for t in task_map.tasks)
    lines.append("")
    lines.append(
        ", ".join(f"{n} {c}" for c, n in counts.items())
        + (f" ({unsure} of them unsure)" if unsure else "")
        + f"  [model: {_shown(task_map.method)}]"
    )
    occ = task_map.occupation
    if occ is not None:
        lines.append(f"closest occupation: {_shown(occ.title)} ({_shown(occ.code)}), match {occ.score:.2f}")
        figures = [
            (n, v) for n, v in (("β human", occ.human_beta), ("β GPT-4", occ.gpt4_beta)) if v is not None
        ]
        if occ.ai_applicability is not None:
            figures.append(("AI applicability", occ.ai_applicability))
        if figures:
            lines.append("  exposure of this occupation: " + ", ".join(f"{n} {v:.2f}" for n, v in figures))
        if candidates:
            others = "; ".join(f"{_shown(c.title)} ({_shown(c.code)}) {c.score:.2f}" for c in candidates)
            lines.append(f"other candidates: {others} (pick one with --occupation CODE)")
    else:
        lines.append("no occupation match or evidence: run `coach data import PATH` first")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Standalone entry for testing; the product registers these on ``coach``."""
    from coach.config import load_settings

    parser = argparse.ArgumentParser(prog="coach")
    add_commands(parser.add_subparsers(dest="command", required=True), load_settings)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
