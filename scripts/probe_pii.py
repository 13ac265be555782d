"""Probe redaction on a labelled set: what survives verbatim, what career content is lost.

    .venv/bin/python scripts/probe_pii.py --set dev          # evals/pii/dev.yaml
    .venv/bin/python scripts/probe_pii.py --set dev2         # evals/pii/dev2.yaml (chat-style, six languages)
    .venv/bin/python scripts/probe_pii.py --set dev3         # evals/pii/dev3.yaml (structured kinds, blind)
    .venv/bin/python scripts/probe_pii.py --set dev4         # evals/pii/dev4.yaml (unusual forms, blind)
    .venv/bin/python scripts/probe_pii.py --set dev5         # evals/pii/dev5.yaml (emails, addresses, blind)
    .venv/bin/python scripts/probe_pii.py --set dev6         # evals/pii/dev6.yaml (every kind, blind)
    .venv/bin/python scripts/probe_pii.py --set dev7         # evals/pii/dev7.yaml (pasted forms, blind)
    .venv/bin/python scripts/probe_pii.py --set dev8         # evals/pii/dev8.yaml (natural chat, blind)
    .venv/bin/python scripts/probe_pii.py --set dev9         # evals/pii/dev9.yaml (a tester's set, blind)
    .venv/bin/python scripts/probe_pii.py --set dev10        # evals/pii/dev10.yaml (long messages, blind)
    .venv/bin/python scripts/probe_pii.py --set dev11        # evals/pii/dev11.yaml (emails only, blind)
    .venv/bin/python scripts/probe_pii.py --set dev12        # dev12 to dev16: see evals/pii/README.md
    .venv/bin/python scripts/probe_pii.py --set heldout1     # evals/pii/heldout1.yaml (spent held-out)
    .venv/bin/python scripts/probe_pii.py --set heldout2     # evals/pii/heldout2.yaml (second, counts only)
    .venv/bin/python scripts/probe_pii.py --set heldout      # evals/pii/heldout.yaml: counts only, never -v

For every kind it prints, for the baseline (coach/pipeline/redact.py as committed before the
rewrite, at BASELINE_REF, loaded from ``git show`` into a temporary module) and for the current
code side by side: items, items with a secret left verbatim (compared case-insensitively),
secrets left, and ``keep`` strings lost.
``--time`` adds the time each takes on 100 KB of text.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

BASELINE_REF = "9ea0f6e"  # the last commit with the single-module redact.py


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.git_baseline import module_at  # noqa: E402

Redactor = Callable[[str], tuple[str, dict[str, int]]]
STRUCTURED = (
    "email",
    "phone",
    "iban",
    "date_of_birth",
    "profile_url",
    "employee_id",
    "national_id",
    "postcode_address",
)


def baseline() -> Redactor | None:
    """``redact`` as committed at BASELINE_REF, or None when git cannot show it."""
    for path in ("coach/pipeline/redact.py", "coach/pipeline/redact/__init__.py"):
        try:
            return module_at(BASELINE_REF, path, "baseline_redact").redact
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


def score(items: list[dict], redactor: Redactor) -> tuple[dict[str, dict[str, int]], list[str]]:
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures: list[str] = []
    for item in items:
        clean, _ = redactor(item["text"])
        row = table[item["kind"]]
        row["items"] += 1
        leaked = [s for s in item.get("secrets") or [] if s.lower() in clean.lower()]
        lost = [k for k in item.get("keep") or [] if k not in clean]
        row["secrets"] += len(item.get("secrets") or [])
        row["leaked"] += len(leaked)
        row["items_leaked"] += bool(leaked)
        row["keep"] += len(item.get("keep") or [])
        row["lost"] += len(lost)
        if leaked or lost:
            failures.append(f"{item['id']}: leaked {leaked} lost {lost}\n    {clean!r}")
    return table, failures


def _cell(row: dict[str, int]) -> str:
    share = row["items_leaked"] / row["items"] if row["items"] else 0.0
    items = f"{row['items_leaked']:>3}/{row['items']:<3} ({share:5.1%})"
    return f"{items} {row['leaked']:>3}/{row['secrets']:<3} {row['lost']:>2}/{row['keep']:<3}"


TIMED = {
    "prose": "I'm a payroll clerk at a hospital with 350 employees; 40% of my week is SAP and Excel. "
    "My manager wants a 30/60/90-day plan, and I earn $52,000 since 2019. ",
    "figures": "2019, 4500 payslips, 12.5%, call 555 123 4567, ref 0048213; ",
}


def _time(redactor: Redactor, text: str) -> float:
    """Seconds to redact ``text`` repeated to 100 KB."""
    text = (text * (100_000 // len(text) + 1))[:100_000]
    start = time.perf_counter()
    redactor(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sets = ["dev", *(f"dev{n}" for n in range(2, 19)), "heldout1", "heldout2", "heldout"]
    parser.add_argument("--set", choices=sets, default="dev")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list each item that leaks or loses text"
    )
    parser.add_argument("--time", action="store_true", help="time both on 100 KB of text")
    args = parser.parse_args(argv)

    from coach.pipeline.redact import redact

    path = ROOT / "evals" / "pii" / f"{args.set}.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    old = baseline()
    now, failures = score(items, redact)
    before, _ = score(items, old) if old else ({}, [])

    kinds = sorted(now, key=lambda k: (k == "none", k not in STRUCTURED, k))
    head = "items leaked      secrets  keep lost"
    print(f"{path.relative_to(ROOT)}: {len(items)} items")
    print(f"{'kind':<17} | {'baseline (before)':<34} | {'now':<34}")
    print(f"{'':<17} | {head:<34} | {head:<34}")
    total_now: dict[str, int] = defaultdict(int)
    total_before: dict[str, int] = defaultdict(int)
    for kind in kinds:
        for key, value in now[kind].items():
            total_now[key] += value
        for key, value in (before.get(kind) or {}).items():
            total_before[key] += value
        old_cell = _cell(before[kind]) if before else "n/a"
        print(f"{kind:<17} | {old_cell:<34} | {_cell(now[kind]):<34}")
    print(f"{'all':<17} | {(_cell(total_before) if before else 'n/a'):<34} | {_cell(total_now):<34}")
    if args.time:
        for label, text in TIMED.items():
            old_s = f"{_time(old, text):.3f} s" if old else "n/a"
            print(f"100 KB of {label}: baseline {old_s}, now {_time(redact, text):.3f} s")
    if args.verbose:
        print("\n".join(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
