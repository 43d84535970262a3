"""Builds the embedder the settings name (``WARMLINE_EMBEDDING_MODEL``): the one place that
knows which embedding models exist. Measured choice: knowledge/README.md ("Embedding model")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from knowledge.settings import KnowledgeSettings


def build_embedder(settings: KnowledgeSettings) -> Embedder:
    from knowledge.embedder import SentenceTransformerEmbedder

    if settings.embedding_model == "minilm":
        return SentenceTransformerEmbedder(settings.embedding_model_path)
    from knowledge.e5_embedder import ConcatEmbedder, E5Embedder

    if settings.embedding_model == "e5":
        return E5Embedder(threads=settings.e5_threads)
    minilm = SentenceTransformerEmbedder(settings.embedding_model_path)
    e5 = E5Embedder(threads=settings.e5_threads)
    return ConcatEmbedder([minilm, e5], [1.0, settings.embedding_e5_weight])
