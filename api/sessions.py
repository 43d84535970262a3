"""Console sessions on a socket: sign-in by the first frame, and an end the moment the session
ends (sign-out on any worker, expiry, or a disabled account / changed password found on the
periodic re-check)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

from api.errors import WS_CLOSE_TIMEOUT, WS_CLOSE_UNAUTHORIZED, frame_for
from api.frames import Disconnected, Socket, parse_frame, req_str
from api.runtime import Runtime
from domain.errors import InvalidInput, Unauthorized, WarmlineError
from handoff.bus import EventBus
from voc.accounts import AgentSession, token_id

# Bus topic for session revocations. Internal: never forwarded to a browser (the events name
# a token's digest, not the token).
SESSIONS = "sessions"


async def publish_revoked(bus: EventBus, token: str) -> None:
    """Tell every worker's sockets signed in with ``token`` to close now."""
    await bus.publish(SESSIONS, {"type": "revoked", "token_id": token_id(token)})


async def _refuse(sock: Socket, exc: WarmlineError, close_code: int) -> None:
    with contextlib.suppress(Disconnected):
        await sock.send(frame_for(exc))
    await sock.close(close_code)


async def authenticate_first_frame(sock: Socket, rt: Runtime) -> tuple[AgentSession, str] | None:
    """The first frame must be ``{"type": "auth", "token": ...}``, within the hello timeout.

    Tokens never travel in the URL, where proxies and access logs record them. Anything else
    is refused with ``unauthorized`` (4401), or ``timeout`` (4408) if nothing came.
    """
    deadline = asyncio.get_running_loop().time() + rt.limits.hello_timeout_s
    try:
        raw = await sock.receive_raw(deadline)
    except TimeoutError:
        await _refuse(sock, InvalidInput("sign in first", code="timeout"), WS_CLOSE_TIMEOUT)
        return None
    try:
        frame = parse_frame(raw, max_bytes=rt.max_frame_bytes, known={"auth"})
        token = req_str(frame, "token", 256)
    except WarmlineError:
        await _refuse(sock, Unauthorized("send an auth frame first"), WS_CLOSE_UNAUTHORIZED)
        return None
    try:
        return await rt.services.accounts.session(token), token
    except Unauthorized as exc:
        await _refuse(sock, exc, WS_CLOSE_UNAUTHORIZED)
        return None


class SessionWatch:
    """Closes the socket when its session ends, without waiting for the agent's next action."""

    def __init__(self, sock: Socket, rt: Runtime, session: AgentSession, token: str) -> None:
        self.sock = sock
        self.rt = rt
        self.session = session
        self.token = token
        self.recheck_s = rt.services.settings.server.session_recheck_s

    async def run(self, revocations: asyncio.Queue[dict[str, object]]) -> None:
        reason = await self._until_ended(revocations)
        await _refuse(self.sock, Unauthorized(reason), WS_CLOSE_UNAUTHORIZED)

    async def _until_ended(self, revocations: asyncio.Queue[dict[str, object]]) -> str:
        while True:
            left = (self.session.expires_at - datetime.now(UTC)).total_seconds()
            if left <= 0:
                return "your session has expired; sign in again"
            try:
                event = await asyncio.wait_for(revocations.get(), min(left, self.recheck_s))
            except TimeoutError:
                try:
                    self.session = await self.rt.services.accounts.session(self.token)
                except Unauthorized:
                    return "your session has ended; sign in again"
                continue
            if event.get("token_id") == self.session.token_id:
                return "you signed out"
