from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from api.settings import Settings
from tests.integration.server import LiveServer


def make_settings(data_dir: Path, **env: Any) -> Settings:
    return Settings.for_data_dir(data_dir)


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: Any, shared_understander: Any
) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("warmline-data")
    app = create_app(make_settings(data_dir), embedder=shared_embedder,
                     understander=shared_understander)
    server = LiveServer(app).start()
    yield server
    server.stop()
