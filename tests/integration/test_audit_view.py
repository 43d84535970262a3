"""The auditor's API on a real server: search filters, a trace per turn, exports, read-only
role, and every access on the audit log."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.integration.clients import Customer, console, of_type, sign_in
from tests.integration.server import LiveServer
from voc.audit import AuditLog
from voc.db import make_engine, sqlite_url

Json = dict[str, Any]


async def get(server: LiveServer, token: str, path: str, **params: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.http, timeout=60) as http:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await http.get(path, params=params, headers=headers)


@pytest.fixture(scope="module")
async def scene(live_server: LiveServer) -> Json:
    """Two customers: one churns and is handed to Sam and closed as retained; one only asks."""
    tag = uuid.uuid4().hex[:8]
    sam = await console(live_server.ws, await sign_in(live_server.http, "sam"))
    churner = await Customer.start(live_server.ws, customer_id=f"aud-churn-{tag}")
    await churner.say(f"What's my balance? I'm moving everything to another bank {tag}")
    await sam.expect(of_type("handoff", conversation_id=churner.conversation_id))
    await sam.send({"type": "claim", "conversation_id": churner.conversation_id})
    await sam.expect(of_type("claimed"))
    await sam.send(
        {
            "type": "close",
            "conversation_id": churner.conversation_id,
            "disposition": "retained",
        }
    )
    await churner.expect(of_type("state", state="closed"))
    asker = await Customer.start(live_server.ws, customer_id=f"aud-ask-{tag}")
    await asker.say(f"How do I freeze my card? {tag}")
    await asker.reply("bot")
    for c in (sam, churner, asker):
        await c.close()
    return {
        "tag": tag,
        "churner": churner.conversation_id,
        "asker": asker.conversation_id,
        "token": await sign_in(live_server.http, "ava"),
    }


async def ids(server: LiveServer, token: str, **params: Any) -> set[str]:
    r = await get(server, token, "/api/audit/conversations", **params)
    assert r.status_code == 200, r.text
    return {item["id"] for item in r.json()["items"]}


async def test_search_filters_narrow_as_asked(live_server: LiveServer, scene: Json) -> None:
    tok, tag = scene["token"], scene["tag"]
    both = {scene["churner"], scene["asker"]}
    assert await ids(live_server, tok, q=tag) == both
    assert await ids(live_server, tok, q=tag.upper()) == both  # case-insensitive
    assert await ids(live_server, tok, customer_id=f"aud-churn-{tag}") == {scene["churner"]}
    assert await ids(live_server, tok, q=tag, escalated="true") == {scene["churner"]}
    assert await ids(live_server, tok, q=tag, escalated="false") == {scene["asker"]}
    assert await ids(live_server, tok, q=tag, churn_min=0.6) == {scene["churner"]}
    assert await ids(live_server, tok, q=tag, agent="sam") == {scene["churner"]}
    assert await ids(live_server, tok, q=tag, disposition="retained") == {scene["churner"]}
    assert await ids(live_server, tok, q=tag, intent="freeze_card") == {scene["asker"]}
    assert await ids(live_server, tok, q=tag, injection="false") == both
    assert await ids(live_server, tok, q=tag, injection="true") == set()
    today = datetime.now(UTC).date()
    assert await ids(live_server, tok, q=tag, since=today.isoformat()) == both
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert await ids(live_server, tok, q=tag, since=tomorrow) == set()
    assert (
        await ids(live_server, tok, q=tag, until=(today - timedelta(days=1)).isoformat()) == set()
    )
    # LIKE wildcards in the search text are literal characters, not "anything".
    assert scene["churner"] not in await ids(live_server, tok, q="%")
    assert scene["churner"] not in await ids(live_server, tok, q=f"_{tag}")


async def test_a_trace_shows_who_spoke_signals_decision_and_source(
    live_server: LiveServer, scene: Json
) -> None:
    r = await get(live_server, scene["token"], f"/api/audit/conversations/{scene['churner']}")
    assert r.status_code == 200, r.text
    trace = r.json()
    assert trace["summary"]["escalated"] and trace["summary"]["disposition"] == "retained"
    turns = trace["turns"]
    first = turns[0]
    assert first["speaker"] == "customer"
    assert first["signals"]["churn_risk"] >= 0.6
    assert any(e["source"] == "words" for e in first["signals"]["churn_evidence"])
    assert first["decision"]["action"] == "escalate"
    assert "churn_risk" in [t["name"] for t in first["triggers"]]
    assert all(t["detail"] for t in first["triggers"])
    speakers = {t["speaker"] for t in turns}
    assert {"customer", "AI", "system"} <= speakers
    bot = next(t for t in turns if t["speaker"] == "AI")
    assert bot["answer_source"] == "canned"
    assert bot["latency_ms"] is not None
    assert trace["handoffs"][0]["claimed_by"] == "sam"
    asked = await get(live_server, scene["token"], f"/api/audit/conversations/{scene['asker']}")
    answer = next(t for t in asked.json()["turns"] if t["speaker"] == "AI")
    assert answer["answer_source"] == "offline"
    assert answer["citations"] and answer["answer_model"] is None
    question = asked.json()["turns"][0]
    assert question["hits"] and question["hits"][0]["score"] > 0


async def test_exports_parse_and_are_recorded(live_server: LiveServer, scene: Json) -> None:
    tok = scene["token"]
    r = await get(live_server, tok, "/api/audit/export", format="csv", q=scene["tag"])
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["conversation_id"] for row in rows} == {scene["churner"], scene["asker"]}
    r = await get(
        live_server, tok, "/api/audit/export", format="jsonl", conversation_id=scene["asker"]
    )
    lines = r.text.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["summary"]["id"] == scene["asker"]

    data_dir = live_server.config.app.state.runtime.services.settings.store.data_dir
    engine = make_engine(sqlite_url(data_dir))  # the server's engine lives on its own loop
    try:
        mine = [e for e in await AuditLog(engine).entries(limit=100_000) if e.actor == "ava"]
    finally:
        await engine.dispose()
    kinds = {e.kind for e in mine}
    assert {"auditor.search", "auditor.read", "auditor.export"} <= kinds
    exported = [e for e in mine if e.kind == "auditor.export"]
    assert any(scene["asker"] in json.dumps(e.content) for e in exported)


async def test_only_auditors_read_and_auditors_only_read(
    live_server: LiveServer, scene: Json
) -> None:
    agent = await sign_in(live_server.http, "alex")
    r = await get(live_server, agent, "/api/audit/conversations")
    assert r.status_code == 403
    r = await get(live_server, agent, f"/api/audit/conversations/{scene['asker']}")
    assert r.status_code == 403
    no_token = await get(live_server, "", "/api/audit/conversations")
    assert no_token.status_code == 401
    # The auditor cannot read through the agents' routes (unrecorded) nor act in the console.
    tok = scene["token"]
    assert (await get(live_server, tok, "/api/queue")).status_code == 403
    assert (await get(live_server, tok, f"/api/conversations/{scene['asker']}")).status_code == 403
    async with connect(f"{live_server.ws}/ws/console") as ws:
        await ws.send(json.dumps({"type": "auth", "token": tok}))
        frame = json.loads(await ws.recv())
        assert frame["type"] == "error" and frame["code"] == "forbidden"
        await ws.wait_closed()
        assert ws.close_code == 4403
