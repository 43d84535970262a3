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


LIVE_SERVER_ENV = {
    "WARMLINE_DEMO": "1",
    "WARMLINE_LIMIT_ADDRESS_MESSAGES_PER_MINUTE": "100000",
    "WARMLINE_LIMIT_ADDRESS_MESSAGE_BURST": "100000",
    "WARMLINE_LIMIT_ADDRESS_NEW_CONVERSATIONS_PER_HOUR": "1000000",
    "WARMLINE_LIMIT_ADDRESS_NEW_CONVERSATION_BURST": "100000",
    "WARMLINE_LIMIT_SOCKETS_PER_ADDRESS": "100000",
    "WARMLINE_LIMIT_LOGIN_FAILURES_PER_ADDRESS": "100000",
}

# Low limits for the tests that check them. Each test there poses as its own client address
# (X-Forwarded-For, trusted here), so one test's spent budget does not leak into the next.
LIMITED_SERVER_ENV = {
    "WARMLINE_DEMO": "1",
    "WARMLINE_SEED_DEMO": "false",  # accounts only; an empty knowledge base is enough here
    "WARMLINE_TRUSTED_PROXY_HOPS": "1",
    "WARMLINE_SESSION_TTL_MINUTES": "0.05",  # 3 s
    "WARMLINE_SESSION_RECHECK_S": "1",
    "WARMLINE_LIMIT_CONVERSATION_MESSAGES_PER_MINUTE": "1",
    "WARMLINE_LIMIT_CONVERSATION_MESSAGE_BURST": "4",
    "WARMLINE_LIMIT_ADDRESS_MESSAGES_PER_MINUTE": "1",
    "WARMLINE_LIMIT_ADDRESS_MESSAGE_BURST": "10",
    "WARMLINE_LIMIT_ADDRESS_NEW_CONVERSATIONS_PER_HOUR": "1",
    "WARMLINE_LIMIT_ADDRESS_NEW_CONVERSATION_BURST": "5",
    "WARMLINE_LIMIT_SOCKETS_PER_ADDRESS": "6",
    "WARMLINE_LIMIT_HELLO_TIMEOUT_S": "2",
    "WARMLINE_LIMIT_LOGIN_FAILURES_PER_USERNAME": "3",
    "WARMLINE_LIMIT_LOGIN_FAILURES_PER_ADDRESS": "6",
    "WARMLINE_LIMIT_LOGIN_LOCKOUT_BASE_S": "1",
    "WARMLINE_SERVE_REQUEST_TIMEOUT_S": "1",
}


def settings_from_env(data_dir: Path, env: dict[str, str]) -> Any:
    """Settings read the way a deployment reads them: from WARMLINE_* variables."""
    from api.settings import Settings

    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        return Settings.for_data_dir(data_dir)


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: Any, shared_understander: Any
) -> Iterator[Any]:
    """One real uvicorn server on the embedded default, shared by integration/browser tests."""
    from api.app import create_app
    from tests.integration.server import LiveServer

    data_dir = tmp_path_factory.mktemp("warmline-data")
    # Demo accounts on; per-address limits raised: the suite opens many conversations and
    # sockets from 127.0.0.1 (per-conversation limits stay at their defaults).
    settings = settings_from_env(data_dir, LIVE_SERVER_ENV)
    settings.server.ingest_roots = [tmp_path_factory.getbasetemp()]
    app = create_app(settings, embedder=shared_embedder, understander=shared_understander)
    server = LiveServer(app, settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def limited_server(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: Any, shared_understander: Any
) -> Iterator[Any]:
    """A second real server with low abuse limits and short console sessions."""
    from api.app import create_app
    from tests.integration.server import LiveServer

    data_dir = tmp_path_factory.mktemp("warmline-limited")
    settings = settings_from_env(data_dir, LIMITED_SERVER_ENV)
    app = create_app(settings, embedder=shared_embedder, understander=shared_understander)
    server = LiveServer(app, settings).start()
    server.data_dir = data_dir
    yield server
    server.stop()


@pytest.fixture(scope="session")
def eval_demo_run(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    shared_embedder: Any,
    shared_understander: Any,
) -> Any:
    """The CI-sized scenario eval: 8 demo conversations + one that always fails, in-process
    through build_services (the session's model), with its JSON and HTML report."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from api.settings import Settings
    from evals.scenarios.command import run_command

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("eval-run")
    # The knowledge-base index is cached across sessions (refreshed by content hash).
    cache = request.config.cache
    kb_cache = cache.mkdir("warmline-eval-kb") / "index" if cache else out / "kb"
    # In a thread of its own: the runner owns its event loop (asyncio.run), as the CLI does.
    with ThreadPoolExecutor(1) as pool:
        code, text = pool.submit(
            run_command,
            [root / "evals/suites/demo_bank.yaml", root / "tests/evals/data/always_fails.yaml"],
            Settings.for_data_dir(out / "data"),
            as_json=True,
            report=out / "report.html",
            limit=8,
            progress=False,
            embedder=shared_embedder,
            understander=shared_understander,
            kb_cache=kb_cache,
        ).result()
    return code, json.loads(text), out / "report.html"
