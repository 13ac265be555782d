"""`coach index`, `coach doctor` and `coach corpus stats`: building and checking the parts."""

from __future__ import annotations

import json
import sys
import time

from coach.cli.progress import progress_bar
from coach.config import Settings


def cmd_index(args) -> int:
    settings: Settings = args.settings
    from coach.llm.embeddings import build_embedder
    from coach.retrieval.indexing import build_index

    embedder = build_embedder(settings)
    report = build_index(settings, embedder, progress=progress_bar(), rebuild=args.rebuild)
    for error in report.errors:
        print(f"warning: {error}", file=sys.stderr)
    print(report.summary())
    if report.rebuilt or report.repaired:  # an interrupted rebuild may have lost team chunks too
        print(f"team documents re-indexed: {_restore_uploads(settings, embedder)}")
    return 0


def _restore_uploads(settings: Settings, embedder) -> int:
    """After a rebuild, put the teams' uploaded documents back from the stored files."""
    from coach.retrieval.indexing import index_lock
    from coach.retrieval.vector_index import open_index
    from coach.services.uploads import UploadService
    from coach.storage.database import Database

    database = Database.from_settings(settings)
    try:
        uploads = UploadService(
            database, open_index(settings), embedder, None, 0, lock=lambda: index_lock(settings)
        )
        return uploads.restore(progress_bar())
    finally:
        database.close()


def cmd_doctor(args) -> int:
    """Check each part in turn and say plainly what is wrong."""
    settings: Settings = args.settings
    from coach.llm.embeddings import build_embedder
    from coach.retrieval.indexing import index_status
    from coach.retrieval.vector_index import open_index

    ok = True

    def line(good: bool, what: str, detail: str) -> None:
        nonlocal ok
        ok = ok and good
        print(f"[{'ok' if good else 'FAIL'}] {what}: {detail}")

    print(f"data dir: {settings.data_dir}\nknowledge: {settings.knowledge_dir}")
    if settings.chroma_url:
        print(f"index: Chroma server at {settings.chroma_url} (collection {settings.chroma_collection})")
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
        started = time.perf_counter()
        status, message = index_status(open_index(settings), embedder, settings.knowledge_dir)
        checked = f" (checked in {time.perf_counter() - started:.1f}s)"
        line(
            status == "ok",
            "index",
            message + checked
            if status == "ok"
            else f"{status}: {message}" + ("" if status == "unavailable" else " Run `coach index`."),
        )
    try:
        from coach.exposure.mapper import TaskMapper

        started = time.perf_counter()
        task_map = TaskMapper(settings, embedder).map_tasks(["Write the weekly status report"])
        line(True, "task mapping", f"{task_map.method} ({time.perf_counter() - started:.1f}s)")
    except Exception as exc:
        line(False, "task mapping", f"failed: {exc}")
    try:
        from coach.llm.providers import build_chat_model

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
    from coach.corpus.checks import corpus_stats

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


def add_commands(subparsers) -> None:
    index = subparsers.add_parser("index", help="build or update the knowledge index")
    index.add_argument("--rebuild", action="store_true", help="drop the index and embed everything")
    index.set_defaults(func=cmd_index)

    doctor = subparsers.add_parser("doctor", help="check the models, the index and the endpoint")
    doctor.set_defaults(func=cmd_doctor)

    corpus = subparsers.add_parser("corpus", help="corpus tools")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True)
    stats = corpus_sub.add_parser("stats", help="count documents per kind and roles per sector")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_corpus_stats)
