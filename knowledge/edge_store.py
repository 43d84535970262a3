"""Retriever over Qdrant Edge (``qdrant-edge-py``): Qdrant's engine in-process, on local disk.

The embedded default: no service, HNSW + sparse inverted index, and the same query semantics
as a Qdrant server (prefetch + RRF, IDF modifier). Edge has no background optimizer, so after
a large write we run ``optimize()`` ourselves to build the HNSW index. Every engine call is
blocking native code and goes to a worker thread. Each update is in Edge's write-ahead log
before ``update()`` returns, so writes survive a crash without a per-write ``flush()`` (which
costs a segment sync); segments are flushed on ``close()``.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from domain.errors import ConfigurationError
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
    from knowledge.sparse import SparseEncoder

UPSERT_BATCH = 256
OPTIMIZE_AFTER = 2000  # points written since the last optimize() before we build indexes


def edge_config(dimension: int) -> Any:
    import qdrant_edge as qe

    return qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=dimension, distance=qe.Distance.Cosine)},
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
    )


def open_shard(path: Path, dimension: int) -> Any:
    """Load the shard at ``path`` or create it; refuses a shard of another dimension."""
    import qdrant_edge as qe

    config = edge_config(dimension)
    if (path / "edge_config.json").exists():
        try:
            return qe.EdgeShard.load(str(path), config)
        except Exception as exc:  # the binding raises bare Exception with a message
            if "WAL" in str(exc) or "WouldBlock" in str(exc):
                raise ConfigurationError(
                    f"Edge shard at {path} is open in another process (a running app?); "
                    "stop it first, or use a Qdrant server (WARMLINE_QDRANT_URL) to share"
                ) from exc
            raise ConfigurationError(
                f"Edge shard at {path} does not fit a {dimension}-d embedding model ({exc}); "
                "delete the folder or point WARMLINE_DATA_DIR elsewhere"
            ) from exc
    path.mkdir(parents=True, exist_ok=True)
    shard = qe.EdgeShard.create(str(path), config)
    for name in PAYLOAD_INDEXES:
        shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
    return shard


def edge_filter(
    language: str | None, tags: list[str] | None, article_ids: list[str] | None = None
) -> Any:
    import qdrant_edge as qe

    must: list[Any] = []
    if language:
        must.append(qe.FieldCondition(key="language", match=qe.MatchValue(language)))
    if tags:
        must.append(qe.FieldCondition(key="tags", match=qe.MatchAny(list(tags))))
    if article_ids:
        must.append(qe.FieldCondition(key="article_id", match=qe.MatchAny(list(article_ids))))
    return qe.Filter(must=must) if must else None


def hybrid_request(
    dense: list[float],
    sparse: Any,
    flt: Any,
    *,
    limit: int,
    prefetch: int,
    with_payload: bool = True,
    exact: bool = False,
    weights: list[float] | None = None,
) -> Any:
    """One Qdrant query: dense + sparse prefetches fused by RRF. ``sparse`` may be None."""
    import qdrant_edge as qe

    params = qe.SearchParams(exact=True) if exact else None
    prefetches = [
        qe.Prefetch(
            limit=prefetch, query=qe.Query.Nearest(dense, using=DENSE), filter=flt, params=params
        )
    ]
    if sparse is not None:
        prefetches.append(
            qe.Prefetch(
                limit=prefetch,
                query=qe.Query.Nearest(sparse, using=SPARSE),
                filter=flt,
                params=params,
            )
        )
    # Any: the stub types Fusion itself, not its nested classes, as a scoring query
    fusion: Any = qe.Fusion.Rrf(k=RRF_K, weights=weights)
    return qe.QueryRequest(
        limit=limit,
        query=fusion,
        prefetches=prefetches,
        with_payload=with_payload,
        with_vector=[DENSE] if with_payload else False,
    )


class EdgeRetriever:
    def __init__(
        self, path: Path, embedder: Embedder, sparse: SparseEncoder, settings: KnowledgeSettings
    ) -> None:
        self._path = path
        self._embedder = embedder
        self._sparse = sparse
        self._settings = settings
        self._prefetch = settings.prefetch_limit
        self._shard: Any = None
        self._open_lock = threading.Lock()
        self._write_lock = asyncio.Lock()
        self._unoptimized = 0

    def _get_shard(self) -> Any:
        with self._open_lock:
            if self._shard is None:
                self._shard = open_shard(self._path, self._embedder.dimension)
            return self._shard

    def _search_sync(
        self, query: str, language: str | None, tags: list[str] | None, limit: int
    ) -> SearchResult:
        import qdrant_edge as qe

        shard = self._get_shard()
        plan = plan_query(query, language, self._settings, self._embedder, self._sparse)
        sparse = qe.SparseVector(plan.sparse.indices, plan.sparse.values) if plan.sparse else None
        request = hybrid_request(
            plan.dense.tolist(),
            sparse,
            edge_filter(language, tags),
            limit=limit,
            prefetch=self._prefetch,
            weights=plan.weights,
        )
        points = [
            (
                p.payload or {},
                str(p.id),
                float(p.score),
                p.vector.get(DENSE) if isinstance(p.vector, dict) else p.vector,
            )
            for p in shard.query(request)
        ]
        return make_result(plan, self._sparse, points)

    async def search(
        self,
        query: str,
        *,
        language: str | None = None,
        tags: list[str] | None = None,
        limit: int = 5,
    ) -> SearchResult:
        return await asyncio.to_thread(self._search_sync, query, language, tags, limit)

    def _upsert_sync(self, chunks: list[Chunk], vectors: np.ndarray | None) -> None:
        import qdrant_edge as qe

        shard = self._get_shard()
        if vectors is None:
            vectors = encode_passages(self._embedder, [c.embed_text for c in chunks])
        for start in range(0, len(chunks), UPSERT_BATCH):
            points = []
            for i in range(start, min(start + UPSERT_BATCH, len(chunks))):
                c = chunks[i]
                svec = self._sparse.encode_document(c.embed_text)
                vector: dict[str, Any] = {DENSE: vectors[i].tolist()}
                if svec:
                    vector[SPARSE] = qe.SparseVector(svec.indices, svec.values)
                points.append(qe.Point(point_id(c.chunk_id), vector, chunk_payload(c)))
            shard.update(qe.UpdateOperation.upsert_points(points))
        self._unoptimized += len(chunks)
        if self._unoptimized >= OPTIMIZE_AFTER:
            shard.optimize()
            self._unoptimized = 0

    async def upsert_chunks(self, chunks: list[Chunk], vectors: np.ndarray | None = None) -> None:
        if not chunks:
            return
        async with self._write_lock:
            await asyncio.to_thread(self._upsert_sync, chunks, vectors)

    def _delete_sync(self, article_ids: list[str], language: str | None) -> None:
        import qdrant_edge as qe

        shard = self._get_shard()
        shard.update(
            qe.UpdateOperation.delete_points_by_filter(edge_filter(language, None, article_ids))
        )

    async def delete_articles(self, article_ids: list[str], language: str | None = None) -> None:
        if not article_ids:
            return
        async with self._write_lock:
            await asyncio.to_thread(self._delete_sync, article_ids, language)

    def _articles_sync(self) -> dict[tuple[str, str], ArticleRecord]:
        import qdrant_edge as qe

        shard = self._get_shard()
        payloads: list[dict[str, Any]] = []
        offset: Any = None
        while True:
            records, offset = shard.scroll(
                qe.ScrollRequest(
                    offset=offset, limit=1024, with_payload=MANIFEST_FIELDS, with_vector=False
                )
            )
            payloads.extend(r.payload or {} for r in records)
            if offset is None:
                break
        return collect_articles(payloads)

    async def articles(self) -> dict[tuple[str, str], ArticleRecord]:
        return await asyncio.to_thread(self._articles_sync)

    async def count(self) -> int:
        import qdrant_edge as qe

        def _count() -> int:
            return int(self._get_shard().count(qe.CountRequest(exact=True)))

        return await asyncio.to_thread(_count)

    async def optimize(self) -> None:
        async with self._write_lock:
            await asyncio.to_thread(lambda: self._get_shard().optimize())
            self._unoptimized = 0

    async def close(self) -> None:
        def _close() -> None:
            with self._open_lock:
                if self._shard is not None:
                    self._shard.flush()
                    self._shard.close()
                    self._shard = None

        await asyncio.to_thread(_close)
