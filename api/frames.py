"""Parsing and validating WebSocket frames, and a socket wrapper with serialised sends."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from domain.errors import InvalidInput


class Disconnected(Exception):
    pass


def parse_frame(raw: str | bytes | None, *, max_bytes: int, known: set[str]) -> dict[str, Any]:
    if raw is None:
        raise InvalidInput("empty frame", code="bad_json")
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
    if size > max_bytes:
        raise InvalidInput(f"frame exceeds {max_bytes} bytes", code="too_large")
    try:
        frame = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidInput("frame is not valid JSON", code="bad_json") from None
    if not isinstance(frame, dict):
        raise InvalidInput("frame must be a JSON object", code="bad_json")
    kind = frame.get("type")
    if kind not in known:
        raise InvalidInput(f"unknown frame type {str(kind)[:40]!r}", code="unknown_type")
    return frame


def opt_str(frame: dict[str, Any], key: str, max_len: int) -> str | None:
    value = frame.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_len:
        raise InvalidInput(f"{key} must be a string of at most {max_len} characters")
    return value


def req_str(frame: dict[str, Any], key: str, max_len: int) -> str:
    value = opt_str(frame, key, max_len)
    if not value:
        raise InvalidInput(f"{key} is required")
    return value


class Socket:
    """One client connection: receive raw frames, send JSON with one writer at a time."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self._send_lock = asyncio.Lock()
        self._closed = False

    async def receive_raw(self, deadline: float | None = None) -> str | bytes | None:
        """The next frame; ``TimeoutError`` if none arrives before ``deadline`` (loop time)."""
        async with asyncio.timeout_at(deadline):
            msg = await self.ws.receive()
        if msg["type"] == "websocket.disconnect":
            raise Disconnected
        return msg.get("text") if msg.get("text") is not None else msg.get("bytes")

    async def send(self, frame: dict[str, Any]) -> None:
        # After the server closed (e.g. a revoked session) nothing more goes out, even while
        # the client has not yet answered the close.
        if self._closed or self.ws.client_state != WebSocketState.CONNECTED:
            raise Disconnected
        async with self._send_lock:
            try:
                await self.ws.send_text(json.dumps(frame, default=str, ensure_ascii=False))
            except (RuntimeError, OSError, WebSocketDisconnect) as exc:
                raise Disconnected from exc

    async def close(self, code: int) -> None:
        self._closed = True
        if self.ws.client_state == WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError):
                await self.ws.close(code)


Handler = Callable[[str | bytes | None], Coroutine[Any, Any, None]]
Pump = Callable[["asyncio.Queue[dict[str, Any]]"], Coroutine[Any, Any, None]]


async def serve_frames(
    sock: Socket, queue: asyncio.Queue[dict[str, Any]], pump: Pump, handle: Handler
) -> None:
    """Forward bus events to the socket (``pump``) while handling incoming frames, until the
    client goes away. The pump stops with the socket; work it started elsewhere does not."""
    task = asyncio.create_task(pump(queue))
    try:
        while True:
            await handle(await sock.receive_raw())
    except Disconnected:
        pass
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Disconnected):
            await task
