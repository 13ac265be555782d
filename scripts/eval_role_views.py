"""Coverage of the open-data role views: build one for every imported occupation and report the
share that is complete (tasks mapped, both β figures, the applicability score where the source
has one, 3 adjacent occupations, at least 3 next problems), then print a seeded sample to read.

Needs `coach data import ../shared/data` first (the data dir from COACH_DATA_DIR).

    .venv/bin/python scripts/eval_role_views.py [--sample 10] [--seed 7] [--limit N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter

from coach.config import load_settings
from coach.exposure.mapper import TaskMapper
from coach.exposure.occupations import RoleViews

APPLICABILITY = "AI applicability score"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=0, help="only the first N occupations (a quick run)")
    args = parser.parse_args(argv)

    settings = load_settings()
    mapper = TaskMapper(settings)
    views = RoleViews(mapper)
    data = mapper.data
    if data is None:
        print("no open data imported: run `coach data import ../shared/data` first", file=sys.stderr)
        return 2
    mapper.warm_up()
    occ = data.occupations
    codes = [c for c, n in zip(occ["code"], occ["n_tasks"]) if n > 0]
    if args.limit:
        codes = codes[: args.limit]
    no_source_app = int(occ.loc[occ["n_tasks"] > 0, "ai_applicability"].isna().sum())

    gaps: Counter[str] = Counter()
    complete = complete_where_data = 0
    seconds = []
    built = {}
    # One view built on its own first (what a turn waits for the first time), not kept on disk;
    # then all of them mapped in batches, or read from the disk store of an earlier run.
    alone = RoleViews(mapper)
    alone._store = None
    for code in codes[:5]:
        start = time.perf_counter()
        alone.view(code)
        seconds.append(time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(0, len(codes), 100):
        built.update(views.prepare(codes[i : i + 100]))
        print(f"  {min(i + 100, len(codes))}/{len(codes)} views", file=sys.stderr)
    batch_seconds = time.perf_counter() - start
    for code in codes:
        view = built[code]
        missing = view.missing()
        gaps.update(missing)
        complete += not missing
        complete_where_data += not [m for m in missing if m != APPLICABILITY]
    warm = time.perf_counter()
    for code in codes[-50:]:  # the most recent are still in the cache
        views.view(code)
    cached = (time.perf_counter() - warm) / max(min(50, len(codes)), 1)
    disk = RoleViews(mapper)  # a new process's first view of each: read from the disk store
    warm = time.perf_counter()
    for code in codes[:50]:
        disk.view(code)
    from_disk = (time.perf_counter() - warm) / max(min(50, len(codes)), 1)

    n = len(codes)
    print(f"occupations with tasks: {n} (of {len(occ)} rows; {len(data.tasks)} tasks)")
    print(f"complete role views: {complete}/{n} ({complete / n:.1%})")
    print(
        f"complete where the source has the figure: {complete_where_data}/{n} ({complete_where_data / n:.1%})"
    )
    print(f"lacking an applicability score in the source itself: {no_source_app}")
    print("gaps: " + (", ".join(f"{k} {v}" for k, v in gaps.most_common()) or "none"))
    seconds.sort()
    print(
        f"one view alone: median {seconds[len(seconds) // 2] * 1000:.0f} ms of {len(seconds)}; "
        f"in batches: {batch_seconds / n * 1000:.0f} ms per view; from disk: {from_disk * 1000:.1f} ms; "
        f"in memory: {cached * 1e6:.0f} µs"
    )
    tasks_mapped = sum(len(v.task_map.tasks) for v in built.values())
    agree = sum(
        (r.exposure == t.human_label) for v in built.values() for r, t in zip(v.task_map.tasks, v.tasks)
    )
    print(f"tasks mapped: {tasks_mapped}; classifier label = human label on {agree / tasks_mapped:.1%}")

    rng = random.Random(args.seed)
    for code in rng.sample(codes, min(args.sample, n)):
        view = built[code]
        print("\n" + "=" * 100)
        print(view.to_markdown())
        for r in view.task_map.tasks[:4]:
            print(f"  [{r.category:10s} {r.exposure}] {r.task[:110]}")
        print("  next problems:")
        for p in view.next_problems:
            print(f"  - {p.title[:160]}  [{p.source.title}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
