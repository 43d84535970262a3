"""Socket behaviour the protocol promises at the edges: who closed a chat, and oversize frames."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed

from api.settings import ServerSettings
from tests.integration.clients import Client, Customer, console, of_type, sign_in
from tests.integration.server import LiveServer


async def test_closed_state_names_the_person_who_closed_it(live_server: LiveServer) -> None:
    agent = await console(live_server.ws, await sign_in(live_server.http, "sam"))
    customer = await Customer.start(live_server.ws, customer_id="closed-by-person")
    cid = customer.conversation_id
    await customer.send({"type": "request_human"})
    await customer.expect(of_type("state", state="queued"))
    await agent.send({"type": "claim", "conversation_id": cid})
    await agent.expect(of_type("claimed", conversation_id=cid))
    await customer.expect(of_type("state", state="human"))
    await agent.send({"type": "close", "conversation_id": cid, "disposition": "resolved"})

    closed = await customer.expect(of_type("state", state="closed"))
    assert closed["agent"] == "Sam Chen"
    on_console = await agent.expect(of_type("state", state="closed", conversation_id=cid))
    assert on_console["agent"] == "Sam Chen"
    await customer.close()
    # a reconnecting customer is told the same
    back = await Customer.resume(live_server.ws, customer, last_seq=10_000)
    assert [f for f in back.frames if f["type"] == "state"][-1]["agent"] == "Sam Chen"
    await back.close()
    await agent.close()


async def test_closing_a_waiting_chat_names_who_closed_it(live_server: LiveServer) -> None:
    agent = await console(live_server.ws, await sign_in(live_server.http, "alex"))
    customer = await Customer.start(live_server.ws, customer_id="closed-while-queued")
    await customer.send({"type": "request_human"})
    await customer.expect(of_type("state", state="queued"))
    await agent.send(
        {"type": "close", "conversation_id": customer.conversation_id, "disposition": "no_action"}
    )
    closed = await customer.expect(of_type("state", state="closed"))
    assert closed["agent"] == "Alex Morgan"
    await customer.close()
    await agent.close()


async def test_frames_above_the_limit_get_too_large_up_to_the_transport_limit(
    live_server: LiveServer,
) -> None:
    hard = live_server.config.ws_max_size
    assert hard == ServerSettings().ws_max_bytes and hard > 1024 * 1024
    customer = await Customer.start(live_server.ws, customer_id="big-frames")
    big = json.dumps({"type": "message", "client_id": "big", "text": "x" * (1024 * 1024 + 10)})
    await customer.send(big)
    err = await customer.expect(of_type("error"))
    assert err["code"] == "too_large"
    almost = "y" * (hard - 100)
    await customer.send(almost)
    assert (await customer.expect(of_type("error")))["code"] == "too_large"
    await customer.send({"type": "ping"})
    await customer.expect(of_type("pong"))

    # Above the transport limit the socket is closed with 1009, as docs/protocol.md says.
    await customer.send("z" * (hard + 1))
    with pytest.raises(ConnectionClosed) as closed:
        await customer.expect(lambda f: False, timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


async def test_console_frames_above_the_limit_get_too_large(live_server: LiveServer) -> None:
    agent: Client = await console(live_server.ws, await sign_in(live_server.http, "sam"))
    await agent.send("x" * (1024 * 1024 + 10))
    assert (await agent.expect(of_type("error")))["code"] == "too_large"
    await agent.send({"type": "ping"})
    await agent.expect(of_type("pong"))
    await agent.close()
