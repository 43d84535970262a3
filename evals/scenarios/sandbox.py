"""The agent as the server builds it, on a throwaway data folder: what evals run against."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.settings import PolicySettings
    from api.settings import Settings
    from api.wiring import Services
    from knowledge.embedder import Embedder


def throwaway_settings(base: Settings, data_dir: Path) -> Settings:
    """The deployment's agent settings (policy, model, taxonomy, knowledge base, language model)
    with every store pointed at ``data_dir``: an eval never writes to real data."""
    s = base.model_copy(deep=True)
    s.nlu.cache_dir = base.nlu.cache_dir or base.store.data_dir / "nlu-cache"  # reuse training
    s.store.data_dir = data_dir
    s.store.database_url = None
    s.store.checkpoint_url = None
    s.store.redis_url = None
    s.knowledge.data_dir = data_dir
    s.knowledge.qdrant_url = None
    s.knowledge.qdrant_api_key = None
    if s.knowledge.backend == "server":
        s.knowledge.backend = None
    s.server.seed_demo = False  # the knowledge base is ingested here (pruned), no accounts
    return s


def kb_cache_dir(base: Settings) -> Path:
    """Where evals keep their knowledge-base index between runs (only help-centre articles,
    refreshed by content hash each run), so a run does not re-embed every article."""
    k = base.knowledge
    key = hashlib.sha256(
        f"{k.embedding_model_path}|{k.embedding_tag}|{k.zh_tokenizer}|{k.collection}".encode()
    ).hexdigest()[:12]  # another embedding model must not reuse these vectors
    return base.store.data_dir / "eval-kb-cache" / key


def _restore(cache: Path, vectors: Path) -> None:
    if cache.is_dir():
        shutil.copytree(cache, vectors)


def _save(vectors: Path, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(vectors, cache)


@contextlib.asynccontextmanager
async def eval_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    understander: Any = None,
    kb_cache: Path | None = None,
    policy: PolicySettings | None = None,
    progress: bool = True,
) -> AsyncIterator[Services]:
    """``build_services`` (the server's composition root) on a temporary folder, with the
    knowledge base ingested (from ``kb_cache`` when it holds an earlier run's index)."""
    from api.wiring import build_services
    from knowledge.ingest import ingest_path

    with tempfile.TemporaryDirectory(prefix="warmline-eval-") as tmp:
        run_settings = throwaway_settings(settings, Path(tmp))
        if policy is not None:
            run_settings.policy = policy
        vectors = run_settings.knowledge.vectors_dir
        if kb_cache is not None:
            await asyncio.to_thread(_restore, kb_cache, vectors)
        async with build_services(
            run_settings, embedder=embedder, understander=understander, seed=False
        ) as services:
            await ingest_path(
                settings.knowledge.kb_path,
                services.retriever,
                services.embedder,
                prune=True,
                progress=None if progress else False,
            )
            yield services
        if kb_cache is not None:  # after the store is closed: a consistent copy
            await asyncio.to_thread(_save, vectors, kb_cache)
