"""Ingestion throughput: chunks/s of ``coach index`` (the real ``build_index`` path: read and split
the knowledge corpus, embed, add to a fresh Chroma index in a temp data dir) and of team uploads
(``UploadService.upload`` of a PDF and a DOCX, via ``bench_uploads.measure``), each beside the
raw embedder encoding the same texts in one batch loop in the same run. Target (issue #16):
>= 0.8x the raw embedder's chunks/s.

The raw baseline of the corpus is timed before and after the build (their mean is the baseline),
so a machine that slows down mid-run shows. Uses the configured embedder (``COACH_EMBEDDER``,
default all-MiniLM-L6-v2, offline).
Run: ``.venv/bin/python benchmarks/bench_ingestion.py [--quick] [--pages 20]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import _common  # noqa: F401  (puts the repository on sys.path)
from _common import QUICK_FILES, quick_corpus, table
from bench_uploads import measure as measure_uploads
from bench_uploads import raw_embed

from coach.config import load_settings
from coach.corpus.documents import corpus_chunks, load_corpus
from coach.llm.embeddings import build_embedder
from coach.retrieval.indexing import EMBED_BATCH, build_index, embedder_name

TARGET = 0.8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="pages of each uploaded file")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_FILES} knowledge files, 5-page uploads")
    args = parser.parse_args()
    base = load_settings()
    embedder = build_embedder(base)
    embedder.embed_documents(["warm up the model"])
    print(f"embedder: {embedder_name(embedder)}; batch {EMBED_BATCH}; {os.cpu_count()} cores")
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.1f}\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        knowledge = base.knowledge_dir
        if args.quick:
            knowledge = quick_corpus(knowledge, Path(tmp) / "knowledge", QUICK_FILES)
            args.pages = 5
        settings = base.model_copy(update={"data_dir": Path(tmp) / "data", "knowledge_dir": knowledge})
        docs, _ = load_corpus(knowledge)
        texts = [c.embed_text for c in corpus_chunks(docs)]
        raw_before = raw_embed(embedder, texts)
        report = build_index(settings, embedder)
        raw_after = raw_embed(embedder, texts)
        assert report.added == len(texts), (report.added, len(texts))
        raw_s = (raw_before + raw_after) / 2
        rows.append(
            [
                f"coach index ({report.documents} docs)",
                report.added,
                report.seconds,
                report.added / report.seconds,
                len(texts) / raw_s,
                f"{raw_s / report.seconds:.2f}",
            ]
        )
        again = build_index(settings, embedder)
    for name, _, n, upload_s, upload_raw_s in measure_uploads(base, embedder, args.pages):
        rows.append(
            [
                f"upload {name} ({args.pages} p.)",
                n,
                upload_s,
                n / upload_s,
                n / upload_raw_s,
                f"{upload_raw_s / upload_s:.2f}",
            ]
        )
    print(table(["path", "chunks", "seconds", "chunks/s", "raw chunks/s", "ratio"], rows))
    print(
        f"\nraw embedder on the corpus texts: {raw_before:.1f}s before the build, {raw_after:.1f}s after "
        "(baseline: their mean)"
    )
    print(f"coach index again (unchanged corpus): {again.added} embedded in {again.seconds:.2f}s")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    misses = [str(r[0]) for r in rows if float(str(r[-1])) < TARGET]
    print(f"target: each path >= {TARGET}x the raw embedder: " + ("met" if not misses else "MISSED"))
    for miss in misses:
        print(f"  {miss}")


if __name__ == "__main__":
    main()
