"""Editing an article and re-ingesting changes the next answer; deleting it removes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from knowledge.settings import packaged_kb_path
from tests.integration.clients import Customer, sign_in
from tests.integration.server import LiveServer

ARTICLE = """---
id: pets-on-cards
title: Putting your pet's photo on your card
url: https://help.larkspurbank.example/articles/pets-on-cards
language: en
tags: [cards]
updated: 2026-11-01
---
# Putting your pet's photo on your card

## Ordering a pet photo card
Upload your pet's photo in the app under Cards, then Personalise. A pet photo card costs {fee}.
"""

QUESTION = "How much does a card with my pet's photo on it cost?"


async def _ask(server: LiveServer, text: str) -> dict[str, object]:
    customer = await Customer.start(server.ws, customer_id="kb-editor")
    await customer.say(text)
    reply = await customer.reply("bot")
    await customer.close()
    return reply


async def test_edit_and_delete_articles_in_a_running_server(
    live_server: LiveServer, tmp_path: Path
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(packaged_kb_path(), kb)
    article = kb / "en" / "pets-on-cards.md"
    token = await sign_in(live_server.http, "lee")
    headers = {"Authorization": f"Bearer {token}"}

    async def ingest(prune: bool = False) -> dict[str, object]:
        body = {"path": str(kb), "prune": prune}
        async with httpx.AsyncClient(base_url=live_server.http, timeout=120) as http:
            r = await http.post("/api/kb/ingest", json=body, headers=headers)
        assert r.status_code == 200, r.text
        return dict(r.json())

    article.write_text(ARTICLE.format(fee="£4"), encoding="utf-8")
    summary = await ingest()
    assert summary["added"] == ["en/pets-on-cards"]
    reply = await _ask(live_server, QUESTION)
    assert "£4" in str(reply["text"])

    article.write_text(ARTICLE.format(fee="£9"), encoding="utf-8")
    summary = await ingest()
    assert summary["updated"] == ["en/pets-on-cards"] and summary["added"] == []
    reply = await _ask(live_server, QUESTION)
    assert "£9" in str(reply["text"]) and "£4" not in str(reply["text"])

    article.unlink()
    summary = await ingest()
    assert summary["removed"] == []  # pruning is asked for, never a side effect
    summary = await ingest(prune=True)
    assert summary["removed"] == ["en/pets-on-cards"]
    reply = await _ask(live_server, QUESTION)
    assert "pet" not in str(reply["text"]).lower() or not reply["citations"]
    assert all(c["article_id"] != "pets-on-cards" for c in reply["citations"])  # type: ignore[union-attr]


async def test_only_leads_may_reingest(live_server: LiveServer) -> None:
    token = await sign_in(live_server.http, "alex")
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.post("/api/kb/ingest", json={}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403
    lead = await sign_in(live_server.http, "lee")
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.post(
            "/api/kb/ingest", json={"path": "/etc"}, headers={"Authorization": f"Bearer {lead}"}
        )
    assert r.status_code == 403
