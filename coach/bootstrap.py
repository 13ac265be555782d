"""Wiring: settings in, a ready container of services out. The CLI and the browser app both
start here; nothing else builds providers, the index or the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from coach.config import Settings
from coach.corpus.catalog import Catalog
from coach.llm.embeddings import build_embedder
from coach.llm.providers import build_chat_model
from coach.pipeline.coach import Coach
from coach.retrieval.hybrid import HybridRetriever
from coach.retrieval.indexing import IndexReport, Progress, ensure_index, index_lock
from coach.retrieval.vector_index import open_index
from coach.services.accounts import AccountService
from coach.services.conversation import ConversationService
from coach.services.insights import InsightsService
from coach.services.profiles import ProfileService
from coach.services.teams import TeamService
from coach.services.uploads import UploadService
from coach.storage.database import Database
from coach.storage.private import private_dir
from coach.storage.repositories import (
    ConversationRepository,
    PlanRepository,
    ProfileRepository,
    UserRepository,
)


@dataclass
class Startup:
    coach: Coach
    index_report: IndexReport | None = None
    messages: list[str] = field(default_factory=list)


@dataclass
class Services:
    """Everything an edge needs, built once per process."""

    settings: Settings
    coach: Coach
    database: Database
    users: UserRepository
    conversations: ConversationService
    profiles: ProfileService
    accounts: AccountService
    teams: TeamService
    uploads: UploadService
    insights: InsightsService
    startup_messages: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.database.close()


def build_coach(
    settings: Settings,
    progress: Progress | None = None,
    embedder: Embeddings | None = None,
    chat_model: BaseChatModel | None = None,
) -> Startup:
    """A ready coach. Builds the index on first start, never re-embeds an unchanged corpus."""
    embedder = embedder or build_embedder(settings)
    # the data dir and the index: owner-only when created here (a Chroma server keeps its own)
    private_dir(settings.data_dir if settings.chroma_url else settings.index_dir)
    index = open_index(settings)
    report = ensure_index(settings, embedder, progress=progress, index=index)
    messages = []
    if report is not None:
        messages.append(report.summary())
        messages += [f"Skipped a knowledge file: {e}" for e in report.errors]
    retriever = HybridRetriever(settings, embedder, index)
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


def build_services(settings: Settings, coach: Coach, database: Database | None = None) -> Services:
    """The services over ``coach`` and the configured database (migrated on first use)."""
    database = database or Database.from_settings(settings)
    accounts = AccountService(database, settings)
    profiles, conversations = ProfileRepository(database), ConversationRepository(database)
    services = Services(
        settings=settings,
        coach=coach,
        database=database,
        users=UserRepository(database),
        conversations=ConversationService(coach, conversations, profiles),
        profiles=ProfileService(
            profiles, conversations, coach.catalog, PlanRepository(database), coach.task_mapper
        ),
        accounts=accounts,
        teams=TeamService(database, accounts),
        uploads=UploadService(
            database,
            coach.retriever.index,
            coach.retriever.embedder,
            coach.retriever,
            int(settings.upload_max_mb * 1024 * 1024),
            lock=lambda: index_lock(settings),
        ),
        insights=InsightsService(database, settings.insights_min_group),
    )
    restored = services.uploads.restore()  # a rebuilt index gets the teams' documents back
    if restored:
        services.startup_messages.append(f"Re-indexed {restored} team document(s) into the rebuilt index.")
    return services


def _task_mapper(settings: Settings, embedder: Embeddings, catalog: Catalog):
    from coach.exposure.cards import role_tags
    from coach.exposure.mapper import TaskMapper

    return TaskMapper(settings, embedder, role_code=catalog.soc_for, role_tags=role_tags(catalog))
