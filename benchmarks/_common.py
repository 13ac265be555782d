"""Shared helpers of the benchmark scripts: the repository on ``sys.path``, percentiles, an aligned
table, the real corpus chunks and the O*NET task statements (read from the shared data path at
run time, never copied into the repository). Import it first: ``import _common``."""

from __future__ import annotations

import csv
import shutil
import socket
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"  # the open research data, seen from the repository
LABELSET = Path("gpts-are-gpts") / "full_labelset.tsv"
QUICK_FILES = 30  # knowledge files in a --quick run


def p50(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """The 95th percentile; the maximum when there are too few values for a 20-quantile."""
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def timed_ms(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], floats: str = ".1f") -> str:
    """Rows under a header, the first column left-aligned, the others right-aligned."""

    def cell(value: Any) -> str:
        return format(value, floats) if isinstance(value, float) else str(value)

    cells = [list(header), *[[cell(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
        for r in cells
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def corpus_chunks(knowledge_dir: Path | None = None) -> list:
    """The real knowledge corpus, split as ``coach index`` splits it."""
    from coach.config import load_settings
    from coach.corpus.documents import corpus_chunks as split
    from coach.corpus.documents import load_corpus

    docs, _ = load_corpus(knowledge_dir or load_settings().knowledge_dir)
    return split(docs)


def onet_tasks(data: Path = DATA) -> list[tuple[str, str]]:
    """(task statement, occupation title) of every O*NET task in the GPTs-are-GPTs label set."""
    with open(data / LABELSET, newline="", encoding="utf-8") as handle:
        return [(row["Task"], row["Title"]) for row in csv.DictReader(handle, delimiter="\t") if row["Task"]]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def quick_corpus(knowledge_dir: Path, target: Path, files: int = QUICK_FILES) -> Path:
    """A copy of ``files`` knowledge files, spread over every folder (kind), in ``target``."""
    every = sorted(knowledge_dir.rglob("*.md"))
    for path in every[:: max(1, len(every) // files)][:files]:
        destination = target / path.relative_to(knowledge_dir)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
    return target
