"""Abuse limits on the customer socket, keyed by conversation and by client address (not by
socket), checked against a server configured with low limits (tests/conftest.py)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.integration.clients import Client, Customer, of_type
from tests.integration.server import LiveServer


def addr(n: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"203.0.113.{n}"}


async def send_many(c: Customer, n: int, tag: str) -> None:
    for i in range(n):
        await c.send({"type": "message", "client_id": f"{tag}-{i}", "text": f"question {i}"})


async def answers(c: Customer, n: int) -> list[dict[str, object]]:
    return [
        await c.expect(lambda f: f["type"] == "ack" or f.get("code") == "rate_limited")
        for _ in range(n)
    ]


async def test_message_rate_is_per_conversation_not_per_socket(
    limited_server: LiveServer,
) -> None:
    # Conversation burst 4, then 1 a minute; the address budget (10) is not the limit here.
    first = await Customer.start(limited_server.ws, addr(1))
    resume = {k: v for k, v in first.welcome.items() if k in {"resume", "resume_token"}}  # type: ignore[attr-defined]
    others = [
        await Customer.start(
            limited_server.ws, addr(1), conversation_id=first.conversation_id, **resume
        )
        for _ in range(4)
    ]
    sockets = [first, *others]
    for i, c in enumerate(sockets):
        await send_many(c, 3, f"s{i}")
    got = [a for c in sockets for a in await answers(c, 3)]
    acked = [a for a in got if a["type"] == "ack"]
    assert len(acked) == 4, got
    limited = [a for a in got if a["type"] == "error"]
    assert len(limited) == 11
    assert all(float(str(a["retry_after"])) > 0 for a in limited)
    for c in sockets:
        await c.close()


async def test_message_rate_is_per_client_address(limited_server: LiveServer) -> None:
    # Four conversations from one address, 3 messages each (under the conversation burst of 4):
    # the address budget of 10 is what stops them.
    sockets = [await Customer.start(limited_server.ws, addr(2)) for _ in range(4)]
    for i, c in enumerate(sockets):
        await send_many(c, 3, f"a{i}")
    got = [a for c in sockets for a in await answers(c, 3)]
    assert len([a for a in got if a["type"] == "ack"]) == 10
    # Another address is not affected.
    other = await Customer.start(limited_server.ws, addr(3))
    await send_many(other, 1, "b")
    assert (await answers(other, 1))[0]["type"] == "ack"
    for c in [*sockets, other]:
        await c.close()


async def test_new_conversations_per_address_are_capped(limited_server: LiveServer) -> None:
    # Burst 5, then 1 an hour.
    sockets = [await Customer.start(limited_server.ws, addr(4)) for _ in range(5)]
    extra = await Client.open(f"{limited_server.ws}/ws/customer", addr(4))
    await extra.send({"type": "hello"})
    err = await extra.expect(lambda f: f["type"] in {"welcome", "error"})
    assert err["type"] == "error" and err["code"] == "rate_limited", err
    assert float(err["retry_after"]) > 60
    # Continuing an existing conversation is not a new one.
    first = sockets[0]
    resume = {k: v for k, v in first.welcome.items() if k in {"resume", "resume_token"}}  # type: ignore[attr-defined]
    await extra.send({"type": "hello", "conversation_id": first.conversation_id, **resume})
    await extra.expect(of_type("welcome", conversation_id=first.conversation_id))
    for c in [*sockets, extra]:
        await c.close()


async def test_a_socket_that_never_says_hello_is_closed(limited_server: LiveServer) -> None:
    # WARMLINE_LIMIT_HELLO_TIMEOUT_S=2; pings do not extend it.
    started = time.monotonic()
    c = await Client.open(f"{limited_server.ws}/ws/customer", addr(5))
    await c.send({"type": "ping"})
    await c.expect(of_type("pong"))
    assert (await c.expect(of_type("error"), timeout=10))["code"] == "timeout"
    with pytest.raises(ConnectionClosed) as closed:
        await c.expect(lambda f: False, timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4408
    assert 1.5 < time.monotonic() - started < 6


async def test_sockets_per_address_are_capped(limited_server: LiveServer) -> None:
    # WARMLINE_LIMIT_SOCKETS_PER_ADDRESS=6, customer and console sockets together.
    held = [await Client.open(f"{limited_server.ws}/ws/customer", addr(6)) for _ in range(5)]
    held.append(await Client.open(f"{limited_server.ws}/ws/console", addr(6)))
    over = await Client.open(f"{limited_server.ws}/ws/customer", addr(6))
    err = await over.expect(of_type("error"), timeout=5)
    assert err["code"] == "too_many_connections"
    with pytest.raises(ConnectionClosed) as closed:
        await over.expect(lambda f: False, timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    # A slot frees when a socket closes.
    await held.pop().close()
    await asyncio.sleep(0.2)
    again = await Client.open(f"{limited_server.ws}/ws/customer", addr(6))
    await again.send(json.dumps({"type": "ping"}))
    await again.expect(of_type("pong"))
    for c in [*held, again]:
        await c.close()


async def test_a_slow_partial_request_is_cut_off(limited_server: LiveServer) -> None:
    # WARMLINE_SERVE_REQUEST_TIMEOUT_S=1: a request head trickling in byte by byte (slowloris)
    # does not hold the connection.
    reader, writer = await asyncio.open_connection("127.0.0.1", limited_server.port)
    started = time.monotonic()
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: warmline\r\nX-Slow: ")
    await writer.drain()

    async def trickle() -> None:
        for _ in range(50):
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(0.2)

    task = asyncio.create_task(trickle())
    try:
        assert await asyncio.wait_for(reader.read(), timeout=8) == b""  # closed by the server
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await task
        writer.close()
    assert time.monotonic() - started < 4
    # A request that arrives at normal speed is served.
    async with httpx.AsyncClient(base_url=limited_server.http) as client:
        assert (await client.get("/healthz")).status_code == 200
