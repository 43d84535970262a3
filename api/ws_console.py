"""The console socket for human agents. Protocol: docs/protocol.md."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import APIRouter, WebSocket

from api.admission import admit
from api.errors import WS_CLOSE_FORBIDDEN, WS_CLOSE_UNAUTHORIZED, error_frame, frame_for
from api.frames import Disconnected, Socket, parse_frame, req_str, serve_frames
from api.runtime import Runtime
from api.sessions import SESSIONS, SessionWatch, authenticate_first_frame
from domain.errors import Forbidden, Unauthorized, WarmlineError
from handoff.notify import CONSOLE
from voc.accounts import AgentSession

log = logging.getLogger(__name__)
router = APIRouter()

KNOWN = {"claim", "message", "handback", "close", "ping"}
BROADCAST = {"queue", "handoff"}


class ConsoleSession:
    def __init__(self, sock: Socket, rt: Runtime, session: AgentSession, token: str) -> None:
        self.sock = sock
        self.token = token
        self.rt = rt
        self.session = session
        self.agent = session.account
        self.sb = rt.services.switchboard
        self.owned: set[str] = set()

    async def run(self) -> None:
        self.owned = {c.id for c in await self.rt.services.store.owned_by(self.agent.username)}
        bus = self.rt.services.bus
        async with bus.subscribe(SESSIONS) as revocations, bus.subscribe(CONSOLE) as queue:
            # Ends the socket when the session ends; the socket's sends stop at once.
            watch = asyncio.create_task(
                SessionWatch(self.sock, self.rt, self.session, self.token).run(revocations)
            )
            try:
                await self.sock.send({"type": "queue", "items": await self.sb.queue()})
                await serve_frames(self.sock, queue, self._pump, self._handle)
            except Disconnected:
                return
            finally:
                watch.cancel()
                with contextlib.suppress(asyncio.CancelledError, Disconnected):
                    await watch

    async def _pump(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        while True:
            event = await queue.get()
            if event.get("type") in BROADCAST:
                await self.sock.send(event)
            elif event.get("conversation_id") in self.owned:
                await self.sock.send(event)
                if event.get("type") == "state" and event.get("state") in {"bot", "closed"}:
                    self.owned.discard(event["conversation_id"])

    async def _handle(self, raw: str | bytes | None) -> None:
        ref = None
        try:
            frame = parse_frame(raw, max_bytes=self.rt.max_frame_bytes, known=KNOWN)
            ref = frame.get("client_id") or frame.get("conversation_id")
            kind = frame["type"]
            if kind == "ping":
                await self.sock.send({"type": "pong"})
                return
            # Every action re-checks the token: a sign-out or expiry ends the session's powers
            # even on a socket that was opened before.
            self.agent = await self.rt.services.accounts.authenticate(self.token)
            if self.agent.role == "auditor":
                raise Forbidden("auditors are read-only: they cannot claim, message or close")
            cid = req_str(frame, "conversation_id", 64)
            user, name = self.agent.username, self.agent.display_name
            if kind == "claim":
                claimed = await self.sb.claim(cid, user, name)
                self.owned.add(cid)
                await self.sock.send(claimed)
            elif kind == "message":
                client_id = req_str(frame, "client_id", 64)
                turn = await self.sb.agent_message(cid, user, name, frame.get("text"), client_id)
                await self.sock.send(
                    {"type": "ack", "conversation_id": cid, "client_id": client_id, "seq": turn.seq}
                )
            elif kind == "handback":
                await self.sb.handback(cid, user)
                # Anything the customer wrote that no person answered goes to the bot now.
                self.rt.spawn(self.sb.respond(cid))
            elif kind == "close":
                disposition = req_str(frame, "disposition", 32)
                await self.sb.close(cid, user, disposition, name)
        except Unauthorized as exc:
            await self.sock.send(frame_for(exc, ref))
            await self.sock.close(WS_CLOSE_UNAUTHORIZED)
            raise Disconnected from exc
        except WarmlineError as exc:
            await self.sock.send(frame_for(exc, ref))
        except Disconnected:
            raise
        except Exception:
            log.exception("console frame failed")
            await self.sock.send(error_frame("internal", "the server failed; try again", ref))


@router.websocket("/ws/console")
async def console_socket(ws: WebSocket) -> None:
    rt: Runtime = ws.app.state.runtime

    async def session(sock: Socket, _address: str) -> None:
        signed_in = await authenticate_first_frame(sock, rt)
        if signed_in is None:
            return
        if signed_in[0].account.role == "auditor":
            # The console shows live queues and transcripts; an auditor reads through /audit,
            # where every read is recorded.
            with contextlib.suppress(Disconnected):
                await sock.send(frame_for(Forbidden("auditors use the audit view at /audit")))
            await sock.close(WS_CLOSE_FORBIDDEN)
            return
        await ConsoleSession(sock, rt, *signed_in).run()

    await admit(ws, rt, session)
