"""Time for a fresh process to get its first search result over the corpus, with the BM25 index
built from the vector index's chunks (as every process did before it was saved) and loaded from
its saved copy under the data dir; and the memory the corpus's BM25 takes.

The real corpus (``knowledge/``) is indexed once with the default embedder (MiniLM) in a temp
data dir. Then each run is a new Python process that loads the embedder and opens the index
(the same either way, timed apart), builds the retriever (the corpus's BM25: the part that
differs) and runs one search. Modes, alternated:

- ``before``: the previous behaviour: read every corpus chunk from Chroma, tokenise, index.
- ``cold``: no saved copy yet (deleted before the run): build as before, then save it.
- ``after``: the saved copy is there: one ids-only read of Chroma, then load the files.

Run: ``.venv/bin/python benchmarks/bench_lexical_start.py [--runs 5] [--embedder minilm]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import json, os, sys, time
started = time.perf_counter()
from pathlib import Path
from coach.config import load_settings
from coach.domain.principal import CORPUS
from coach.llm.embeddings import build_embedder
from coach.retrieval.hybrid import HybridRetriever
from coach.retrieval.lexical import Lexical, LexicalStore, lexical_root
from coach.retrieval.vector_index import open_index

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

class Unsaved(LexicalStore):
    # the behaviour before: every process reads the scope's chunks and builds its BM25
    def generation(self, scope):
        return None
    def get(self, index, scope):
        return Lexical(index.records(scope))

mode, data_dir, embedder_name = sys.argv[1:4]
settings = load_settings(data_dir=Path(data_dir), embedder=embedder_name)
imported = time.perf_counter()
embedder = build_embedder(settings)
embedder.embed_query("warm up")
index = open_index(settings)
index.count()
ready = time.perf_counter()
before = rss_mb()
store = Unsaved(lexical_root(settings)) if mode == "before" else LexicalStore(lexical_root(settings))
retriever = HybridRetriever(settings, embedder, index, store=store)
lexical = time.perf_counter()
after = rss_mb()
query = "How do payroll clerks check AI-calculated deductions?"
hits = retriever.search(query, [CORPUS], k=5)
done = time.perf_counter()
ranking = [(r.id, s) for r, s in retriever._for(CORPUS).search(query, 50, None)]
print(json.dumps({
    "imports": imported - started, "embedder+index": ready - imported, "bm25": lexical - ready,
    "first search": done - lexical, "to first result": done - started,
    "bm25 MB": after - before, "chunks": len(retriever), "hits": [h.chunk_id for h in hits],
    "lexical": ranking,
}))
"""
COLUMNS = ["imports", "embedder+index", "bm25", "first search", "to first result", "bm25 MB"]


def run(mode: str, data_dir: Path, embedder: str) -> dict:
    if mode == "cold":
        shutil.rmtree(data_dir / "lexical", ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT)})
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(data_dir), embedder],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--embedder", default="minilm", choices=["minilm", "hash"])
    args = parser.parse_args()
    from coach.config import load_settings
    from coach.llm.embeddings import build_embedder
    from coach.retrieval.indexing import build_index

    print(f"{os.cpu_count()} cores; load average (1 min) at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-lexical-") as tmp:
        settings = load_settings(data_dir=Path(tmp), embedder=args.embedder)
        started = time.perf_counter()
        report = build_index(settings, build_embedder(settings))
        print(f"indexed {report.added} chunks of {report.documents} documents "
              f"with {args.embedder} in {time.perf_counter() - started:.1f}s\n")  # fmt: skip
        results: dict[str, list[dict]] = {"before": [], "cold": [], "after": []}
        for _ in range(args.runs):
            for mode in results:
                results[mode].append(run(mode, Path(tmp), args.embedder))
        hits = {tuple(r["hits"]) for rows in results.values() for r in rows}
        lexical = {json.dumps(r["lexical"]) for rows in results.values() for r in rows}
        print(f"{'median of ' + str(args.runs):<14}" + "".join(f"{c:>17}" for c in COLUMNS))
        for mode, rows in results.items():
            cells = [statistics.median(r[c] for r in rows) for c in COLUMNS]
            print(f"{mode:<14}" + "".join(f"{v:>16.3f}{'s' if c != 'bm25 MB' else ' '}"
                                          for c, v in zip(COLUMNS, cells)))  # fmt: skip
        print(
            f"\n{results['after'][0]['chunks']} corpus chunks; every run and mode gave the same BM25 "
            f"top 50 with the same scores: {len(lexical) == 1}; the same hybrid top 5: {len(hits) == 1}"
            " (the dense side reads Chroma's HNSW, which is approximate)"
        )
        saved = sum(p.stat().st_size for p in (Path(tmp) / "lexical").rglob("*") if p.is_file())
        print(f"saved BM25 on disk: {saved / 2**20:.2f} MB")


if __name__ == "__main__":
    main()
