"""Bad input gets a clear error and loses nothing."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.integration.clients import Client, Customer, console, of_type, sign_in
from tests.integration.server import LiveServer


async def test_malformed_and_oversized_frames_get_errors_and_lose_nothing(
    live_server: LiveServer,
) -> None:
    customer = await Customer.start(live_server.ws, customer_id="bad-input")
    first = await customer.say("How do I freeze my card?")
    await customer.reply("bot")

    await customer.send("{not json")
    assert (await customer.expect(of_type("error")))["code"] == "bad_json"
    await customer.send("[1, 2, 3]")
    assert (await customer.expect(of_type("error")))["code"] == "bad_json"
    await customer.conn.send(b"\x00\x01binary")
    assert (await customer.expect(of_type("error")))["code"] == "bad_json"
    await customer.send({"type": "message", "client_id": "big", "text": "x" * 20_000})
    assert (await customer.expect(of_type("error")))["code"] == "too_large"
    await customer.send({"type": "message", "client_id": "long", "text": "y" * 4001})
    err = await customer.expect(of_type("error"))
    assert err["code"] == "too_large" and err["ref"] == "long"
    await customer.send({"type": "launch_missiles"})
    assert (await customer.expect(of_type("error")))["code"] == "unknown_type"
    await customer.send({"type": "message", "text": "no client id"})
    assert (await customer.expect(of_type("error")))["code"] == "invalid"
    await customer.send({"type": "message", "client_id": "empty", "text": "   "})
    assert (await customer.expect(of_type("error")))["code"] == "invalid"
    await customer.send({"type": "rate", "csat": 9})
    assert (await customer.expect(of_type("error")))["code"] == "invalid"

    # The socket is still usable and everything stored before is still there.
    await customer.send({"type": "ping"})
    await customer.expect(of_type("pong"))
    second = await customer.say("And how do I unfreeze it?")
    assert second["seq"] > first["seq"]
    await customer.close()

    again = await Customer.resume(live_server.ws, customer, last_seq=0)
    await again.expect(
        lambda f: f.get("type") == "message" and f.get("text") == "And how do I unfreeze it?"
    )
    texts = [f["text"] for f in again.frames if f.get("type") == "message"]
    assert texts[0] == "How do I freeze my card?"
    assert not any("x" * 100 in t or "y" * 100 in t for t in texts)
    await again.close()


async def test_unknown_conversation_and_frames_before_hello(live_server: LiveServer) -> None:
    c = await Client.open(f"{live_server.ws}/ws/customer")
    await c.send({"type": "message", "client_id": "a", "text": "hi"})
    assert (await c.expect(of_type("error")))["code"] == "not_ready"
    await c.send({"type": "hello", "conversation_id": "c_doesnotexist"})
    assert (await c.expect(of_type("error")))["code"] == "not_found"
    with pytest.raises(ConnectionClosed) as closed:
        await c.expect(lambda f: False, timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404


async def test_resent_message_is_not_doubled_and_reconnect_replays(
    live_server: LiveServer,
) -> None:
    customer = await Customer.start(live_server.ws, customer_id="resender")
    ack1 = await customer.say("What are your phone line opening hours?", client_id="same-id")
    await customer.reply("bot")
    ack2 = await customer.say("What are your phone line opening hours?", client_id="same-id")
    assert ack2["seq"] == ack1["seq"] and ack2["duplicate"] is True
    seen = max(f["seq"] for f in customer.frames if f.get("type") == "message")
    await customer.close()

    # Drop the socket right after sending: the reply is still produced and replayed later.
    dropper = await Customer.resume(live_server.ws, customer, last_seq=seen)
    await dropper.send(
        {
            "type": "message",
            "client_id": "drop-1",
            "text": "How long does a replacement card take to arrive?",
        }
    )
    await dropper.expect(of_type("ack", client_id="drop-1"))
    await dropper.close()
    await asyncio.sleep(0.1)
    back = await Customer.resume(live_server.ws, customer, last_seq=seen)
    reply = await back.expect(of_type("message", role="bot"))
    assert reply["seq"] > seen
    replayed = [f for f in back.frames if f.get("type") == "message"]
    assert replayed[0]["client_id"] == "drop-1"
    assert len([f for f in replayed if f.get("client_id") == "same-id"]) == 0
    await back.close()


async def test_console_rejects_bad_tokens_and_unowned_actions(live_server: LiveServer) -> None:
    c = await Client.open(f"{live_server.ws}/ws/console")
    await c.send({"type": "auth", "token": "nope"})
    assert (await c.expect(of_type("error")))["code"] == "unauthorized"
    with pytest.raises(ConnectionClosed) as closed:
        await c.expect(lambda f: False, timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401

    agent = await console(live_server.ws, await sign_in(live_server.http, "sam"))
    await agent.send({"type": "claim", "conversation_id": "c_missing"})
    assert (await agent.expect(of_type("error")))["code"] == "not_found"
    customer = await Customer.start(live_server.ws)
    await agent.send(
        {
            "type": "message",
            "conversation_id": customer.conversation_id,
            "client_id": "x",
            "text": "hello",
        }
    )
    assert (await agent.expect(of_type("error")))["code"] == "not_owner"
    await agent.send({"type": "claim", "conversation_id": customer.conversation_id})
    assert (await agent.expect(of_type("error")))["code"] == "illegal_transition"
    await agent.send(
        json.dumps(
            {"type": "close", "conversation_id": customer.conversation_id, "disposition": "bogus"}
        )
    )
    assert (await agent.expect(of_type("error")))["code"] == "invalid"
    await customer.close()
    await agent.close()

    async with httpx.AsyncClient(base_url=live_server.http) as http:
        assert (await http.get("/api/queue")).status_code == 401
        bad = await http.post("/api/auth/login", json={"username": "sam", "password": "wrong"})
        assert bad.status_code == 401
        token = await sign_in(live_server.http, "sam")
        r = await http.get(
            "/api/conversations/c_nope", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


async def test_a_flood_is_told_to_slow_down(live_server: LiveServer) -> None:
    customer = await Customer.start(live_server.ws, customer_id="flooder")
    for _ in range(12):
        await customer.send({"type": "rate", "csat": 5})
    answers = [await customer.expect(lambda f: f["type"] in {"rated", "error"}) for _ in range(12)]
    assert [a["type"] for a in answers[:8]] == ["rated"] * 8
    assert any(a.get("code") == "rate_limited" for a in answers[8:])
    await customer.send({"type": "ping"})
    await customer.expect(of_type("pong"))  # still connected
    await customer.close()
