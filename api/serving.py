"""How `warmline serve` runs uvicorn: timeouts for slow or partial requests, WebSocket pings,
a concurrency cap, and no proxy-header rewriting (``trusted_proxy_hops`` decides that)."""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.settings import Settings


class UvicornOptions(TypedDict):
    http: type[HttpToolsProtocol]
    timeout_keep_alive: int
    ws_max_size: int
    ws_ping_interval: float
    ws_ping_timeout: float
    limit_concurrency: int
    proxy_headers: bool


def bounded_http(request_timeout_s: float) -> type[HttpToolsProtocol]:
    """uvicorn's HTTP protocol with a deadline on reading each request.

    uvicorn arms no timer while a request's head or body is still arriving, so a client that
    sends a byte now and then (slowloris) holds a connection for ever. Here each request, from
    its connection or its first byte, must be read in full within ``request_timeout_s``; a
    WebSocket upgrade hands over to the socket's own pings.
    """

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(request_timeout_s, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.logger.info("closing a connection whose request was too slow to arrive")
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_message_complete(self) -> None:
            self._disarm()
            super().on_message_complete()

        def handle_websocket_upgrade(self) -> None:
            self._disarm()
            super().handle_websocket_upgrade()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return BoundedHttpToolsProtocol


def uvicorn_options(settings: Settings) -> UvicornOptions:
    s = settings.serve
    return UvicornOptions(
        http=bounded_http(s.request_timeout_s),
        timeout_keep_alive=s.keep_alive_s,
        # The largest WebSocket message uvicorn reads at all (WARMLINE_WS_MAX_BYTES); frames
        # over the protocol's own limit (WARMLINE_MAX_FRAME_BYTES) but under it get `too_large`.
        ws_max_size=settings.server.ws_max_bytes,
        ws_ping_interval=s.ws_ping_interval_s,
        ws_ping_timeout=s.ws_ping_timeout_s,
        limit_concurrency=s.limit_concurrency,
        # uvicorn would otherwise take X-Forwarded-For from 127.0.0.1 as the client address.
        proxy_headers=False,
    )


def uvicorn_config(app: Any, settings: Settings, **overrides: Any) -> Any:
    import uvicorn

    return uvicorn.Config(app, **{**uvicorn_options(settings), **overrides})
