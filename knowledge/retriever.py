"""The retriever interface the agent uses, and the factory that picks a Qdrant backend.

Every backend runs the same hybrid query: a dense prefetch (sentence embeddings, cosine) and a
sparse prefetch (BM25 terms, IDF applied by the engine), fused by Reciprocal Rank Fusion in one
Qdrant query. RRF scores are rank-based — the top hit gets about the same score whether it is a
perfect answer or the least bad of irrelevant passages — so "nothing found" is decided on the
relevance of the returned passages instead (see :mod:`knowledge.hybrid`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from domain.errors import ConfigurationError
from knowledge.chunking import Chunk
from knowledge.hybrid import SearchResult
from knowledge.points import ArticleRecord

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from knowledge.settings import KnowledgeSettings


__all__ = ["ArticleRecord", "Chunk", "Retriever", "SearchResult", "build_retriever"]


class Retriever(Protocol):
    async def search(
        self,
        query: str,
        *,
        language: str | None = None,
        tags: list[str] | None = None,
        limit: int = 5,
    ) -> SearchResult: ...

    async def upsert_chunks(
        self, chunks: list[Chunk], vectors: np.ndarray | None = None
    ) -> None: ...

    async def delete_articles(
        self, article_ids: list[str], language: str | None = None
    ) -> None: ...

    async def articles(self) -> dict[tuple[str, str], ArticleRecord]:
        """(language, article_id) → record, read from the payloads (the ingest manifest)."""
        ...

    async def count(self) -> int: ...

    async def close(self) -> None: ...


def build_retriever(settings: KnowledgeSettings, embedder: Embedder) -> Retriever:
    """The backend the settings ask for; opening it is cheap except Edge/local loading data."""
    from knowledge.sparse import SparseEncoder

    sparse = SparseEncoder(settings.zh_tokenizer)
    backend = settings.resolved_backend
    if backend == "edge":
        from knowledge.edge_store import EdgeRetriever

        return EdgeRetriever(
            settings.vectors_dir / "edge" / settings.collection, embedder, sparse, settings
        )
    from knowledge.client_store import ClientRetriever

    if backend == "server":
        if not settings.qdrant_url:
            raise ConfigurationError("backend 'server' needs WARMLINE_QDRANT_URL")
        return ClientRetriever.for_server(settings, embedder, sparse)
    if backend == "local":
        return ClientRetriever.for_local(settings.vectors_dir / "local", settings, embedder, sparse)
    return ClientRetriever.for_memory(settings, embedder, sparse)
