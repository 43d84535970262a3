"""A real conversation through the real server leaves a complete, verifiable audit trail, and
the AI disclosure shown is on the conversation's record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.types import Disclosure
from tests.integration.clients import Client, Customer, console, of_type, sign_in
from tests.integration.server import LiveServer
from voc.audit import AuditEntry, AuditKind, AuditLog
from voc.audit_verify import verify_chain
from voc.db import make_engine, sqlite_url


@pytest.fixture
async def server_log(live_server: LiveServer) -> AsyncIterator[AuditLog]:
    """The live server's audit log, read through an engine of our own on the same file."""
    settings = live_server.config.app.state.runtime.services.settings  # type: ignore[attr-defined]
    engine = make_engine(sqlite_url(settings.store.data_dir))
    yield AuditLog(engine)
    await engine.dispose()


async def entries_for(log: AuditLog, subject: str) -> list[AuditEntry]:
    return await log.entries(subjects=[subject], limit=10_000)


async def act(agent: Client, kind: str, conversation_id: str, **fields: Any) -> None:
    await agent.send({"type": kind, "conversation_id": conversation_id, **fields})


async def test_conversation_events_are_recorded_in_order_and_verify(
    live_server: LiveServer, server_log: AuditLog
) -> None:
    ws, http = live_server.ws, live_server.http
    before = (await server_log.head()).seq
    async with httpx.AsyncClient(base_url=http) as client:
        r = await client.post("/api/auth/login", json={"username": "alex", "password": "nope"})
        assert r.status_code == 401
    token = await sign_in(http, "alex")
    alex = await console(ws, token)
    customer = await Customer.start(ws, customer_id="audit-cust-1", last_seq=0)
    cid = customer.conversation_id

    await customer.say("My card was stolen, what should I do?")
    answer = await customer.reply("bot")
    await customer.say("I want to talk to a person")
    await alex.expect(of_type("handoff", conversation_id=cid))
    await customer.expect(of_type("state", state="queued"))
    await act(alex, "claim", cid)
    await alex.expect(of_type("claimed", conversation_id=cid))
    await act(alex, "message", cid, client_id="a-1", text="Hello, I'm Alex.")
    await customer.reply("human")
    await act(alex, "handback", cid)
    await customer.expect(of_type("state", state="bot"))
    await customer.send({"type": "request_human"})
    await customer.expect(of_type("state", state="queued"))
    await act(alex, "claim", cid)
    await alex.expect(of_type("claimed", conversation_id=cid))
    await act(alex, "close", cid, disposition="resolved")
    await customer.expect(of_type("state", state="closed"))
    await customer.send({"type": "rate", "csat": 5, "comment": "quick"})
    await customer.expect(of_type("rated"))

    trail = await entries_for(server_log, cid)
    kinds = [e.kind for e in trail]
    assert kinds == [
        "conversation.opened",
        "disclosure.shown",
        "turn.customer",
        "decision",
        "turn.bot",
        "turn.customer",
        "decision",
        "turn.bot",
        "handoff",
        "claim",
        "turn.human",
        "handback",
        "handoff",
        "claim",
        "close",
        "survey",
    ], kinds
    by_kind = {e.kind: e for e in trail}  # the last of each kind
    assert trail[0].actor == "customer" and trail[0].content == {
        "customer_id": "audit-cust-1",
        "language": "en",
        "channel": "web",
    }
    assert trail[2].content and trail[2].content["text"] == "My card was stolen, what should I do?"
    decision = trail[3].content or {}
    assert decision["turn_seq"] == trail[2].content["seq"]
    assert decision["hits"] and decision["answer_source"]
    assert (trail[4].content or {})["seq"] == answer["seq"]
    assert trail[8].actor == "bot" or (trail[8].content or {}).get("reason") == "customer_asked"
    assert by_kind["claim"].actor == "alex" and by_kind["turn.human"].actor == "alex"
    assert (by_kind["close"].content or {})["disposition"] == "resolved"
    assert (by_kind["survey"].content or {})["csat"] == 5
    # No personal data in headers: a customer acts as "customer", their id is in the content.
    assert all("audit-cust-1" not in (e.actor + e.subject) for e in trail)

    signins = [
        e
        for e in await server_log.entries(after_seq=before, limit=10_000)
        if e.kind in {AuditKind.LOGIN, AuditKind.LOGIN_FAILED}
    ]
    assert [(e.kind, e.actor) for e in signins][:2] == [
        ("login.failed", "unknown"),
        ("login", "alex"),
    ]
    assert signins[0].content == {"username": "alex"}
    config = await server_log.last(AuditKind.CONFIG)
    assert config and config.content and len(str(config.content["fingerprint"])) == 64
    assert "warmline-demo" not in str(config.content)  # secrets are masked

    report = await verify_chain(server_log.engine)
    assert report.ok, report.problems
    await alex.close()
    await customer.close()


async def test_disclosure_shown_is_stored_with_the_conversation(
    live_server: LiveServer, server_log: AuditLog
) -> None:
    ws, http = live_server.ws, live_server.http
    settings = live_server.config.app.state.runtime.services.settings  # type: ignore[attr-defined]
    expected = Disclosure.of(settings.server.disclosure, settings.server.disclosure_version)
    started = datetime.now(UTC) - timedelta(seconds=1)
    customer = await Customer.start(ws, last_seq=0)
    welcome = customer.welcome  # type: ignore[attr-defined]
    assert welcome["disclosure"] == expected.text
    assert welcome["disclosure_version"] == expected.version
    assert expected.version.startswith("sha256:")

    token = await sign_in(http, "alex")
    async with httpx.AsyncClient(base_url=http) as client:
        r = await client.get(
            f"/api/conversations/{customer.conversation_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
    disclosure = r.json()["conversation"]["disclosure"]
    assert disclosure["text"] == expected.text
    assert disclosure["version"] == expected.version
    shown_at = datetime.fromisoformat(disclosure["shown_at"])
    assert started <= shown_at <= datetime.now(UTC)

    # Reconnecting shows it again but keeps the first showing on record, and audits it once.
    await customer.close()
    again = await Customer.resume(ws, customer, last_seq=0)
    async with httpx.AsyncClient(base_url=http) as client:
        r = await client.get(
            f"/api/conversations/{customer.conversation_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert r.json()["conversation"]["disclosure"]["shown_at"] == disclosure["shown_at"]
    shown = [
        e
        for e in await entries_for(server_log, customer.conversation_id)
        if e.kind == AuditKind.DISCLOSURE_SHOWN
    ]
    assert len(shown) == 1
    assert shown[0].content and shown[0].content["version"] == expected.version
    assert shown[0].content["text"] == expected.text
    await again.close()


def test_disclosure_version_is_the_setting_or_a_hash_of_the_text() -> None:
    assert Disclosure.of("You talk to an AI.", "2026-11").version == "2026-11"
    a, b = Disclosure.of("You talk to an AI."), Disclosure.of("You talk to an AI!")
    assert a.version != b.version and a.version == Disclosure.of("You talk to an AI.").version
