"""The customer socket (widget and app). Protocol: docs/protocol.md."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket

from api.admission import admit
from api.errors import WS_CLOSE_NOT_FOUND, WS_CLOSE_TIMEOUT, error_frame, frame_for
from api.frames import (
    Disconnected,
    Socket,
    opt_str,
    parse_frame,
    req_str,
    serve_frames,
)
from api.identity import resolve_identity
from api.runtime import Runtime
from domain.errors import InvalidInput, NotFound, WarmlineError
from handoff.events import message_event
from handoff.notify import conv_topic
from handoff.switchboard import TurnFailed

log = logging.getLogger(__name__)
router = APIRouter()

KNOWN = {"hello", "message", "request_human", "cancel_human", "rate", "ping"}
CHANNELS = {"web", "app"}
LIMITED = {"message", "request_human", "cancel_human", "rate"}


def _profile(frame: dict[str, Any]) -> dict[str, Any]:
    profile = frame.get("profile") or {}
    if not isinstance(profile, dict):
        raise InvalidInput("profile must be an object")
    if len(json.dumps(profile, default=str).encode()) > 4096:
        raise InvalidInput("profile exceeds 4 KiB", code="too_large")
    return profile


def _channel(frame: dict[str, Any]) -> str:
    channel = opt_str(frame, "channel", 16) or "web"
    if channel not in CHANNELS:
        raise InvalidInput(f"channel must be one of {sorted(CHANNELS)}")
    return channel


class CustomerSession:
    def __init__(self, sock: Socket, rt: Runtime, address: str = "unknown") -> None:
        self.sock = sock
        self.rt = rt
        self.sb = rt.services.switchboard
        self.address = address  # the client address the abuse limits count against
        self.conversation_id: str | None = None
        self.sent_seq = 0

    async def run(self) -> None:
        # A socket that never says hello is closed (pings do not extend the deadline).
        deadline = asyncio.get_running_loop().time() + self.rt.limits.hello_timeout_s
        try:
            while self.conversation_id is None:
                try:
                    raw = await self.sock.receive_raw(deadline)
                except TimeoutError:
                    await self.sock.send(error_frame("timeout", "send hello first"))
                    await self.sock.close(WS_CLOSE_TIMEOUT)
                    return
                if not await self._hello(raw):
                    return
            async with self.rt.services.bus.subscribe(conv_topic(self.conversation_id)) as queue:
                await self._replay()
                await serve_frames(self.sock, queue, self._pump, self._handle)
        except Disconnected:
            pass

    async def _hello(self, raw: str | bytes | None) -> bool:
        try:
            frame = parse_frame(raw, max_bytes=self.rt.max_frame_bytes, known=KNOWN)
            if frame["type"] == "ping":
                await self.sock.send({"type": "pong"})
                return True
            if frame["type"] != "hello":
                raise InvalidInput("send hello first", code="not_ready")
            last_seq = frame.get("last_seq") or 0
            if not isinstance(last_seq, int) or not 0 <= last_seq < 2**31:
                raise InvalidInput("last_seq must be a non-negative integer")
            language = opt_str(frame, "language", 8) or "en"
            identity = resolve_identity(
                self.rt.widget_secret,
                frame.get("identity"),
                opt_str(frame, "customer_id", 128),
                _profile(frame),
            )
            if not frame.get("conversation_id"):
                await self.rt.limits.new_conversation(self.address)
            conv = await self.sb.open(
                conversation_id=opt_str(frame, "conversation_id", 64),
                resume_token=opt_str(frame, "resume_token", 128),
                customer_id=identity.customer_id,
                bind_customer=self.rt.widget_secret is not None,
                profile=identity.profile,
                language=language,
                channel=_channel(frame),
            )
            # On the record before it goes out: text, version and time, once per conversation.
            await self.sb.disclose(conv.id, self.rt.disclosure)
        except NotFound as exc:
            await self.sock.send(frame_for(exc))
            await self.sock.close(WS_CLOSE_NOT_FOUND)
            return False
        except WarmlineError as exc:
            await self.sock.send(frame_for(exc))
            return True
        except Exception:
            log.exception("hello failed")
            await self.sock.send(error_frame("internal", "the server failed; try again"))
            return True
        self.conversation_id = conv.id
        # A new conversation has nothing the client could have seen.
        self.sent_seq = last_seq if frame.get("conversation_id") else 0
        welcome = {
            "type": "welcome",
            "conversation_id": conv.id,
            "state": conv.state,
            "disclosure": self.rt.disclosure.text,
            "disclosure_version": self.rt.disclosure.version,
        }
        if conv.resume_token:
            welcome["resume_token"] = conv.resume_token  # once; the server keeps only a hash
        await self.sock.send(welcome)
        if frame.get("conversation_id"):
            # Anything still unanswered (a crash cut a turn off) is answered now.
            self.rt.spawn(self._respond(None))
        return True

    async def _replay(self) -> None:
        assert self.conversation_id
        for turn in await self.rt.services.store.turns(
            self.conversation_id, after_seq=self.sent_seq
        ):
            await self._send_message(message_event(turn))
        await self.sock.send(await self.sb.notify.state_frame(self.conversation_id))

    async def _send_message(self, event: dict[str, Any]) -> None:
        """Deliver turns strictly in seq order, with no gaps.

        Writers commit and publish independently, so a live event can overtake an earlier one
        (or the bus can drop one for a slow socket). A gap is filled from the store, never
        skipped, so a client's ``last_seq`` never moves past a turn it has not seen.
        """
        assert self.conversation_id
        seq = event["seq"]
        if seq <= self.sent_seq:
            return  # already delivered (replay and live events can overlap)
        if seq > self.sent_seq + 1:
            for turn in await self.rt.services.store.turns(
                self.conversation_id, after_seq=self.sent_seq
            ):
                if turn.seq > self.sent_seq:
                    self.sent_seq = turn.seq
                    await self.sock.send(message_event(turn))
            return
        self.sent_seq = seq
        await self.sock.send(event)

    async def _pump(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        while True:
            event = await queue.get()
            if event.get("type") == "message":
                await self._send_message(event)
            else:
                await self.sock.send(event)

    async def _handle(self, raw: str | bytes | None) -> None:
        assert self.conversation_id
        ref = None
        try:
            frame = parse_frame(raw, max_bytes=self.rt.max_frame_bytes, known=KNOWN)
            ref = frame.get("client_id")
            kind = frame["type"]
            if kind in LIMITED:
                # Each message costs a model turn: a flood gets told to slow down, not queued
                # up. Counted per conversation and per client address, not per socket.
                await self.rt.limits.message(self.conversation_id, self.address)
            if kind == "ping":
                await self.sock.send({"type": "pong"})
            elif kind == "hello":
                raise InvalidInput("already said hello")
            elif kind == "message":
                client_id = req_str(frame, "client_id", 64)
                accepted = await self.sb.accept_customer_message(
                    self.conversation_id, frame.get("text"), client_id
                )
                # Start the reply before acking: if the socket dies now, the turn still runs
                # and its reply is replayed on reconnect.
                self.rt.spawn(self._respond(client_id))
                await self.sock.send(
                    {
                        "type": "ack",
                        "client_id": client_id,
                        "seq": accepted.turn.seq,
                        "duplicate": accepted.duplicate,
                    }
                )
            elif kind == "request_human":
                await self.sb.request_human(self.conversation_id, opt_str(frame, "reason", 500))
            elif kind == "cancel_human":
                await self.sb.withdraw(self.conversation_id)
                # Back with the bot: what the customer wrote while waiting gets its answers.
                self.rt.spawn(self._respond(None))
            elif kind == "rate":
                await self.sb.rate(
                    self.conversation_id,
                    csat=frame.get("csat"),
                    ces=frame.get("ces"),
                    nps=frame.get("nps"),
                    comment=frame.get("comment"),
                )
                await self.sock.send({"type": "rated"})
        except WarmlineError as exc:
            await self.sock.send(frame_for(exc, ref))
        except Disconnected:
            raise
        except Exception:
            log.exception("customer frame failed in %s", self.conversation_id)
            await self.sock.send(error_frame("internal", "the server failed; try again", ref))

    async def _respond(self, client_id: str | None) -> None:
        """Runs even if the socket drops, so the reply is stored and replayed on reconnect."""
        assert self.conversation_id
        try:
            await self.sb.respond(self.conversation_id)
        except TurnFailed as exc:
            refs = [t.client_id for t in exc.turns]
        except Exception:
            log.exception("turn failed in %s", self.conversation_id)
            refs = [client_id]
        else:
            return
        with contextlib.suppress(Disconnected):
            for ref in refs:
                await self.sock.send(
                    error_frame(
                        "internal", "the assistant could not answer; your message is saved", ref
                    )
                )


@router.websocket("/ws/customer")
async def customer_socket(ws: WebSocket) -> None:
    rt: Runtime = ws.app.state.runtime

    async def session(sock: Socket, address: str) -> None:
        await CustomerSession(sock, rt, address).run()

    await admit(ws, rt, session)
