"""The retriever interface the agent uses, and the factory that picks a Qdrant backend.

Every backend runs the same hybrid query: a dense prefetch (sentence embeddings, cosine) and a
sparse prefetch (BM25 terms, IDF applied by the engine), fused by Reciprocal Rank Fusion in one
Qdrant query. RRF scores are rank-based — the top hit gets about the same score whether it is a
perfect answer or the least bad of irrelevant passages — so "nothing found" is decided on the
relevance of the returned passages instead (see :mod:`knowledge.hybrid`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from domain.errors import ConfigurationError
from domain.types import Hit
from knowledge.chunking import Chunk
from knowledge.hybrid import SearchResult

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from knowledge.settings import KnowledgeSettings

DENSE = "dense"
SPARSE = "sparse"
RRF_K = 10  # small k favours agreement at the top ranks; measured on the eval set
PAYLOAD_INDEXES = ("language", "tags", "article_id")
_ID_NAMESPACE = uuid.UUID("6f1d1c52-8a54-4a53-9a3e-2b7c0f0b6a11")

__all__ = ["ArticleRecord", "Chunk", "Retriever", "SearchResult", "build_retriever"]


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the index holds for one article: enough to decide whether to re-ingest it."""

    article_id: str
    language: str
    article_hash: str
    source: str
    chunks: int


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


def point_id(chunk_id: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, chunk_id))


def chunk_payload(chunk: Chunk) -> dict[str, Any]:
    return {
        "chunk_id": chunk.chunk_id,
        "article_id": chunk.article_id,
        "title": chunk.title,
        "section": chunk.section,
        "text": chunk.text,
        "url": chunk.url,
        "language": chunk.language,
        "tags": list(chunk.tags),
        "updated": chunk.updated,
        "position": chunk.position,
        "content_hash": chunk.content_hash,
        "article_hash": chunk.article_hash,
        "source": chunk.source,
    }


MANIFEST_FIELDS = ["article_id", "language", "article_hash", "source"]


def hit_from_payload(payload: dict[str, Any], chunk_id: str, score: float) -> Hit:
    return Hit(
        chunk_id=str(payload.get("chunk_id", chunk_id)),
        article_id=str(payload.get("article_id", "")),
        title=str(payload.get("title", "")),
        section=str(payload.get("section", "")),
        text=str(payload.get("text", "")),
        score=float(score),
        url=str(payload.get("url", "")),
        language=str(payload.get("language", "en")),
        tags=tuple(payload.get("tags") or ()),
    )


def collect_articles(payloads: list[dict[str, Any]]) -> dict[tuple[str, str], ArticleRecord]:
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for p in payloads:
        key = (str(p.get("language", "")), str(p.get("article_id", "")))
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, p)
    return {
        key: ArticleRecord(
            article_id=key[1],
            language=key[0],
            article_hash=str(p.get("article_hash", "")),
            source=str(p.get("source", "")),
            chunks=counts[key],
        )
        for key, p in first.items()
    }


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
