"""`coach eval`: run an evaluation set against the configured coach and print pass rates."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coach.evals.cases import CATEGORIES, DEFAULT_CASES, HELDOUT_CASES, CaseError, load_cases, select_cases
from coach.evals.runner import CaseResult, format_report, run_eval


def _print_progress(done: int, total: int, result: CaseResult) -> None:
    verdict = "pass" if result.passed else "FAIL"
    print(f"[{done}/{total}] {result.id}: {verdict} ({result.latency_s:.1f}s)", file=sys.stderr, flush=True)


def handler(args) -> int:
    """Run the evaluation against the configured coach (the embedded default unless set)."""
    try:
        path = HELDOUT_CASES if args.heldout else args.cases
        cases = select_cases(load_cases(path), args.category, args.limit)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not cases:
        print("error: no cases selected", file=sys.stderr)
        return 2
    from coach.bootstrap import build_coach

    print(f"Loading the coach for {len(cases)} cases…", file=sys.stderr)
    startup = build_coach(args.load_settings())
    for message in startup.messages:
        print(message, file=sys.stderr)
    coach = startup.coach
    report = run_eval(lambda q, h: coach.ask(q, h).to_json(), cases, progress=_print_progress)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if args.fail_under is not None and report.pass_rate * 100 < args.fail_under:
        print(f"pass rate {report.pass_rate:.1%} is below {args.fail_under:g}%", file=sys.stderr)
        return 1
    return 0


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def add_commands(subparsers, load_settings) -> None:
    """Register ``eval`` on the CLI's subparsers."""
    p = subparsers.add_parser("eval", help="run the development evaluation set and print pass rates")
    p.add_argument(
        "--category",
        action="append",
        choices=CATEGORIES,
        help="only this category (repeat for several)",
    )
    p.add_argument("--limit", type=_positive_int, metavar="N", help="only the first N selected cases")
    p.add_argument("--json", action="store_true", help="print the full report, answers included, as JSON")
    p.add_argument("--cases", type=Path, default=DEFAULT_CASES, metavar="PATH", help="cases file (YAML)")
    p.add_argument(
        "--heldout", action="store_true", help="the held-out set (evals/heldout/), for reporting only"
    )
    p.add_argument(
        "--fail-under",
        type=float,
        metavar="PCT",
        help="exit 1 when the overall pass rate is below PCT percent",
    )
    p.set_defaults(func=handler, load_settings=load_settings)
