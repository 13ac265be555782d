"""Benchmark task-exposure mapping on the embedded MiniLM and print figures.

Measures: import time (fresh data dir, then the no-op re-import), mapper load time,
classification throughput (tasks/s, in lists of 100) and the latency to map one 10-task list
once models are loaded (target under 1 s) — each before and after the import, so the cost of
kNN and evidence lookup is visible, and each with and without the optional second encoder
(all-mpnet-base-v2), the baseline its cost is measured against.

    .venv/bin/python benchmarks/bench_exposure.py [--data ../shared/data] [--tasks 1000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.config import Settings  # noqa: E402
from coach.exposure.mapper import TaskMapper  # noqa: E402
from coach.exposure.opendata import import_opendata, read_sources  # noqa: E402
from coach.llm.embeddings import build_embedder  # noqa: E402

TEN_TASKS = [
    "Answer customer tickets about billing by email",
    "Write the weekly status report for the team",
    "Reset user passwords in the admin console",
    "Escalate outages to the on-call engineer",
    "Update the FAQ page after each release",
    "Train new hires on the ticketing tool",
    "Comfort upset customers on the phone",
    "Tag incoming tickets by product area",
    "Review refund requests against the policy",
    "Replace broken headsets at agents' desks",
]


def measure(mapper: TaskMapper, tasks: list[str], label: str) -> dict[str, float]:
    start = time.perf_counter()
    method = mapper.map_tasks(TEN_TASKS[:1]).method  # loads weights, embedder, indices if any
    load = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(0, len(tasks), 100):
        mapper.map_tasks(tasks[i : i + 100])
    throughput = len(tasks) / (time.perf_counter() - start)
    latencies = []
    for _ in range(20):
        start = time.perf_counter()
        mapper.map_tasks(TEN_TASKS, role="tier-1 support for a SaaS company")
        latencies.append(time.perf_counter() - start)
    figures = {
        "load_s": load,
        "tasks_per_s": throughput,
        "ten_task_median_s": statistics.median(latencies),
        "ten_task_max_s": max(latencies),
    }
    print(
        f"{label:28s} load {load:5.2f}s | {throughput:6.0f} tasks/s | 10-task list: median "
        f"{figures['ten_task_median_s'] * 1000:5.0f} ms, "
        f"max {figures['ten_task_max_s'] * 1000:5.0f} ms  [{method}]"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--tasks", type=int, default=1000, help="tasks for the throughput run")
    parser.add_argument("--data-dir", type=Path, default=None, help="keep the index here")
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="coach-bench-"))
    settings = Settings(data_dir=data_dir, embedder="minilm")
    embedder = build_embedder(settings)
    start = time.perf_counter()
    embedder.embed_query("warm up")
    print(f"embedder load: {time.perf_counter() - start:.1f}s")
    tasks, _ = read_sources(args.data)
    sample = random.Random(0).sample(tasks["task"].tolist(), args.tasks)

    without = settings.model_copy(update={"exposure_mpnet": False})

    def both(phase: str) -> None:
        measure(TaskMapper(without, embedder), sample, f"{phase}, without mpnet")
        mapper = TaskMapper(settings, embedder)
        start = time.perf_counter()
        mapper.warm_up()  # assembles mpnet on first use, then loads it
        print(f"mpnet warm-up: {time.perf_counter() - start:.1f}s")
        measure(mapper, sample, f"{phase}, with mpnet")

    both("before import")
    report = import_opendata(settings, args.data, embedder, force=True, progress=False)
    print(f"import (fresh): {report.summary()}  → {report.tasks / report.seconds:.0f} tasks/s")
    again = import_opendata(settings, args.data, embedder, progress=False)
    print(f"re-import (unchanged): {again.seconds:.2f}s")
    both("after import")


if __name__ == "__main__":
    main()
