"""Wiring: build the embedder, the index (when missing or broken), the retriever and the chat
model from settings. The CLI and the browser app both start here."""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_core.embeddings import Embeddings

from coach.answer import Coach
from coach.catalog import Catalog
from coach.embeddings import build_embedder
from coach.index import IndexReport, Progress, ensure_index
from coach.providers import build_chat_model
from coach.retrieval import HybridRetriever
from coach.settings import Settings


@dataclass
class Startup:
    coach: Coach
    index_report: IndexReport | None = None
    messages: list[str] = field(default_factory=list)


def build_coach(
    settings: Settings,
    progress: Progress | None = None,
    embedder: Embeddings | None = None,
    chat_model=None,
) -> Startup:
    """A ready coach. Builds the index on first start, never re-embeds an unchanged corpus."""
    embedder = embedder or build_embedder(settings)
    report = ensure_index(settings, embedder, progress=progress)
    messages = []
    if report is not None:
        messages.append(report.summary())
        messages += [f"Skipped a knowledge file: {e}" for e in report.errors]
    retriever = HybridRetriever(settings, embedder)
    chat = chat_model if chat_model is not None else build_chat_model(settings)
    catalog = Catalog(settings.knowledge_dir, embedder)
    coach = Coach(
        settings,
        chat,
        retriever,
        embedder,
        catalog=catalog,
        task_mapper=_task_mapper(settings, embedder, catalog),
    )
    return Startup(coach, report, messages)


def _task_mapper(settings: Settings, embedder: Embeddings, catalog: Catalog):
    from coach.exposure import TaskMapper

    return TaskMapper(settings, embedder, role_code=catalog.soc_for)
