"""What the service layer costs per turn: the turn service (load profile and history, answer,
store the turn in one transaction) beside the bare pipeline (``Coach.ask``) in the same run.

Fake chat model and hashing embedder, so the figures are the layers' own cost, not a model's.
Run: ``.venv/bin/python benchmarks/bench_turn.py [--turns N]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from coach.bootstrap import build_coach, build_services
from coach.config import Settings
from coach.domain.principal import Principal

QUESTIONS = [
    "I'm a payroll clerk. What's my next problem to solve?",
    "How is AI changing paralegal work?",
    "My tasks are: answering tickets, writing macros and escalating bugs. What next?",
    "What does role compression mean for an electrician?",
]


def timed(call, turns: int) -> list[float]:
    out = []
    for i in range(turns):
        started = time.perf_counter()
        call(QUESTIONS[i % len(QUESTIONS)])
        out.append((time.perf_counter() - started) * 1000)
    return out


def row(name: str, ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) >= 20 else max(ms)
    return f"{name:<38} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), chat_provider="fake", embedder="hash", exposure_mpnet=False)
        coach = build_coach(settings).coach
        services = build_services(settings, coach)
        principal = Principal(user_id="bench")
        coach.ask(QUESTIONS[0])  # warm caches (catalog, mapper) outside the timings
        raw = timed(lambda q: coach.ask(q), args.turns)
        served = timed(lambda q: services.conversations.ask(principal, q), args.turns)
        stored = len(services.conversations.history(principal, limit=None))
        print(f"{args.turns} turns each, fake model, hashing embedder, SQLite in a temp dir")
        print(row("baseline: Coach.ask (no storage)", raw))
        print(row("turn service (load + answer + store)", served))
        print(
            f"overhead per turn (p50): {statistics.median(served) - statistics.median(raw):.1f} ms; "
            f"messages stored: {stored}"
        )


if __name__ == "__main__":
    main()
