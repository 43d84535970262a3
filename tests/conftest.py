"""Shared fixtures: the real embedding model and understanding engine, loaded once."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
    """Where the trained intent model is cached; shared with CLI and server subprocesses.

    ``WARMLINE_TEST_NLU_CACHE`` keeps one across test sessions (entries are keyed by the
    taxonomy's hash, so a changed taxonomy still retrains), which saves minutes when running
    a few test files at a time on a busy machine.
    """
    reuse = os.environ.get("WARMLINE_TEST_NLU_CACHE")
    if reuse:
        Path(reuse).mkdir(parents=True, exist_ok=True)
        return Path(reuse)
    return tmp_path_factory.mktemp("nlu-cache")


@pytest.fixture(scope="session")
def shared_understander(shared_embedder: Any, nlu_cache_dir: Path) -> Any:
    from agent.nlu import UnderstandingEngine, default_taxonomy_path

    return UnderstandingEngine.load(default_taxonomy_path(), shared_embedder, nlu_cache_dir)


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: Any, shared_understander: Any
) -> Iterator[Any]:
    """One real uvicorn server on the embedded default, shared by integration/browser tests."""
    from api.app import create_app
    from api.settings import Settings
    from tests.integration.server import LiveServer

    data_dir = tmp_path_factory.mktemp("warmline-data")
    settings = Settings.for_data_dir(data_dir)
    settings.server.ingest_roots = [tmp_path_factory.getbasetemp()]
    app = create_app(settings, embedder=shared_embedder, understander=shared_understander)
    server = LiveServer(app).start()
    yield server
    server.stop()
