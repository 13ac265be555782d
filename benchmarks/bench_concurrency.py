"""Concurrent conversations through the turn service: time to first words and to the full
answer (p50/p95), errors and timeouts.

- ``--scripted N``: N conversations at once against a loopback OpenAI-compatible server that
  streams every reply at a fixed token rate (the baseline: one conversation alone, same run).
- ``--embedded N``: N conversations at once on the embedded SmolLM2 server, with one llama.cpp
  slot (requests queue) beside ``COACH_EMBEDDED_PARALLEL`` slots, same run (generated style).
- ``--composed 1,4,8``: the embedded default as shipped (composed answers, MiniLM, the intent
  classifier) at each level, beside the raw hybrid retriever on the same questions.

Hashing embedder and SQLite in a temp dir; every conversation is a different person.
Run: ``.venv/bin/python benchmarks/bench_concurrency.py --scripted 50 --embedded 8``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.bootstrap import build_coach, build_services  # noqa: E402
from coach.config import Settings  # noqa: E402
from coach.domain.principal import Principal  # noqa: E402
from tests.openai_server import ScriptedOpenAIServer  # noqa: E402

QUESTIONS = [
    "I'm a payroll clerk. What's my next problem to solve?",
    "I'm an electrician. How will AI change my work?",
    "I'm a paralegal. What should I learn next?",
    "I'm a customer support agent. Which of my tasks will AI take?",
]
REPLY = " ".join(["Own the exceptions that software cannot resolve [1]."] * 8)  # 64 words


def one_turn(services, n: int) -> tuple[float, float, str | None]:
    """(seconds to first words, seconds to the full answer, error) for one person's turn."""
    principal = Principal(user_id=f"person-{n}")
    started = time.perf_counter()
    first = None
    stream = services.conversations.stream(principal, QUESTIONS[n % len(QUESTIONS)])
    for delta in stream:
        if first is None and delta.strip():
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    answer = stream.answer
    error = answer.error if answer is not None and answer.error else None
    return first if first is not None else total, total, error


def run(services, conversations: int) -> list[tuple[float, float, str | None]]:
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        return list(pool.map(lambda n: one_turn(services, n), range(conversations)))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def report(name: str, results: list[tuple[float, float, str | None]]) -> None:
    firsts, totals = [r[0] for r in results], [r[1] for r in results]
    errors = [r[2] for r in results if r[2]]
    timeouts = [e for e in errors if "time" in e.lower()]
    print(
        f"{name:<34} n={len(results):<3} first words p50 {statistics.median(firsts):6.2f}s "
        f"p95 {p95(firsts):6.2f}s | full answer p50 {statistics.median(totals):6.2f}s "
        f"p95 {p95(totals):6.2f}s | errors {len(errors)} (timeouts {len(timeouts)})"
    )
    for error in sorted(set(errors))[:3]:
        print(f"    e.g. {error[:160]}")


def settings_for(data_dir: Path, base_url: str, timeout: float) -> Settings:
    return Settings(
        data_dir=data_dir,
        chat_provider="openai",
        base_url=base_url,
        api_key="local",
        model="bench",
        embedder="hash",
        exposure_mpnet=False,
        request_timeout=timeout,
    )


def scripted(conversations: int, token_delay: float) -> None:
    print(f"\nscripted OpenAI-compatible server, {1 / token_delay:.0f} words/s per stream, 64-word replies")
    with tempfile.TemporaryDirectory() as tmp, ScriptedOpenAIServer(REPLY, token_delay=token_delay) as server:
        services = build_services(
            settings_for(Path(tmp), server.base_url, 60.0),
            build_coach(settings_for(Path(tmp), server.base_url, 60.0)).coach,
        )
        one_turn(services, 999)  # warm up (task mapper, BM25)
        report("baseline: 1 conversation alone", [one_turn(services, 1000 + i) for i in range(3)])
        report(f"{conversations} conversations at once", run(services, conversations))
        services.close()


def embedded(conversations: int, parallel: int) -> None:
    from coach.llm.llamacpp import EmbeddedServer

    print(f"\nembedded SmolLM2-135M (llama.cpp) on this machine, {conversations} conversations at once")
    for slots in (1, parallel):
        server = EmbeddedServer.get(parallel=slots)
        with tempfile.TemporaryDirectory() as tmp:
            settings = settings_for(Path(tmp), server.base_url, 60.0)
            services = build_services(settings, build_coach(settings).coach)
            one_turn(services, 999)
            report(f"{slots} slot(s)", run(services, conversations))
            services.close()
        EmbeddedServer.stop()


def composed(levels: list[int], data_dir: Path | None) -> None:
    """The embedded default as shipped (MiniLM, composed answers, intent classifier), at each
    concurrency level, beside the raw hybrid retriever on the same questions."""
    print("\nembedded default, composed answers (no model writes the prose), MiniLM embedder")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=data_dir or Path(tmp), exposure_mpnet=False)
        services = build_services(settings, build_coach(settings).coach)
        one_turn(services, 999)  # warm: classifier, BM25, task mapper
        retriever = services.coach.retriever
        from coach.domain.principal import CORPUS

        raw = []
        for question in QUESTIONS * 3:
            started = time.perf_counter()
            retriever.search(question, [CORPUS])
            raw.append(time.perf_counter() - started)
        print(
            f"{'baseline: raw hybrid retriever':<34} n={len(raw):<3} "
            f"p50 {statistics.median(raw):6.3f}s p95 {p95(raw):6.3f}s"
        )
        for level in levels:
            report(f"{level} conversation(s) at once", run(services, level))
        services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scripted", type=int, default=50, help="conversations against the scripted server")
    parser.add_argument("--words-per-second", type=float, default=20.0)
    parser.add_argument(
        "--embedded", type=int, default=8, help="conversations on the embedded model (0: skip)"
    )
    parser.add_argument("--parallel", type=int, default=Settings().embedded_parallel)
    parser.add_argument(
        "--composed", default="1,4,8", help="concurrency levels for the composed default ('' to skip)"
    )
    parser.add_argument("--data-dir", type=Path, help="reuse this data dir (its index) for --composed")
    args = parser.parse_args()
    if args.composed:
        composed([int(n) for n in args.composed.split(",")], args.data_dir)
    if args.scripted:
        scripted(args.scripted, 1 / args.words_per_second)
    if args.embedded:
        embedded(args.embedded, args.parallel)


if __name__ == "__main__":
    main()
