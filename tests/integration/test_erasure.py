"""Erasure on request (the auditor's action) and by retention (`warmline erase --expired`).

A customer with several conversations, handoffs and surveys is erased through the running
server; then every file under the data folder is scanned for their words and id, the counts are
compared with those before, and the audit chain is verified.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from domain.types import Role, TurnRecord
from tests.integration.clients import Customer, console, of_type, sign_in
from tests.integration.server import LiveServer
from voc.audit import AuditLog
from voc.audit_verify import verify_chain
from voc.db import create_schema, make_engine, sqlite_url
from voc.models import ConversationRow, HandoffRow, SurveyRow, TurnRow
from voc.store import VocStore

WARMLINE = [sys.executable, "-m", "api.cli"]


def data_dir_of(server: LiveServer) -> Path:
    return Path(server.config.app.state.runtime.services.settings.store.data_dir)


def files_containing(root: Path, needles: list[str]) -> dict[str, list[str]]:
    """Every file under ``root`` holding any needle, in UTF-8 (SQLite stores text as UTF-8)."""
    found: dict[str, list[str]] = {}
    for path in root.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            hits = [n for n in needles if n.encode() in blob]
            if hits:
                found[str(path.relative_to(root))] = hits
    return found


async def counts(engine: Any) -> dict[str, Any]:
    """The aggregates a CX lead reads: they must not change when content is erased."""
    async with engine.connect() as c:

        async def one(q: Any) -> Any:
            return (await c.execute(q)).scalar_one()

        return {
            "conversations": await one(select(func.count()).select_from(ConversationRow)),
            "customers": await one(select(func.count(func.distinct(ConversationRow.customer_id)))),
            "turns": await one(select(func.count()).select_from(TurnRow)),
            "handoffs": await one(select(func.count()).select_from(HandoffRow)),
            "surveys": await one(select(func.count()).select_from(SurveyRow)),
            "csat_sum": await one(select(func.coalesce(func.sum(SurveyRow.csat), 0))),
            "nps_sum": await one(select(func.coalesce(func.sum(SurveyRow.nps), 0))),
            "intents": sorted(
                (str(i), n)
                for i, n in (
                    await c.execute(select(TurnRow.intent, func.count()).group_by(TurnRow.intent))
                ).all()
            ),
            "escalated": await one(select(func.count(func.distinct(HandoffRow.conversation_id)))),
        }


async def one_conversation(
    server: LiveServer, agent: Any, customer_id: str, words: str, comment: str, csat: int
) -> str:
    """A conversation that asks the bot, is handed to a person, closed and rated."""
    customer = await Customer.start(
        server.ws, customer_id=customer_id, profile={"nickname": words.split()[-1]}
    )
    cid = customer.conversation_id
    await customer.say(f"How do I freeze my card? {words}")
    await customer.reply("bot")
    await customer.say(f"I want to talk to a person about {words}")
    await agent.expect(of_type("handoff", conversation_id=cid))
    await agent.send({"type": "claim", "conversation_id": cid})
    await agent.expect(of_type("claimed", conversation_id=cid))
    await agent.send(
        {"type": "message", "conversation_id": cid, "client_id": uuid.uuid4().hex, "text": "Done."}
    )
    await customer.reply("human")
    await agent.send({"type": "close", "conversation_id": cid, "disposition": "resolved"})
    await customer.expect(of_type("state", state="closed"))
    await customer.send({"type": "rate", "csat": csat, "nps": 9, "comment": comment})
    await customer.expect(of_type("rated"))
    await customer.close()
    return cid


async def test_erasing_a_customer_leaves_nothing_of_theirs(live_server: LiveServer) -> None:
    data = data_dir_of(live_server)
    tag = uuid.uuid4().hex[:8]
    customer_id = f"cust-erase-{tag}"
    # Words only this customer ever wrote: the scan looks for each of them afterwards.
    secrets_said = [f"Quillfeather{tag}", f"Brambleworth{tag}", f"Marrowdale{tag}"]
    comments = [f"Thanks Pettigrew{tag}", f"Slow Ravensloe{tag}", f"Fine Thistlecombe{tag}"]
    agent = await console(live_server.ws, await sign_in(live_server.http, "alex"))
    conv_ids = [
        await one_conversation(live_server, agent, customer_id, f"my cousin {word}", note, csat)
        for word, note, csat in zip(secrets_said, comments, (5, 2, 4), strict=True)
    ]
    await agent.close()
    # A different customer's conversation must be left alone.
    other_words = f"Otherfolk{tag}"
    other = await Customer.start(live_server.ws, customer_id=f"cust-keep-{tag}")
    await other.say(f"How do I freeze my card? {other_words}")
    await other.reply("bot")
    await other.close()

    engine = make_engine(sqlite_url(data))
    try:
        store = VocStore(engine)
        assert (await store.customer_history(customer_id)).conversations_30d == 3
        before = await counts(engine)
        needles = [customer_id, *secrets_said, *comments]
        # The scan must see the customer's data before erasure, or it proves nothing (in the
        # records or their write-ahead log, and in the agent's checkpoints).
        found = " ".join(files_containing(data, needles))
        assert "warmline.db" in found and "checkpoints.db" in found, found

        auditor = await sign_in(live_server.http, "ava")
        agent_token = await sign_in(live_server.http, "alex")
        async with httpx.AsyncClient(base_url=live_server.http, timeout=60) as http:
            body = {"customer_id": customer_id, "confirm": customer_id}
            # The auditor looks the customer up and reads a conversation first, as one would:
            # their id and words are then in the audit log's record of those accesses too.
            auth = {"Authorization": f"Bearer {auditor}"}
            found = await http.get(
                "/api/audit/conversations", params={"customer_id": customer_id}, headers=auth
            )
            assert {c["id"] for c in found.json()["items"]} == set(conv_ids)
            assert (
                await http.get(f"/api/audit/conversations/{conv_ids[0]}", headers=auth)
            ).is_success
            export = await http.get(
                "/api/audit/export",
                params={"customer_id": customer_id, "format": "csv"},
                headers=auth,
            )
            assert secrets_said[0] in export.text
            denied = await http.post(
                "/api/audit/erase", json=body, headers={"Authorization": f"Bearer {agent_token}"}
            )
            assert denied.status_code == 403
            unconfirmed = await http.post(
                "/api/audit/erase",
                json={"customer_id": customer_id, "confirm": customer_id + "x"},
                headers={"Authorization": f"Bearer {auditor}"},
            )
            assert unconfirmed.status_code == 422
            assert unconfirmed.json()["error"]["code"] == "unconfirmed"
            r = await http.post(
                "/api/audit/erase", json=body, headers={"Authorization": f"Bearer {auditor}"}
            )
            assert r.status_code == 200, r.text
            report = r.json()
        assert report["conversations"] == 3
        assert report["surveys"] == 3
        assert report["handoffs"] == 3
        assert report["audit_entries"] > 0

        # Nothing of theirs remains in any file; the other customer's words are still there.
        assert files_containing(data, needles) == {}
        assert files_containing(data, [other_words])
        # Their VOC history is empty; every aggregate still counts the same.
        history = await store.customer_history(customer_id)
        assert (history.conversations_30d, history.balance_checks_30d) == (0, 0)
        assert await counts(engine) == before
        # Each erased conversation still shows its shape, with the pseudonym in place of the id.
        for cid in conv_ids:
            conv = await store.get_conversation(cid)
            assert conv.customer_id == report["pseudonym"]
            assert conv.profile == {}
            turns = await store.turns(cid)
            assert {t.text for t in turns if t.role == Role.CUSTOMER} == {"[erased]"}
            assert any(t.signals.get("intent") for t in turns)
        # The chain still verifies, and the erasure is on it.
        audit = AuditLog(engine)
        result = await verify_chain(engine)
        assert result.ok, result
        kinds = [e.kind for e in await audit.entries(limit=100_000)]
        assert "erasure" in kinds
    finally:
        await engine.dispose()


async def _seed(engine: Any, *, customer: str, text: str, closed: bool, age_days: int) -> str:
    store = VocStore(engine)
    conv = await store.create_conversation(customer_id=customer, profile={"name": text})
    await store.append_turn(
        TurnRecord(conv.id, 0, Role.CUSTOMER, text, signals={"intent": "check_balance"}),
        customer_id=customer,
    )
    if closed:
        await store.move_state(conv.id, expected="bot", new="closed", disposition="resolved")
    await store.add_survey(conv.id, csat=4, ces=None, nps=None, comment=text)
    async with engine.begin() as c:
        await c.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conv.id)
            .values(updated_at=datetime.now(UTC) - timedelta(days=age_days))
        )
    return conv.id


@pytest.mark.parametrize("how", ["cli", "loop"])
async def test_retention_erases_only_closed_conversations_past_it(tmp_path: Path, how: str) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    await create_schema(engine)
    old_closed = await _seed(engine, customer="r1", text="Oldclosedwords", closed=True, age_days=40)
    new_closed = await _seed(engine, customer="r1", text="Newclosedwords", closed=True, age_days=2)
    old_open = await _seed(engine, customer="r2", text="Oldopenwords", closed=False, age_days=40)
    await engine.dispose()

    env = {**os.environ, "WARMLINE_DATA_DIR": str(tmp_path), "WARMLINE_RETENTION_DAYS": "30"}
    if how == "cli":
        proc = await asyncio.to_thread(
            subprocess.run,
            [*WARMLINE, "erase", "--expired"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=Path(__file__).parents[2],
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "erased 1 conversation(s)" in proc.stdout
    else:
        from api.retention import retention_loop
        from api.settings import Settings
        from api.wiring import open_eraser

        settings = Settings.for_data_dir(tmp_path)
        settings.privacy.retention_days = 30
        async with open_eraser(settings) as eraser:
            task = asyncio.create_task(retention_loop(eraser, 30, every_s=3600))
            await asyncio.sleep(1.0)  # the first pass runs at once
            task.cancel()

    engine = make_engine(sqlite_url(tmp_path))
    try:
        store = VocStore(engine)
        texts = {
            cid: (await store.turns(cid))[0].text for cid in (old_closed, new_closed, old_open)
        }
        assert texts == {
            old_closed: "[erased]",
            new_closed: "Newclosedwords",
            old_open: "Oldopenwords",
        }
        assert (await store.get_conversation(old_closed)).profile == {}
        assert files_containing(tmp_path, ["Oldclosedwords"]) == {}
        assert (await verify_chain(engine)).ok
    finally:
        await engine.dispose()


def test_erase_cli_needs_exactly_one_target(tmp_path: Path) -> None:
    env = {**os.environ, "WARMLINE_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [*WARMLINE, "erase"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert proc.returncode == 2
    assert "--customer" in proc.stderr


async def test_the_server_applies_retention_when_it_starts(
    tmp_path: Path, shared_embedder: Any, shared_understander: Any
) -> None:
    from api.app import create_app
    from api.settings import Settings

    engine = make_engine(sqlite_url(tmp_path))
    await create_schema(engine)
    old = await _seed(engine, customer="r9", text="Startupwords", closed=True, age_days=10)
    await engine.dispose()
    settings = Settings.for_data_dir(tmp_path)
    settings.privacy.retention_days = 7
    settings.server.seed_demo = False  # no knowledge base needed here
    app = create_app(settings, embedder=shared_embedder, understander=shared_understander)
    async with app.router.lifespan_context(app):
        engine = make_engine(sqlite_url(tmp_path))
        try:
            for _ in range(100):  # the first pass runs in the background at start-up
                if (await VocStore(engine).turns(old))[0].text == "[erased]":
                    break
                await asyncio.sleep(0.1)
            assert (await VocStore(engine).turns(old))[0].text == "[erased]"
        finally:
            await engine.dispose()
