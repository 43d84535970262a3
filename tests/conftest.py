"""Shared fixtures: the real embedding model and understanding engine, loaded once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def shared_embedder() -> Any:
    from knowledge.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def nlu_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the trained intent model is cached; shared with CLI subprocesses in tests."""
    return tmp_path_factory.mktemp("nlu-cache")


@pytest.fixture(scope="session")
def shared_understander(shared_embedder: Any, nlu_cache_dir: Path) -> Any:
    from agent.nlu import UnderstandingEngine, default_taxonomy_path

    return UnderstandingEngine.load(default_taxonomy_path(), shared_embedder, nlu_cache_dir)
