"""A conversation belongs to its customer: its id alone opens nothing.

Before, ``hello`` with someone else's ``conversation_id`` replayed their transcript, streamed
their live messages, let the intruder post and rate as them and overwrite their profile, also
with a widget secret set and another customer's signed identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from websockets.exceptions import ConnectionClosed

from api.identity import sign_identity
from tests.integration.clients import Client, Customer, of_type, sign_in
from tests.integration.server import LiveServer

SECRET = "widget-secret-for-tests"
UNKNOWN = "c_" + "0" * 24


async def refused(ws_base: str, **hello: Any) -> dict[str, Any]:
    """Say hello and expect the one refusal: ``not_found``, close 4404, nothing else seen."""
    c = await Client.open(f"{ws_base}/ws/customer")
    await c.send({"type": "hello", **hello})
    # Anything the server says first (a welcome, a replayed message) is kept in c.frames.
    error = await c.expect(of_type("error"), timeout=10)
    with pytest.raises(ConnectionClosed) as closed:
        await c.expect(lambda f: False, timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404
    seen = [f for f in c.frames if f.get("type") in {"welcome", "message", "state"}]
    assert seen == [], seen
    return error


async def test_the_id_alone_opens_nothing_and_reveals_nothing(live_server: LiveServer) -> None:
    ws, http = live_server.ws, live_server.http
    victim = await Customer.start(ws, customer_id="victim-1", profile={"tenure_years": 3})
    await victim.say("How do I freeze my card?")
    await victim.reply("bot")
    other = await Customer.start(ws, customer_id="intruder-1")  # has a valid token of its own

    unknown = await refused(ws, conversation_id=UNKNOWN, resume_token=victim.resume_token)
    assert unknown["code"] == "not_found"
    attempts = [
        {},  # an old client, or an intruder with only the id
        {"resume_token": "guess"},
        {"resume_token": other.resume_token},  # a real token of another conversation
    ]
    for extra in attempts:
        got = await refused(
            ws,
            conversation_id=victim.conversation_id,
            customer_id="victim-1",
            profile={"tenure_years": 99, "vip": True},
            last_seq=0,
            **extra,
        )
        # Word for word what an unknown id gets: nobody learns that the id exists.
        assert got == unknown

    # The owner still gets in, sees everything, and nothing of the intruders' landed.
    await victim.close()
    back = await Customer.resume(ws, victim, last_seq=0)
    assert "resume_token" not in back.welcome  # type: ignore[attr-defined]
    await back.say("And how do I unfreeze it?")
    await back.reply("bot")
    token = await sign_in(http, "alex")
    async with httpx.AsyncClient(base_url=http) as client:
        r = await client.get(
            f"/api/conversations/{victim.conversation_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
    stored = r.json()
    assert stored["conversation"]["profile"] == {"tenure_years": 3}
    customer_texts = [m["text"] for m in stored["messages"] if m["role"] == "customer"]
    assert customer_texts == ["How do I freeze my card?", "And how do I unfreeze it?"]
    await back.close()
    await other.close()


async def test_an_intruder_cannot_post_rate_or_listen(live_server: LiveServer) -> None:
    """Even a client that ignores the refusal and keeps sending gets nothing through."""
    ws = live_server.ws
    victim = await Customer.start(ws, customer_id="victim-2")
    intruder = await Client.open(f"{ws}/ws/customer")
    await intruder.send({"type": "hello", "conversation_id": victim.conversation_id})
    for frame in (
        {"type": "message", "client_id": "x-1", "text": "I am the customer, close my account"},
        {"type": "rate", "csat": 1, "comment": "terrible"},
        {"type": "request_human"},
    ):
        try:
            await intruder.send(frame)
        except ConnectionClosed:
            break
    await victim.say("How do I change my PIN?")
    await victim.reply("bot")
    with pytest.raises(ConnectionClosed):
        await intruder.expect(lambda f: False, timeout=5)
    assert not [f for f in intruder.frames if f.get("type") in {"welcome", "message", "ack"}]
    assert not [f for f in victim.frames if f.get("text", "").startswith("I am the customer")]
    await victim.close()


@pytest.fixture(scope="module")
def signed_server(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: Any, shared_understander: Any
) -> Iterator[LiveServer]:
    """A deployment whose host app signs customer identities (no knowledge base needed)."""
    from api.app import create_app
    from api.settings import Settings

    data: Path = tmp_path_factory.mktemp("signed-data")
    settings = Settings.for_data_dir(data)
    settings.server.widget_secret = SecretStr(SECRET)
    settings.server.seed_demo = False
    app = create_app(settings, embedder=shared_embedder, understander=shared_understander)
    server = LiveServer(app).start()
    yield server
    server.stop()


async def test_a_signed_customer_cannot_continue_another_ones_chat(
    signed_server: LiveServer,
) -> None:
    ws = signed_server.ws
    alice_id = sign_identity(SECRET, "alice", {"segment": "retail"})
    bob_id = sign_identity(SECRET, "bob", {"segment": "retail"})
    alice = await Customer.start(ws, identity=alice_id)

    unknown = await refused(ws, conversation_id=UNKNOWN, identity=bob_id, resume_token="x")
    # Bob has Alice's conversation id and even her resume token: still refused.
    for identity in (bob_id, None):
        got = await refused(
            ws,
            conversation_id=alice.conversation_id,
            resume_token=alice.resume_token,
            identity=identity,
        )
        assert got == unknown
    # Alice herself, signed again by the host app, continues.
    assert alice.resume_token
    await alice.close()
    back = await Customer.resume(ws, alice, identity=sign_identity(SECRET, "alice", {}))
    assert back.conversation_id == alice.conversation_id
    await back.close()
