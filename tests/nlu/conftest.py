"""Session fixtures: the embedder and the trained demo engine are built once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.nlu import UnderstandingEngine, default_taxonomy_path
from knowledge.embedder import SentenceTransformerEmbedder


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def engine(
    embedder: SentenceTransformerEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> UnderstandingEngine:
    cache = tmp_path_factory.getbasetemp().parent / "warmline-nlu-cache"
    return UnderstandingEngine.load(default_taxonomy_path(), embedder, cache_dir=Path(cache))
