"""The CX lead's VOC view in headless Chromium, on a store seeded by real conversations."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import expect

from tests.integration.clients import Customer, sign_in
from tests.integration.server import LiveServer


async def _seed(server: LiveServer) -> None:
    c = await Customer.start(server.ws, customer_id="lead-view-1", channel="app")
    await c.say("How do I freeze my card?")
    await c.reply()
    await c.say("Do you sell pet insurance for parrots?")
    await c.reply()
    await c.close()


async def test_voc_api_is_for_leads(live_server: LiveServer) -> None:
    await _seed(live_server)
    lead = await sign_in(live_server.http, "lee")
    agent = await sign_in(live_server.http, "alex")
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.get("/api/voc/report", headers={"Authorization": f"Bearer {agent}"})
        assert r.status_code == 403
        r = await http.get("/api/voc/report")
        assert r.status_code == 401
        r = await http.get("/api/voc/report", headers={"Authorization": f"Bearer {lead}"})
        assert r.status_code == 200
        body = r.json()
        assert body["version"] == 1
        assert int(body["headlines"][0]["value"]) >= 1
        r = await http.get(
            "/api/voc/export/intents.csv", headers={"Authorization": f"Bearer {lead}"}
        )
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
        assert rows[0] == ["intent", "messages", "share_pct", "trend_pts"] and len(rows) > 1
        r = await http.get("/api/voc/export/nope.csv", headers={"Authorization": f"Bearer {lead}"})
        assert r.status_code == 404
        r = await http.get(
            "/api/voc/report?since=yesterday", headers={"Authorization": f"Bearer {lead}"}
        )
        assert r.status_code == 422


async def test_lead_view_renders_figures_charts_and_exports(
    live_server: LiveServer, browser: Any
) -> None:
    await _seed(live_server)
    ctx = await browser.new_context(accept_downloads=True)
    page = await ctx.new_page()
    try:
        await page.goto(live_server.http + "/lead")
        await page.fill("#lead-login input[name=username]", "lee")
        await page.fill("#lead-login input[name=password]", "warmline-demo")
        await page.press("#lead-login input[name=password]", "Enter")
        cards = page.locator("[data-l=headline]")
        await expect(cards.first).to_contain_text("Conversations", timeout=30_000)
        await expect(page.locator("[data-l=headlines]")).to_contain_text("Containment")
        await expect(page.locator("[data-l=headlines]")).to_contain_text("NPS")
        # Charts render: SVG bars with a real size.
        chart = page.locator("[data-table=volume] svg[data-l=chart]")
        await expect(chart).to_be_visible()
        box = await chart.locator("rect").first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        await expect(page.locator("[data-table=intents] table")).to_contain_text("freeze_card")
        # CSV export downloads a spreadsheet-ready file.
        async with page.expect_download() as info:
            await page.locator("[data-table=intents] [data-l=csv]").click()
        download = await info.value
        path = await download.path()
        assert path is not None
        text = Path(path).read_text(encoding="utf-8-sig")
        assert text.splitlines()[0] == "intent,messages,share_pct,trend_pts"
        await page.screenshot(path="/tmp/warmline-lead.png", full_page=True)
    finally:
        await ctx.close()
