"""A real server process that can be killed, and customers that survive it.

``ServerProcess`` runs ``python -m api.cli serve`` on a data folder and can SIGKILL it.
``CrashCustomer`` follows docs/protocol.md the way a careful client must: it keeps its resume
token and ``last_seq``, resends every unacknowledged message after a reconnect (same
``client_id``), and records every frame it sees so a test can audit the conversation.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

REPO = Path(__file__).parents[2]
Frame = dict[str, Any]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``warmline serve`` as an operator runs it, on a fixed port and data folder."""

    def __init__(self, env: dict[str, str], port: int, log_path: Path) -> None:
        self.env = env
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start {self.starts} =====\n".encode())
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
                env=self.env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def wait_ready(self, timeout: float = 300.0) -> float:
        """Seconds until ``/healthz`` answers (model load, schema, knowledge base)."""
        started = time.monotonic()
        async with httpx.AsyncClient(base_url=self.http, timeout=2.0) as http:
            while time.monotonic() - started < timeout:
                assert self.proc is not None
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited early; see {self.log_path}")
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get("/healthz")).status_code == 200:
                        return time.monotonic() - started
                await asyncio.sleep(0.2)
        raise TimeoutError(f"server not ready after {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no lifespan shutdown, no drain, whatever was in flight is cut off."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Question:
    text: str
    client_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    seq: int | None = None  # from the ack


@dataclass
class CrashCustomer:
    """One customer asking ``questions`` in order without waiting for answers."""

    name: str
    questions: list[Question]
    ws_base: str
    pause_s: tuple[float, float] = (0.05, 0.6)
    conversation_id: str | None = None
    resume_token: str | None = None
    last_seq: int = 0
    messages: dict[int, Frame] = field(default_factory=dict)  # seq -> message frame
    errors: list[Frame] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)  # (expected, got)
    duplicate_acks: int = 0
    connects: int = 0
    _next: int = 0  # index of the next question never sent

    @property
    def unacked(self) -> list[Question]:
        return [q for q in self.questions[: self._next] if q.seq is None]

    def acked(self) -> int:
        return sum(q.seq is not None for q in self.questions)

    def answered(self) -> bool:
        """Every question acked and answered (a bot message with ``reply_to`` = its seq)."""
        if self._next < len(self.questions) or self.unacked:
            return False
        replied = {m.get("reply_to") for m in self.messages.values() if m["role"] == "bot"}
        return all(q.seq in replied for q in self.questions)

    def pending_answers(self) -> int:
        replied = {m.get("reply_to") for m in self.messages.values() if m["role"] == "bot"}
        return sum(q.seq is not None and q.seq not in replied for q in self.questions)

    async def run(self, until: float) -> None:
        while time.monotonic() < until and not self.answered():
            try:
                async with connect(
                    f"{self.ws_base}/ws/customer", open_timeout=3, max_size=2**22
                ) as conn:
                    self.connects += 1
                    await self._session(conn, until)
            except (OSError, WebSocketException, TimeoutError):
                pass
            await asyncio.sleep(random.uniform(0.1, 0.4))

    async def _session(self, conn: ClientConnection, until: float) -> None:
        await conn.send(
            json.dumps(
                {
                    "type": "hello",
                    "conversation_id": self.conversation_id,
                    "resume_token": self.resume_token,
                    "customer_id": self.name,
                    "last_seq": self.last_seq,
                }
            )
        )
        welcomed = asyncio.Event()
        reader = asyncio.create_task(self._read(conn, welcomed))
        try:
            await asyncio.wait_for(welcomed.wait(), 10)
            # Per protocol: everything not acked is resent, in order, with its client_id.
            for q in self.unacked:
                await conn.send(self._frame(q))
            while self._next < len(self.questions):
                await asyncio.sleep(random.uniform(*self.pause_s))
                q = self.questions[self._next]
                self._next += 1
                await conn.send(self._frame(q))
            while not self.answered() and time.monotonic() < until:
                if reader.done():
                    break
                await asyncio.sleep(0.1)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketException, OSError):
                await reader
        if reader.done() and not reader.cancelled() and reader.exception():
            raise reader.exception()  # type: ignore[misc]

    @staticmethod
    def _frame(q: Question) -> str:
        return json.dumps({"type": "message", "client_id": q.client_id, "text": q.text})

    async def _read(self, conn: ClientConnection, welcomed: asyncio.Event) -> None:
        by_client = {q.client_id: q for q in self.questions}
        async for raw in conn:
            f = json.loads(raw)
            kind = f.get("type")
            if kind == "welcome":
                if self.conversation_id is None:
                    self.conversation_id = f["conversation_id"]
                    self.resume_token = f.get("resume_token")
                welcomed.set()
            elif kind == "message":
                seq = f["seq"]
                if seq != self.last_seq + 1:
                    self.gaps.append((self.last_seq + 1, seq))
                self.messages[seq] = f
                self.last_seq = max(self.last_seq, seq)
            elif kind == "ack":
                q = by_client[f["client_id"]]
                if q.seq is not None:
                    self.duplicate_acks += 1
                q.seq = f["seq"]
            elif kind == "error":
                self.errors.append(f)


async def transcript(ws_base: str, c: CrashCustomer) -> list[Frame]:
    """The whole stored conversation, as a fresh reconnect with ``last_seq`` 0 replays it."""
    async with connect(f"{ws_base}/ws/customer", max_size=2**22) as conn:
        await conn.send(
            json.dumps(
                {
                    "type": "hello",
                    "conversation_id": c.conversation_id,
                    "resume_token": c.resume_token,
                    "customer_id": c.name,
                    "last_seq": 0,
                }
            )
        )
        out: list[Frame] = []
        async for raw in conn:
            f = json.loads(raw)
            if f["type"] == "message":
                out.append(f)
            elif f["type"] == "state":
                return out
            elif f["type"] == "error":
                raise AssertionError(f"replay refused: {f}")
    return out


@dataclass
class Audit:
    """What went wrong across all customers; every field should be 0."""

    lost: int = 0
    duplicated: int = 0
    reordered: int = 0
    unanswered: int = 0
    answered_twice: int = 0
    misattributed: int = 0  # a reply_to pointing at another question
    wrong_article: int = 0  # the answer to question q does not cite q's article
    # Protocol-agnostic views (they also work against a server without ``reply_to``):
    uncited: int = 0  # a question whose article no bot answer in its conversation cites
    stale_answers: int = 0  # an answer citing an earlier question's article, not the latest one
    gaps: int = 0
    notes: list[str] = field(default_factory=list)

    def failures(self) -> dict[str, int]:
        # stale_answers is how an old client (no reply_to) would misread a pipelined answer;
        # with reply_to it is expected whenever a customer asks again before the answer.
        skip = {"notes", "stale_answers"}
        return {k: v for k, v in vars(self).items() if k not in skip and v}


def audit(customers: list[tuple[CrashCustomer, list[Frame]]], articles: dict[str, str]) -> Audit:
    """Compare what each customer sent with what the server stored and answered."""
    a = Audit()
    for c, turns in customers:
        a.gaps += len(c.gaps)
        mine = [t for t in turns if t["role"] == "customer"]
        sent = [q.client_id for q in c.questions]
        stored = [t["client_id"] for t in mine]
        a.lost += len(set(sent) - set(stored))
        a.duplicated += len(stored) - len(set(stored))
        order = [cid for cid in stored if cid in sent]
        if order != [cid for cid in sent if cid in order]:
            a.reordered += 1
            a.notes.append(f"{c.name}: stored order {order} != sent {sent}")
        text_of = {t["seq"]: t["text"] for t in mine}
        bots = [t for t in turns if t["role"] == "bot"]
        for t in mine:
            replies = [b for b in bots if b.get("reply_to") == t["seq"]]
            if not replies:
                a.unanswered += 1
            elif len(replies) > 1:
                a.answered_twice += 1
            for b in replies:
                cited = (b.get("citations") or [{}])[0].get("article_id", "")
                if not cited.startswith(articles[t["text"]]):
                    a.wrong_article += 1
                    a.notes.append(f"{c.name} seq {t['seq']} {t['text']!r} answered with {cited}")
        cited_all = {(b.get("citations") or [{}])[0].get("article_id", "") for b in bots}
        for t in mine:
            if not any(x.startswith(articles[t["text"]]) for x in cited_all if x):
                a.uncited += 1
        for b in bots:
            if b.get("reply_to") is not None and b["reply_to"] not in text_of:
                a.misattributed += 1
            # Read as an old client would: the answer belongs to the latest question before it.
            before = [t for t in mine if t["seq"] < b["seq"]]
            cited = (b.get("citations") or [{}])[0].get("article_id", "")
            latest = articles[before[-1]["text"]] if before else ""
            if (
                cited
                and latest
                and not cited.startswith(latest)
                and any(cited.startswith(articles[t["text"]]) for t in before[:-1])
            ):
                a.stale_answers += 1
    return a
