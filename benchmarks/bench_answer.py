"""Benchmark the offline answer path on the embedded models and print figures.

Measures: index build time (fresh data dir), coach start-up with an existing index, time to
first token, tokens/s and total time per answer through the full pipeline — beside a baseline
in the same run: the same model called directly with a one-line prompt (no retrieval, no
context), so the pipeline's own cost is visible.

    .venv/bin/python benchmarks/bench_answer.py [--questions N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from langchain_core.messages import HumanMessage

from coach.bootstrap import build_coach
from coach.config import Settings
from coach.llm.embeddings import build_embedder
from coach.retrieval.indexing import build_index

QUESTIONS = [
    "I'm a customer support agent. What's my next problem to solve?",
    "How is AI changing the work of a paralegal?",
    "I'm a bookkeeper worried about automation. What should I learn?",
    "What skills help an electrician use AI tools?",
    "How do I move from data entry into data analysis?",
]


def timed_stream(chunks) -> tuple[float, int, float]:
    """(seconds to first token, tokens, total seconds) for an iterator of text pieces."""
    started, first, count = time.perf_counter(), None, 0
    for piece in chunks:
        if piece:
            first = first if first is not None else time.perf_counter() - started
            count += 1
    return first or 0.0, count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    settings = Settings(data_dir=data_dir, chat_provider="embedded", embedder="minilm")

    t0 = time.perf_counter()
    embedder = build_embedder(settings)
    embedder.embed_query("warm up")
    load_embedder = time.perf_counter() - t0
    report = build_index(settings, embedder)
    print(f"embedder load: {load_embedder:.1f}s")
    print(f"index build (fresh): {report.summary()}")
    print(f"  → {report.added / report.seconds:.0f} chunks/s")
    again = build_index(settings, embedder)
    print(f"index re-run (unchanged corpus): {again.added} embedded in {again.seconds:.2f}s")

    t0 = time.perf_counter()
    coach = build_coach(settings, embedder=embedder).coach
    print(f"coach start-up with existing index (incl. llama.cpp model load): {time.perf_counter() - t0:.1f}s")

    rows = []
    for question in QUESTIONS[: args.questions]:
        base = timed_stream(c.content for c in coach.chat_model.stream([HumanMessage(question)]))
        stream = coach.stream(question)
        full = timed_stream(iter(stream))
        rows.append((base, full, len(stream.answer.sources)))

    def summary(label: str, index: int) -> None:
        ttft = statistics.median(r[index][0] for r in rows)
        rate = statistics.median(r[index][1] / max(r[index][2] - r[index][0], 1e-9) for r in rows)
        total = statistics.median(r[index][2] for r in rows)
        print(f"{label:<34} TTFT {ttft:5.2f}s  {rate:6.1f} tokens/s  answer {total:5.1f}s")

    print(f"\n{len(rows)} questions, medians:")
    summary("baseline (model alone, no context)", 0)
    summary("full pipeline (retrieval + prompt)", 1)
    print(f"answers with at least one cited source: {sum(r[2] > 0 for r in rows)}/{len(rows)}")


if __name__ == "__main__":
    main()
