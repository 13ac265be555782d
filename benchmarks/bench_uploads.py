"""Team-upload throughput: pages/s and chunks/s of ``UploadService.upload`` (parse, split, embed,
index, record) for a PDF and a DOCX, beside the raw embedder encoding the same chunk texts in
one batch loop, in the same run. Target: uploads at >= 0.8x the raw embedder's chunks/s.

Uses the configured embedder (``COACH_EMBEDDER``, default all-MiniLM-L6-v2 offline), a fresh
local index and SQLite in a temp dir; the text comes from the knowledge corpus.
Run: ``.venv/bin/python benchmarks/bench_uploads.py [--pages 40]``.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.config import Settings, load_settings  # noqa: E402
from coach.corpus.uploads import parse_upload, upload_chunks  # noqa: E402
from coach.domain.principal import Principal  # noqa: E402
from coach.llm.embeddings import build_embedder  # noqa: E402
from coach.retrieval.indexing import SCHEMA_VERSION, embedder_name  # noqa: E402
from coach.retrieval.vector_index import open_index  # noqa: E402
from coach.services.uploads import EMBED_BATCH, UploadService, upload_doc_id  # noqa: E402
from coach.storage.database import Database  # noqa: E402
from coach.storage.memberships import join  # noqa: E402
from coach.storage.repositories import _ensure_user  # noqa: E402
from coach.storage.tables import TeamRow  # noqa: E402
from tests.factories import make_pdf  # noqa: E402

TEAM = "bench-team"


def corpus_paragraphs(settings: Settings) -> list[str]:
    out = []
    for path in sorted(settings.knowledge_dir.rglob("*.md")):
        body = path.read_text().split("---", 2)[-1]
        out += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 80 and not p.startswith("#")]
    return out


def pdf_of(paragraphs: list[str], pages: int) -> bytes:
    """``pages`` pages of about 1,600 characters each, in wrapped lines."""
    texts, i = [], 0
    for _ in range(pages):
        lines: list[str] = []
        while sum(map(len, lines)) < 1600:
            lines += textwrap.wrap(paragraphs[i % len(paragraphs)], 90)
            i += 1
        # make_pdf passes backslashes through as escapes; latin-1 is what its font covers.
        clean = (line.replace("\\", "/").encode("latin-1", "replace").decode("latin-1") for line in lines)
        texts.append(list(clean))
    return make_pdf(texts, title="Benchmark guide")


def docx_of(paragraphs: list[str], sections: int) -> bytes:
    document = docx.Document()
    document.core_properties.title = "Benchmark framework"
    for n in range(sections):
        document.add_heading(f"Section {n + 1}", level=2)
        for k in range(3):
            document.add_paragraph(paragraphs[(3 * n + k) % len(paragraphs)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def raw_embed(embedder, texts: list[str]) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        embedder.embed_documents(texts[start : start + EMBED_BATCH])
    return time.perf_counter() - started


def measure(base: Settings, embedder, pages: int) -> list[tuple[str, int, int, float, float]]:
    """(file, pages, chunks, upload seconds, raw embedder seconds) for a PDF and a DOCX of
    ``pages`` pages, uploaded to a fresh team in a fresh data dir."""
    paragraphs = corpus_paragraphs(base)
    files = {
        "guide.pdf": (pdf_of(paragraphs, pages), pages),
        "framework.docx": (docx_of(paragraphs, pages), pages),
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp)})
        database = Database.from_settings(settings)
        with database.write() as session:
            session.add(TeamRow(id=TEAM, name="Bench", created_at=datetime.now(UTC)))
            _ensure_user(session, "lead")
            session.flush()
            join(session, TEAM, "lead", "admin")
        index = open_index(settings)
        index.create({"embedder": embedder_name(embedder), "schema": SCHEMA_VERSION})  # no corpus
        uploads = UploadService(database, index, embedder, None, 200 * 1024 * 1024)
        lead = Principal(user_id="lead", team_ids=frozenset({TEAM}))
        for name, (data, n_pages) in files.items():
            chunks = upload_chunks(parse_upload(name, data, len(data) + 1), upload_doc_id(TEAM, name))
            raw_s = raw_embed(embedder, [c.embed_text for c in chunks])
            started = time.perf_counter()
            report = uploads.upload(lead, TEAM, name, data)
            upload_s = time.perf_counter() - started
            assert report.added == len(chunks)
            rows.append((name, n_pages, len(chunks), upload_s, raw_s))
        database.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    base = load_settings()
    embedder = build_embedder(base)
    embedder.embed_documents(["warm up the model"])
    print(f"embedder: {embedder_name(embedder)}; batch {EMBED_BATCH}")
    print(
        f"{'file':<16}{'pages':>6}{'chunks':>8}{'upload s':>10}{'pages/s':>9}{'chunks/s':>10}"
        f"{'raw chunks/s':>14}{'ratio':>7}"
    )
    for name, pages, n, upload_s, raw_s in measure(base, embedder, args.pages):
        print(
            f"{name:<16}{pages:>6}{n:>8}{upload_s:>10.2f}{pages / upload_s:>9.1f}{n / upload_s:>10.1f}"
            f"{n / raw_s:>14.1f}{raw_s / upload_s:>7.2f}"
        )


if __name__ == "__main__":
    main()
