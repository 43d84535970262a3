"""Tiny WebSocket test clients that keep every frame they receive."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

Frame = dict[str, Any]


class Client:
    def __init__(self, conn: ClientConnection) -> None:
        self.conn = conn
        self.frames: list[Frame] = []
        self._taken: set[int] = set()

    @classmethod
    async def open(cls, url: str, headers: dict[str, str] | None = None) -> Client:
        return cls(await connect(url, max_size=2**22, additional_headers=headers))

    async def send(self, frame: Frame | str) -> None:
        await self.conn.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def expect(self, pred: Callable[[Frame], bool], timeout: float = 30.0) -> Frame:
        """The first not-yet-taken frame matching ``pred``, waiting for it if needed.

        Every frame received is kept in ``frames``; each can be taken by one ``expect``.
        """
        for i, frame in enumerate(self.frames):
            if i not in self._taken and pred(frame):
                self._taken.add(i)
                return frame

        async def loop() -> Frame:
            while True:
                frame = json.loads(await self.conn.recv())
                self.frames.append(frame)
                if pred(frame):
                    self._taken.add(len(self.frames) - 1)
                    return frame

        return await asyncio.wait_for(loop(), timeout)

    async def close(self) -> None:
        await self.conn.close()


def of_type(kind: str, **fields: Any) -> Callable[[Frame], bool]:
    return lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in fields.items())


class Customer(Client):
    conversation_id: str = ""
    resume_token: str = ""  # from welcome (new conversation) or the hello that resumed one

    @classmethod
    async def start(
        cls, ws_base: str, headers: dict[str, str] | None = None, **hello: Any
    ) -> Customer:
        c = await cls.open(f"{ws_base}/ws/customer", headers)
        assert isinstance(c, Customer)
        await c.send({"type": "hello", **hello})
        welcome = await c.expect(of_type("welcome"))
        c.conversation_id = welcome["conversation_id"]
        c.resume_token = welcome.get("resume_token") or hello.get("resume_token") or ""
        c.welcome = welcome  # type: ignore[attr-defined]
        await c.expect(of_type("state"))
        return c

    @classmethod
    async def resume(cls, ws_base: str, earlier: Customer, **hello: Any) -> Customer:
        """Continue ``earlier``'s conversation the way its client would (id + resume token)."""
        return await cls.start(
            ws_base,
            conversation_id=earlier.conversation_id,
            resume_token=earlier.resume_token,
            **hello,
        )

    async def say(self, text: str, client_id: str | None = None) -> Frame:
        client_id = client_id or uuid.uuid4().hex
        await self.send({"type": "message", "client_id": client_id, "text": text})
        return await self.expect(of_type("ack", client_id=client_id))

    async def reply(self, role: str = "bot", timeout: float = 30.0) -> Frame:
        return await self.expect(of_type("message", role=role), timeout)


async def sign_in(
    http_base: str,
    username: str,
    password: str = "warmline-demo",
    headers: dict[str, str] | None = None,
) -> str:
    async with httpx.AsyncClient(base_url=http_base, headers=headers) as http:
        r = await http.post("/api/auth/login", json={"username": username, "password": password})
        r.raise_for_status()
        return str(r.json()["token"])


async def console(ws_base: str, token: str, headers: dict[str, str] | None = None) -> Client:
    """A signed-in console socket: the token goes in the first frame, never in the URL."""
    c = await Client.open(f"{ws_base}/ws/console", headers)
    await c.send({"type": "auth", "token": token})
    await c.expect(of_type("queue"))
    return c
