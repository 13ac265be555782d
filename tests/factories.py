"""Builders shared by several test modules (tests never import each other): a tiny open-data
folder in the real files' layout, with invented rows; an embedder that counts; the app's
environment with local accounts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from coach.exposure.opendata import LABELS
from coach.llm.embeddings import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    """Counts texts embedded, to prove unchanged chunks are never embedded again."""

    def __init__(self, dim: int = 384):
        super().__init__(dim)
        self.embedded = 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return super().embed_documents(texts)


@contextmanager
def local_accounts_app(monkeypatch, settings) -> Iterator[tuple]:
    """The app's environment (fake chat model, hashing embedder, local accounts) over
    ``settings``' data dir and corpus; yields (account service on the same database, settings)."""
    from coach.services.accounts import AccountService
    from coach.storage.database import Database

    for name, value in {
        "COACH_DATA_DIR": str(settings.data_dir),
        "COACH_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "COACH_CHAT_PROVIDER": "fake",
        "COACH_EMBEDDER": "hash",
        "COACH_AUTH": "local",
    }.items():
        monkeypatch.setenv(name, value)
    import streamlit as st

    st.cache_resource.clear()
    local = settings.model_copy(update={"auth": "local"})
    database = Database.from_settings(local)
    try:
        yield AccountService(database, local), local
    finally:
        database.close()


# Invented rows in the files' real layout (no real task text): two occupations, four tasks each.
SUPPORT, STEEL = "Computer User Support Specialists", "Structural Iron and Steel Workers"
SYNTHETIC_TASKS = [
    (
        "15-1232.00",
        "Computer User Support Specialists",
        "Answer user questions about software by email",
        "E1",
        "T3",
    ),
    (
        "15-1232.00",
        "Computer User Support Specialists",
        "Write help articles for common problems",
        "E1",
        "T2",
    ),
    (
        "15-1232.00",
        "Computer User Support Specialists",
        "Set up ticket routing rules in the help desk",
        "E2",
        "T2",
    ),
    ("15-1232.00", SUPPORT, "Replace broken keyboards at user desks", "E0", "T0"),
    ("47-2221.00", STEEL, "Weld steel beams at the building site", "E0", "T0"),
    ("47-2221.00", STEEL, "Climb columns to bolt girders in place", "E0", "T0"),
    (
        "47-2221.00",
        "Structural Iron and Steel Workers",
        "Read blueprints to plan the steel layout",
        "E2",
        "T1",
    ),
    (
        "47-2221.00",
        "Structural Iron and Steel Workers",
        "Log hours and materials in a daily report",
        "E1",
        "T3",
    ),
]
LABEL_COLUMNS = [
    "",
    "O*NET-SOC Code",
    "Task ID",
    "Task",
    "Task Type",
    "Title",
    "human_exposure_agg",
    "gpt4_exposure",
    "gpt4_automation",
    "beta",
]


def write_opendata(root: Path) -> Path:
    """Write a tiny open-data folder with the real files' names and columns; return it."""
    (root / "gpts-are-gpts").mkdir(parents=True, exist_ok=True)
    (root / "working-with-ai").mkdir(parents=True, exist_ok=True)
    rows = [
        [i, code, 1000 + i, task, "Core", title, label, label, auto, 0.5]
        for i, (code, title, task, label, auto) in enumerate(SYNTHETIC_TASKS)
    ]
    labels = pd.DataFrame(rows, columns=LABEL_COLUMNS)
    labels.to_csv(root / LABELS.path, sep="\t", index=False)
    pd.DataFrame(
        {
            "O*NET-SOC Code": ["15-1232.00", "47-2221.00"],
            "Title": [SUPPORT, STEEL],
            "dv_rating_alpha": [0.5, 0.1],
            "dv_rating_beta": [0.7, 0.2],
            "dv_rating_gamma": [0.9, 0.3],
            "human_rating_alpha": [0.4, 0.1],
            "human_rating_beta": [0.6, 0.25],
            "human_rating_gamma": [0.8, 0.4],
        }
    ).to_csv(root / "gpts-are-gpts" / "occ_level.csv", index=False)
    pd.DataFrame(
        {
            "SOC Code": ["15-1232", "47-2221"],
            "title": [SUPPORT, STEEL],
            "ai_applicability_score": [0.31, 0.02],
        }
    ).to_csv(root / "working-with-ai" / "soc_ai_applicability_scores.csv", index=False)
    return root


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text stream per page (an empty list = a blank page).
    Backslashes pass through as PDF string escapes (``\\007`` is a BEL character)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
        for line in lines:
            escaped = line.replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        stream = "\n".join(ops)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    info = ""
    if title is not None:
        objects.append(f"<< /Title ({title}) >>")
        info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def signed_up_app(accounts, question: str):
    """app.py under Streamlit's AppTest: a new account "bea" signed up with an operator invite,
    then ``question`` asked in the chat; returns the AppTest."""
    from streamlit.testing.v1 import AppTest

    from coach.config import PROJECT_ROOT

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()
    at.text_input(key="signup-code").input(accounts.operator_invite())
    at.text_input(key="signup-name").input("bea")
    at.text_input(key="signup-password").input("correct horse battery")
    next(b for b in at.button if b.label == "Create account").click().run()
    at.chat_input[0].set_value(question).run()
    return at
