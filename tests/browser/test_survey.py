"""After a chat closes, the widget asks CSAT, CES and NPS, each optional, in a real browser."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import expect

from tests.integration.clients import console, of_type, sign_in
from tests.integration.server import LiveServer


async def test_widget_survey_sends_only_the_answered_questions(
    live_server: LiveServer, browser: Any
) -> None:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    marker = f"survey-{uuid.uuid4().hex[:8]}"
    try:
        await page.goto(live_server.http + "/")
        await page.click("[data-wl=launcher]")
        await page.fill("[data-wl=input]", "I'd like to talk to a person please")
        await page.click("[data-wl=send]")
        await expect(page.locator("[data-wl=state]")).to_contain_text("position", timeout=30_000)

        # An agent claims the conversation and closes it.
        token = await sign_in(live_server.http, "sam")
        agent = await console(live_server.ws, token)
        cid = await page.evaluate(
            "Object.keys(localStorage).map(k => localStorage.getItem(k)).join(' ')"
        )
        async with httpx.AsyncClient(base_url=live_server.http) as http:
            queue = (
                await http.get("/api/queue", headers={"Authorization": f"Bearer {token}"})
            ).json()["items"]
        cid = next(i["conversation_id"] for i in queue if i["conversation_id"] in cid)
        await agent.send({"type": "claim", "conversation_id": cid})
        await agent.expect(of_type("claimed"))
        await agent.send({"type": "close", "conversation_id": cid, "disposition": "resolved"})
        await agent.expect(of_type("state", state="closed"))
        await agent.close()

        rating = page.locator("[data-wl=rating]")
        await expect(rating).to_be_visible(timeout=30_000)
        await expect(rating).to_contain_text("How easy")
        await expect(rating).to_contain_text("recommend")
        submit = page.locator("[data-wl=rate-submit]")
        await expect(submit).to_be_disabled()
        # No stars: CES and NPS alone are a valid answer.
        await page.locator("[data-wl=ces] label", has_text="6").click()
        await page.locator("[data-wl=nps] label", has_text="9").click()
        await expect(submit).to_be_enabled()
        await page.fill("[data-wl=comment]", marker)
        await page.screenshot(path="/tmp/warmline-survey.png")
        await submit.click()
        await expect(page.locator("[data-wl=thanks]")).to_be_visible(timeout=30_000)
    finally:
        await ctx.close()

    lead = await sign_in(live_server.http, "lee")
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.get("/api/voc/report", headers={"Authorization": f"Bearer {lead}"})
    comments = next(t for t in r.json()["tables"] if t["name"] == "survey_comments")
    (row,) = [r for r in comments["rows"] if r[-1] == marker]
    assert row[2:5] == [None, 6, 9]  # csat unanswered, ces 6, nps 9
