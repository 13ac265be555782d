"""The ``coach`` command line: ask, index, doctor, corpus stats (and the task-exposure commands)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from coach.settings import Settings, load_settings


def _progress_bar():
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int, message: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=message, unit="chunk", file=sys.stderr, leave=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def cmd_ask(args) -> int:
    settings: Settings = args.settings
    from coach.service import build_coach

    startup = build_coach(settings, progress=_progress_bar())
    for message in startup.messages:
        print(message, file=sys.stderr)
    question = " ".join(args.question) if args.question else ""
    if question == "-":
        question = sys.stdin.read()
    store = profile = None
    if args.user:
        from coach.store import ProfileStore

        store = ProfileStore(settings)
        profile = store.get_profile(args.user)
    stream = startup.coach.stream(question, store.history(args.user) if store else (), profile)
    if args.json:
        for _ in stream:
            pass
    else:
        for delta in stream:
            print(delta, end="", flush=True)
        print()
    answer = stream.answer
    if store is not None:
        if answer.profile is not None:
            store.save_profile(answer.profile)
        store.append_message(args.user, "user", question)
        store.append_message(args.user, "assistant", answer.text, answer.model_dump(mode="json"))
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0 if not answer.error else 3
    if answer.next_problems or answer.task_map:
        from coach.export import plan_markdown

        print("\n" + plan_markdown(answer))
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
    from coach.profile import profile_summary
    from coach.store import ProfileStore

    store = ProfileStore(args.settings)
    if args.action == "forget":
        removed = store.forget(args.user)
        print(f"Deleted everything stored about '{args.user}': {removed}")
    elif args.action == "export":
        print(json.dumps(store.export(args.user), default=str, ensure_ascii=False, indent=2))
    else:
        profile = store.get_profile(args.user)
        print(profile_summary(profile) if not profile.is_empty() else f"No profile stored for '{args.user}'.")
    return 0


def cmd_index(args) -> int:
    settings: Settings = args.settings
    from coach.embeddings import build_embedder
    from coach.index import build_index

    report = build_index(settings, build_embedder(settings), progress=_progress_bar(), rebuild=args.rebuild)
    for error in report.errors:
        print(f"warning: {error}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_doctor(args) -> int:
    """Check each part in turn and say plainly what is wrong."""
    settings: Settings = args.settings
    from coach.embeddings import build_embedder
    from coach.index import index_status

    ok = True

    def line(good: bool, what: str, detail: str) -> None:
        nonlocal ok
        ok = ok and good
        print(f"[{'ok' if good else 'FAIL'}] {what}: {detail}")

    print(f"data dir: {settings.data_dir}\nknowledge: {settings.knowledge_dir}")
    try:
        started = time.perf_counter()
        embedder = build_embedder(settings)
        dim = len(embedder.embed_query("doctor check"))
        line(
            True,
            "embedder",
            f"{getattr(embedder, 'name', settings.embedder)} ({dim} dims, "
            f"{time.perf_counter() - started:.1f}s)",
        )
    except Exception as exc:
        line(False, "embedder", f"{settings.embedder} failed to load: {exc}")
        embedder = None
    if embedder is not None:
        status, message = index_status(settings, embedder)
        line(
            status == "ok", "index", message if status == "ok" else f"{status}: {message} Run `coach index`."
        )
    try:
        from coach.exposure import TaskMapper

        started = time.perf_counter()
        task_map = TaskMapper(settings, embedder).map_tasks(["Write the weekly status report"])
        line(True, "task mapping", f"{task_map.method} ({time.perf_counter() - started:.1f}s)")
    except Exception as exc:
        line(False, "task mapping", f"failed: {exc}")
    try:
        from coach.providers import build_chat_model

        started = time.perf_counter()
        reply = build_chat_model(settings).invoke("Reply with the word ready.")
        line(
            bool(str(reply.content).strip()),
            "chat model",
            f"{settings.describe_chat()} answered in {time.perf_counter() - started:.1f}s",
        )
    except Exception as exc:
        line(False, "chat model", f"{settings.describe_chat()} did not answer: {exc}")
    return 0 if ok else 1


def cmd_corpus_stats(args) -> int:
    settings: Settings = args.settings
    from coach.corpus_stats import corpus_stats

    stats = corpus_stats(settings.knowledge_dir)
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print(f"{stats['documents']} documents")
    for kind, count in stats["by_kind"].items():
        print(f"  {kind:<10} {count}")
    print("roles by sector:")
    for sector, count in stats["roles_by_sector"].items():
        print(f"  {sector:<32} {count}")
    for error in stats["errors"]:
        print(f"warning: {error}", file=sys.stderr)
    return 0


def build_parser(settings_loader=load_settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description="Career Coach: a pro-worker AI career coach.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="ask the coach a question ('-' reads it from stdin)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--user", help="keep a profile and history under this name (stored under the data dir)")
    ask.set_defaults(func=cmd_ask)

    index = sub.add_parser("index", help="build or update the knowledge index")
    index.add_argument("--rebuild", action="store_true", help="drop the index and embed everything")
    index.set_defaults(func=cmd_index)

    profile = sub.add_parser("profile", help="show, export or delete what is stored about a user")
    profile.add_argument("action", choices=["show", "export", "forget"])
    profile.add_argument("--user", default="me")
    profile.set_defaults(func=cmd_profile)

    doctor = sub.add_parser("doctor", help="check the models, the index and the endpoint")
    doctor.set_defaults(func=cmd_doctor)

    corpus = sub.add_parser("corpus", help="corpus tools")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True)
    stats = corpus_sub.add_parser("stats", help="count documents per kind and roles per sector")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_corpus_stats)

    from coach.cli_exposure import add_commands as add_exposure_commands
    from coach.evaluation import add_commands as add_eval_commands

    add_exposure_commands(sub, settings_loader)
    add_eval_commands(sub, settings_loader)
    parser.set_defaults(settings_loader=settings_loader)
    return parser


def main(argv: list[str] | None = None, settings_loader=load_settings) -> int:
    parser = build_parser(settings_loader)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        settings = settings_loader()
    except Exception as exc:  # pydantic's message names the bad variable
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return 2
    args.settings = settings
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
