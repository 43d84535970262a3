"""Retriever over qdrant-client's AsyncQdrantClient: a Qdrant server, local mode, or :memory:.

Local mode and :memory: run Qdrant's query logic in Python (exact search); they are real
engines for tests and small knowledge bases. The server path is the scale-out option.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from qdrant_client import AsyncQdrantClient, models

from domain.errors import ConfigurationError, UpstreamError
from knowledge.chunking import Chunk
from knowledge.embedder import encode_passages
from knowledge.hybrid import RRF_K, SearchResult, make_result, plan_query
from knowledge.points import (
    DENSE,
    MANIFEST_FIELDS,
    PAYLOAD_INDEXES,
    SPARSE,
    ArticleRecord,
    chunk_payload,
    collect_articles,
    point_id,
)

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from knowledge.settings import KnowledgeSettings
    from knowledge.sparse import SparseEncoder, SparseVec

UPSERT_BATCH = 128


def _sparse(vec: SparseVec) -> models.SparseVector:
    return models.SparseVector(indices=vec.indices, values=vec.values)


class ClientRetriever:
    def __init__(
        self,
        client: AsyncQdrantClient,
        settings: KnowledgeSettings,
        embedder: Embedder,
        sparse: SparseEncoder,
        *,
        payload_indexes: bool,
    ) -> None:
        self._client = client
        self._collection = settings.resolved_collection
        self._settings = settings
        self._prefetch = settings.prefetch_limit
        self._embedder = embedder
        self._sparse = sparse
        self._payload_indexes = payload_indexes
        self._ready = False
        self._ready_lock = asyncio.Lock()

    @classmethod
    def for_server(
        cls, settings: KnowledgeSettings, embedder: Embedder, sparse: SparseEncoder
    ) -> ClientRetriever:
        client = AsyncQdrantClient(url=settings.qdrant_url, api_key=settings.qdrant_api_key)
        return cls(client, settings, embedder, sparse, payload_indexes=True)

    @classmethod
    def for_local(
        cls, path: Path, settings: KnowledgeSettings, embedder: Embedder, sparse: SparseEncoder
    ) -> ClientRetriever:
        path.mkdir(parents=True, exist_ok=True)
        return cls(
            AsyncQdrantClient(path=str(path)), settings, embedder, sparse, payload_indexes=False
        )

    @classmethod
    def for_memory(
        cls, settings: KnowledgeSettings, embedder: Embedder, sparse: SparseEncoder
    ) -> ClientRetriever:
        return cls(
            AsyncQdrantClient(location=":memory:"),
            settings,
            embedder,
            sparse,
            payload_indexes=False,
        )

    async def _ensure_collection(self) -> None:
        if self._ready:
            return
        async with self._ready_lock:
            if self._ready:
                return
            try:
                exists = await self._client.collection_exists(self._collection)
                if exists:
                    await self._check_dimension()
                else:
                    await self._create_collection()
            except ConfigurationError:
                raise
            except Exception as exc:  # network / server errors from the vendor client
                raise UpstreamError("vector store unavailable") from exc
            self._ready = True

    async def _check_dimension(self) -> None:
        info = await self._client.get_collection(self._collection)
        vectors = info.config.params.vectors
        size = vectors[DENSE].size if isinstance(vectors, dict) and DENSE in vectors else None
        if size != self._embedder.dimension:
            raise ConfigurationError(
                f"collection {self._collection!r} holds {size}-d vectors but the embedding "
                f"model makes {self._embedder.dimension}-d; use another collection or re-create it"
            )

    async def _create_collection(self) -> None:
        await self._client.create_collection(
            self._collection,
            vectors_config={
                DENSE: models.VectorParams(
                    size=self._embedder.dimension, distance=models.Distance.COSINE
                )
            },
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
        )
        if self._payload_indexes:
            for name in PAYLOAD_INDEXES:
                await self._client.create_payload_index(
                    self._collection, name, field_schema=models.PayloadSchemaType.KEYWORD
                )

    @staticmethod
    def _filter(language: str | None, tags: list[str] | None) -> models.Filter | None:
        must: list[models.Condition] = []
        if language:
            must.append(
                models.FieldCondition(key="language", match=models.MatchValue(value=language))
            )
        if tags:
            must.append(models.FieldCondition(key="tags", match=models.MatchAny(any=list(tags))))
        return models.Filter(must=must) if must else None

    async def search(
        self,
        query: str,
        *,
        language: str | None = None,
        tags: list[str] | None = None,
        limit: int = 5,
    ) -> SearchResult:
        await self._ensure_collection()
        plan = await asyncio.to_thread(
            plan_query, query, language, self._settings, self._embedder, self._sparse
        )
        flt = self._filter(language, tags)
        prefetch = [
            models.Prefetch(
                query=plan.dense.tolist(), using=DENSE, limit=self._prefetch, filter=flt
            )
        ]
        if plan.sparse:
            prefetch.append(
                models.Prefetch(
                    query=_sparse(plan.sparse), using=SPARSE, limit=self._prefetch, filter=flt
                )
            )
        try:
            response = await self._client.query_points(
                self._collection,
                prefetch=prefetch,
                query=models.RrfQuery(rrf=models.Rrf(k=RRF_K, weights=plan.weights)),
                limit=limit,
                with_payload=True,
                with_vectors=[DENSE],
            )
        except Exception as exc:
            raise UpstreamError("vector search failed") from exc
        points = [
            (
                p.payload or {},
                str(p.id),
                float(p.score),
                p.vector.get(DENSE) if isinstance(p.vector, dict) else p.vector,
            )
            for p in response.points
        ]
        return await asyncio.to_thread(make_result, plan, self._sparse, points)

    async def upsert_chunks(self, chunks: list[Chunk], vectors: np.ndarray | None = None) -> None:
        if not chunks:
            return
        await self._ensure_collection()
        if vectors is None:
            texts = [c.embed_text for c in chunks]
            vectors = await asyncio.to_thread(encode_passages, self._embedder, texts)
        sparse = await asyncio.to_thread(
            lambda: [self._sparse.encode_document(c.embed_text) for c in chunks]
        )
        points = [
            models.PointStruct(
                id=point_id(c.chunk_id),
                vector={DENSE: vectors[i].tolist(), SPARSE: _sparse(sparse[i])},
                payload=chunk_payload(c),
            )
            for i, c in enumerate(chunks)
        ]
        for start in range(0, len(points), UPSERT_BATCH):
            await self._client.upsert(
                self._collection, points[start : start + UPSERT_BATCH], wait=True
            )

    async def delete_articles(self, article_ids: list[str], language: str | None = None) -> None:
        if not article_ids:
            return
        await self._ensure_collection()
        must: list[models.Condition] = [
            models.FieldCondition(key="article_id", match=models.MatchAny(any=list(article_ids)))
        ]
        if language:
            must.append(
                models.FieldCondition(key="language", match=models.MatchValue(value=language))
            )
        await self._client.delete(
            self._collection,
            points_selector=models.FilterSelector(filter=models.Filter(must=must)),
            wait=True,
        )

    async def articles(self) -> dict[tuple[str, str], ArticleRecord]:
        await self._ensure_collection()
        payloads: list[dict[str, Any]] = []
        offset: Any = None
        while True:
            records, offset = await self._client.scroll(
                self._collection,
                limit=1024,
                offset=offset,
                with_payload=MANIFEST_FIELDS,
                with_vectors=False,
            )
            payloads.extend(r.payload or {} for r in records)
            if offset is None:
                break
        return collect_articles(payloads)

    async def count(self) -> int:
        await self._ensure_collection()
        return (await self._client.count(self._collection, exact=True)).count

    async def close(self) -> None:
        await self._client.close()
