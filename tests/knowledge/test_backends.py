from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import ConfigurationError
from knowledge.embedder import Embedder
from knowledge.ingest import ingest_path
from knowledge.retriever import build_retriever
from knowledge.settings import Backend, KnowledgeSettings


@pytest.mark.parametrize("backend", ["edge", "local"])
async def test_embedded_index_survives_a_restart(
    backend: Backend, tmp_path: Path, corpus: Path, embedder: Embedder
) -> None:
    settings = KnowledgeSettings(backend=backend, data_dir=tmp_path / "data")
    first = build_retriever(settings, embedder)
    await ingest_path(corpus, first, embedder)
    count = await first.count()
    await first.close()

    reopened = build_retriever(settings, embedder)
    try:
        assert await reopened.count() == count
        summary = await ingest_path(corpus, reopened, embedder)
        assert not summary.changed
        result = await reopened.search("unfreeze my card", language="en", limit=1)
        assert result.hits[0].article_id == "cards-freeze"
    finally:
        await reopened.close()


def test_backend_resolution() -> None:
    assert KnowledgeSettings().resolved_backend == "edge"
    assert KnowledgeSettings(qdrant_url="http://q:6333").resolved_backend == "server"
    assert (
        KnowledgeSettings(qdrant_url="http://q:6333", backend="memory").resolved_backend == "memory"
    )


def test_server_backend_needs_a_url(embedder: Embedder) -> None:
    with pytest.raises(ConfigurationError):
        build_retriever(KnowledgeSettings(backend="server"), embedder)


async def test_edge_refuses_a_shard_of_another_dimension(
    tmp_path: Path, embedder: Embedder
) -> None:
    from knowledge.edge_store import open_shard

    path = tmp_path / "shard"
    open_shard(path, 8).close()
    with pytest.raises(ConfigurationError):
        open_shard(path, embedder.dimension)
