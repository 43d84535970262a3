"""Letting a socket in: accept it, then hold one of its client address's socket slots for as
long as it stays open (or refuse it with ``too_many_connections`` and close code 1013)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from fastapi import WebSocket

from api.errors import WS_CLOSE_TRY_AGAIN_LATER, frame_for
from api.frames import Disconnected, Socket
from api.runtime import Runtime
from domain.errors import TooManyRequests

Session = Callable[[Socket, str], Awaitable[None]]


async def admit(ws: WebSocket, rt: Runtime, session: Session) -> None:
    """Run ``session(socket, client_address)`` if the address has a free socket slot."""
    address = rt.client_address(ws)
    await ws.accept()
    sock = Socket(ws)
    try:
        rt.limits.sockets.acquire(address)
    except TooManyRequests as exc:
        with contextlib.suppress(Disconnected):
            await sock.send(frame_for(exc))
        await sock.close(WS_CLOSE_TRY_AGAIN_LATER)
        return
    try:
        await session(sock, address)
    except Disconnected:
        pass
    finally:
        rt.limits.sockets.release(address)
