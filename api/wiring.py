"""The one place that builds and connects every resource. Used by the app lifespan and the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from agent.answerability import AnswerabilityJudge, IntentMap
from agent.checkpoints import CheckpointEraser
from agent.llm import OpenAICompatibleResponder
from agent.nodes import AgentDeps
from agent.offline import OfflineResponder
from agent.ports import Responder
from agent.runner import AgentRunner
from api.buckets import Buckets
from api.fingerprint import record_startup
from api.limits import AbuseLimits
from api.settings import Settings
from handoff.bus import EventBus, LocalBus, RedisBus
from handoff.switchboard import Limits, Switchboard
from knowledge.embed_cache import shared_query_cache
from knowledge.embedder import Embedder
from knowledge.embedding_choice import build_embedder as build_knowledge_embedder
from knowledge.retriever import Retriever, build_retriever
from voc import audit as au
from voc.accounts import AccountStore
from voc.audit import AuditKind, AuditLog
from voc.db import create_schema, make_engine, sqlite_url
from voc.erasure import Eraser
from voc.insight import VocInsight
from voc.privacy.files import secure_data_dir
from voc.store import VocStore

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    retriever: Retriever
    understander: Any
    responder: Responder
    runner: AgentRunner
    store: VocStore
    audit: AuditLog
    accounts: AccountStore
    bus: EventBus
    switchboard: Switchboard
    insight: VocInsight
    eraser: Eraser
    limits: AbuseLimits
    answerability: AnswerabilityJudge | None = None  # its KB vocabulary learns ingested articles


def database_url(settings: Settings) -> str:
    """The system of record: the configured database, else a SQLite file in the data folder."""
    return settings.store.database_url or sqlite_url(settings.store.data_dir)


def secure_files(settings: Settings) -> None:
    """Owner-only data folder, SQLite files, vectors and NLU cache (voc/privacy/files.py)."""
    store = settings.store
    sqlite = [] if store.database_url else [store.data_dir / "warmline.db"]
    if not store.checkpoint_url:
        sqlite.append(store.data_dir / "checkpoints.db")
    elif store.checkpoint_url.startswith("sqlite:///"):
        sqlite.append(Path(store.checkpoint_url.removeprefix("sqlite:///")))
    extra = [p for p in (settings.nlu.cache_dir, settings.knowledge.vectors_dir) if p]
    secure_data_dir(store.data_dir, sqlite, extra)


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The VOC database (SQLite file or PostgreSQL) with its schema in place; disposed after.
    Everything that reads or writes records (server, CLI) opens it here."""
    engine = make_engine(database_url(settings))
    try:
        await create_schema(engine)
        yield engine
    finally:
        await engine.dispose()


def build_embedder(settings: Settings) -> Embedder:
    """The deployment's embedder, memoised: the understander and the retriever get this one
    instance, so a turn's message is embedded once (knowledge/embed_cache.py)."""
    model = build_knowledge_embedder(settings.knowledge)  # WARMLINE_EMBEDDING_MODEL
    return shared_query_cache(model)


def build_understander(settings: Settings, embedder: Embedder) -> Any:
    from agent.nlu import UnderstandingEngine, default_taxonomy_path

    cache = settings.nlu.cache_dir or settings.store.data_dir / "nlu-cache"
    return UnderstandingEngine.load(
        settings.nlu.taxonomy or default_taxonomy_path(), embedder, cache
    )


def build_responder(settings: Settings) -> Responder:
    if settings.llm.base_url:
        return OpenAICompatibleResponder(settings.llm, bank=settings.policy.bank_name)
    return OfflineResponder()


@contextlib.asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[Any]:
    url = settings.store.checkpoint_url
    if url and url.startswith("postgres"):
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

        async with AsyncPostgresSaver.from_conn_string(url) as saver:
            await saver.setup()
            yield saver
        return
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.store.data_dir.mkdir(parents=True, exist_ok=True)
    path = (
        url.removeprefix("sqlite:///") if url else str(settings.store.data_dir / "checkpoints.db")
    )
    async with AsyncSqliteSaver.from_conn_string(path) as saver:
        await saver.setup()
        yield saver


@contextlib.asynccontextmanager
async def open_eraser(settings: Settings) -> AsyncIterator[Eraser]:
    """The erasure service alone (records, checkpoints, audit log) for `warmline erase`: the
    same stores the server uses, without loading any model."""
    async with open_database(settings) as engine, open_checkpointer(settings) as checkpointer:
        yield Eraser(engine, threads=CheckpointEraser(checkpointer), audit=AuditLog(engine))


async def seed_demo_accounts(settings: Settings, accounts: AccountStore) -> None:
    """Demo mode only (WARMLINE_DEMO=1): the demo console accounts, with the demo password.
    Otherwise a deployment gets no account it did not create itself."""
    password = settings.server.demo_password.get_secret_value()
    if not settings.server.demo:
        # A data folder that once ran the demo still has its accounts: say so, every start.
        for username, _, _ in settings.demo_agent_list():
            if await accounts.has_password(username, password):
                log.warning(
                    "console account %r still has the demo password (demo mode is off): "
                    "`warmline accounts delete %s` or `set-password %s`",
                    username,
                    username,
                    username,
                )
        return
    for username, display, role in settings.demo_agent_list():
        await accounts.ensure_account(
            username, settings.server.demo_password.get_secret_value(), display, role
        )


async def seed_demo(services: Services) -> None:
    """Bring the knowledge base up to date."""
    s = services.settings
    # Incremental: unchanged articles are skipped by content hash, so this is cheap after the
    # first run, and an edited article is picked up at the next start. No pruning here:
    # articles ingested from elsewhere (``warmline kb ingest``) stay.
    from knowledge.ingest import ingest_path

    summary = await ingest_path(
        s.knowledge.kb_path, services.retriever, services.embedder, prune=False
    )
    log.info("knowledge base: %s", summary.lines()[0])
    if summary.changed:
        await services.audit.record(
            AuditKind.KB_INGEST,
            actor=au.SYSTEM,
            subject=str(s.knowledge.kb_path),
            content={"trigger": "startup", **summary.as_dict()},
        )


def build_answerability(settings: Settings, understander: Any) -> AnswerabilityJudge | None:
    """Answerability from the understander's taxonomy and the knowledge base's vocabulary;
    None when the understander has no taxonomy (a scripted fake)."""
    from knowledge.ingest import IngestSummary, discover, load_articles
    from knowledge.sparse import SparseEncoder
    from knowledge.vocabulary import KbVocabulary

    taxonomy = getattr(understander, "taxonomy", None)
    if taxonomy is None:
        return None
    vocabulary = None
    if settings.knowledge.kb_path.exists():
        articles = load_articles(discover(settings.knowledge.kb_path), IngestSummary())
        sparse = SparseEncoder(settings.knowledge.zh_tokenizer)
        vocabulary = KbVocabulary.from_articles(articles, sparse)
    return AnswerabilityJudge(IntentMap.from_taxonomy(taxonomy), vocabulary)


@contextlib.asynccontextmanager
async def build_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    understander: Any = None,
    seed: bool | None = None,
) -> AsyncIterator[Services]:
    async with contextlib.AsyncExitStack() as stack:
        await asyncio.to_thread(secure_files, settings)
        if embedder is None:
            embedder = await asyncio.to_thread(build_embedder, settings)
        if understander is None:
            understander = await asyncio.to_thread(build_understander, settings, embedder)
        retriever = build_retriever(settings.knowledge, embedder)
        stack.push_async_callback(retriever.close)
        engine = await stack.enter_async_context(open_database(settings))
        store = VocStore(engine)
        audit = AuditLog(engine)
        await record_startup(audit, settings)
        bus: EventBus
        if settings.store.redis_url:
            redis_bus = RedisBus(settings.store.redis_url)
            await redis_bus.start()
            bus = redis_bus
        else:
            bus = LocalBus()
        stack.push_async_callback(bus.close)
        buckets: Buckets | None = None  # in-process unless Redis is there to share them
        if settings.store.redis_url:
            from api.limits_redis import RedisBuckets

            redis_buckets = RedisBuckets(settings.store.redis_url)
            stack.push_async_callback(redis_buckets.close)
            buckets = redis_buckets
        checkpointer = await stack.enter_async_context(open_checkpointer(settings))
        responder = build_responder(settings)
        answerability = await asyncio.to_thread(build_answerability, settings, understander)
        runner = AgentRunner(
            AgentDeps(
                understander=understander,
                searcher=retriever,
                responder=responder,
                policy=settings.policy,
                answerability=answerability,
            ),
            checkpointer,
        )
        switchboard = Switchboard(
            store,
            runner,
            bus,
            limits=Limits(
                max_text_chars=settings.server.max_text_chars,
                resume_ttl=timedelta(hours=settings.server.resume_ttl_hours),
            ),
            assistant_name=settings.policy.assistant_name,
            audit=audit,
        )
        services = Services(
            settings=settings,
            embedder=embedder,
            retriever=retriever,
            understander=understander,
            responder=responder,
            runner=runner,
            store=store,
            audit=audit,
            accounts=account_store(settings, engine, audit),
            bus=bus,
            switchboard=switchboard,
            insight=VocInsight(engine),
            eraser=Eraser(engine, threads=CheckpointEraser(checkpointer), audit=audit),
            limits=AbuseLimits(settings.limits, buckets=buckets),
            answerability=answerability,
        )
        await services.accounts.purge_expired()
        await seed_demo_accounts(settings, services.accounts)
        if settings.server.seed_demo if seed is None else seed:
            await seed_demo(services)
        # Again, for what start-up created (without the CLI's umask, e.g. in tests).
        await asyncio.to_thread(secure_files, settings)
        yield services


def account_store(
    settings: Settings, engine: AsyncEngine, audit: AuditLog | None = None
) -> AccountStore:
    return AccountStore(
        engine,
        token_ttl=timedelta(minutes=settings.server.session_ttl_minutes),
        audit=audit or AuditLog(engine),
    )


@contextlib.asynccontextmanager
async def open_accounts(settings: Settings) -> AsyncIterator[AccountStore]:
    """Only the account store (for `warmline accounts`): no models, no vectors."""
    async with open_database(settings) as engine:
        yield account_store(settings, engine)
