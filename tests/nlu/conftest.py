"""Session fixtures: the embedder and the trained demo engine are built once per test run.

They reuse the project-wide ``shared_embedder`` / ``shared_understander`` fixtures from
tests/conftest.py when present, so a full test run loads the model and trains only once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.nlu import UnderstandingEngine, default_taxonomy_path


def _shared(request: pytest.FixtureRequest, name: str) -> Any:
    try:
        return request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return None


@pytest.fixture(scope="session")
def embedder(request: pytest.FixtureRequest) -> Any:
    shared = _shared(request, "shared_embedder")
    if shared is not None:
        return shared
    from knowledge.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def engine(
    request: pytest.FixtureRequest, embedder: Any, tmp_path_factory: pytest.TempPathFactory
) -> UnderstandingEngine:
    shared = _shared(request, "shared_understander")
    if isinstance(shared, UnderstandingEngine):
        return shared
    cache = Path(tmp_path_factory.mktemp("nlu-cache"))
    return UnderstandingEngine.load(default_taxonomy_path(), embedder, cache_dir=cache)
