"""Headless Chromium drives the auditor's page against a real server: sign in, search with
filters, open a conversation, read its decision trace and disclosure, download the CSV."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from tests.integration.clients import Customer, console, of_type, sign_in
from tests.integration.server import LiveServer

HOSTILE = '<img src=x onerror="window.__pwned=1">'


async def test_auditor_searches_reads_a_trace_and_exports(
    live_server: LiveServer, browser: Any, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    agent = await console(live_server.ws, await sign_in(live_server.http, "alex"))
    customer = await Customer.start(live_server.ws, customer_id=f"aud-browser-{tag}")
    await customer.say(f"What's my balance? I'm moving everything to another bank {tag}")
    await agent.expect(of_type("handoff", conversation_id=customer.conversation_id))
    await customer.reply("bot")
    await customer.say(f'=HYPERLINK("http://x") {HOSTILE} {tag}')
    # Closed from the queue, so it does not wait there for other tests' agents.
    await agent.send(
        {"type": "close", "conversation_id": customer.conversation_id, "disposition": "other"}
    )
    await customer.expect(of_type("state", state="closed"))
    calm = await Customer.start(live_server.ws, customer_id=f"aud-calm-{tag}")
    await calm.say(f"How do I freeze my card? {tag}")
    await calm.reply("bot")
    for c in (agent, customer, calm):
        await c.close()

    ctx = await browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        await page.goto(live_server.http + "/audit")
        await page.fill("#audit-login input[name=username]", "ava")
        await page.fill("#audit-login input[name=password]", "warmline-demo")
        await page.press("#audit-login input[name=password]", "Enter")
        await expect(page.locator("[data-a=app]")).to_be_visible(timeout=30_000)

        # Search: the text finds both; adding "escalated: yes" and a churn floor leaves one.
        form = page.locator("[data-a=search-form]")
        await form.locator("input[name=q]").fill(tag)
        await page.click("[data-a=search]")
        rows = page.locator("[data-a=result-row]")
        await expect(rows).to_have_count(2, timeout=30_000)
        await form.locator("select[name=escalated]").select_option("true")
        await form.locator("input[name=churn_min]").fill("0.6")
        await page.click("[data-a=search]")
        await expect(rows).to_have_count(1, timeout=30_000)
        await expect(rows.first).to_contain_text(f"aud-browser-{tag}")

        # Open it: who spoke, the decision with its triggers, the evidence, the disclosure.
        await rows.first.click()
        detail = page.locator("[data-a=detail]")
        await expect(detail).to_be_visible()
        turns = detail.locator("[data-a=turn]")
        await expect(turns.first).to_contain_text("customer")
        await expect(detail.locator("[data-a=trigger]").first).to_contain_text("churn_risk")
        await expect(detail.locator("[data-a=signals]").first).to_contain_text("churn evidence")
        await expect(detail.locator("[data-role=bot]").first).to_contain_text("AI")
        await expect(detail.locator("[data-a=answer-source]").first).to_contain_text("canned")
        disclosure = page.locator("[data-a=disclosure]")
        await expect(disclosure).to_have_attribute("data-shown", "true")
        await expect(disclosure).to_contain_text("AI")
        await expect(disclosure).to_contain_text("version")
        # Customer text is shown as text, never as HTML.
        await expect(detail).to_contain_text("<img src=x")
        assert await detail.locator("img").count() == 0

        # Download the conversation's CSV: it parses, one row per turn, formulas defused.
        async with page.expect_download() as info:
            await page.click("[data-a=export-csv]")
        download = await info.value
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        assert saved.suffix == ".csv"
        raw = saved.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows_csv = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows_csv) == await turns.count()
        assert {r["speaker"] for r in rows_csv} >= {"customer", "AI"}
        hostile = next(r for r in rows_csv if "HYPERLINK" in r["text"])
        assert hostile["text"].startswith("'=")
        assert any(r["triggers"].startswith("churn_risk") for r in rows_csv)
        assert rows_csv[0]["disclosure_version"]

        assert await page.evaluate("window.__pwned") is None
        assert errors == []
        await page.screenshot(path="/tmp/warmline-audit.png", full_page=True)
    finally:
        await ctx.close()
