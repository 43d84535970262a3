"""How a :class:`Chunk` is stored in Qdrant: point id, named vectors, payload, and back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from domain.types import Hit
from knowledge.chunking import Chunk

DENSE = "dense"
SPARSE = "sparse"
PAYLOAD_INDEXES = ("language", "tags", "article_id")
_ID_NAMESPACE = uuid.UUID("6f1d1c52-8a54-4a53-9a3e-2b7c0f0b6a11")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the index holds for one article: enough to decide whether to re-ingest it."""

    article_id: str
    language: str
    article_hash: str
    source: str
    chunks: int


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
