"""`warmline serve` passes the timeout settings to uvicorn and leaves X-Forwarded-For to us."""

from __future__ import annotations

import pytest

from api.serving import uvicorn_config
from api.settings import Settings


def test_serve_options_come_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_SERVE_KEEP_ALIVE_S", "7")
    monkeypatch.setenv("WARMLINE_SERVE_WS_PING_INTERVAL_S", "11")
    monkeypatch.setenv("WARMLINE_SERVE_WS_PING_TIMEOUT_S", "12")
    monkeypatch.setenv("WARMLINE_SERVE_LIMIT_CONCURRENCY", "321")
    config = uvicorn_config(object(), Settings(), host="127.0.0.1", port=0)
    assert (config.timeout_keep_alive, config.ws_ping_interval, config.ws_ping_timeout) == (
        7,
        11,
        12,
    )
    assert config.limit_concurrency == 321
    # uvicorn's default would take X-Forwarded-For from 127.0.0.1 as the client address.
    assert config.proxy_headers is False
    assert config.http.__name__ == "BoundedHttpToolsProtocol"
