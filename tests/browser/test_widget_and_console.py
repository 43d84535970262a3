"""Headless Chromium drives the real widget and console against a real server."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from tests.integration.server import LiveServer

HOSTILE = '<img src=x onerror="window.__pwned=1">Please help'


async def test_customer_and_agent_in_real_browsers(live_server: LiveServer, browser: Any) -> None:
    customer_ctx = await browser.new_context()
    agent_ctx = await browser.new_context()
    page = await customer_ctx.new_page()
    console = await agent_ctx.new_page()
    try:
        # The widget: AI disclosure first, a cited answer marked as from the AI.
        await page.goto(live_server.http + "/")
        await page.click("[data-wl=launcher]")
        await expect(page.locator("[data-wl=disclosure]")).to_contain_text("AI")
        await page.fill("[data-wl=input]", "How do I freeze my card?")
        await page.click("[data-wl=send]")
        bot = page.locator("[data-wl=log] [data-role=bot]").first
        await expect(bot).to_be_visible(timeout=30_000)
        await expect(page.locator("[data-wl=citations] a").first).to_be_visible()

        # Hostile text is shown as text, never run or rendered as HTML.
        await page.fill("[data-wl=input]", HOSTILE)
        await page.click("[data-wl=send]")
        await expect(page.locator("[data-wl=log] [data-role=customer]").last).to_contain_text(
            "<img src=x"
        )
        await expect(page.locator("[data-wl=log] [data-role=bot]")).to_have_count(2, timeout=30_000)
        # The demo page's customer carries the history other tests left on the shared server
        # (earlier handoffs, complaints), so the bot may already have handed this one over.
        if not await page.locator("[data-wl=state]", has_text="position").count():
            await page.click("[data-wl=human]")
        await expect(page.locator("[data-wl=state]")).to_contain_text("position", timeout=30_000)
        # Changing their mind and asking again works from the widget too.
        await page.click("[data-wl=cancel-human]")
        await expect(page.locator("[data-wl=human]")).to_be_enabled(timeout=30_000)
        await page.click("[data-wl=human]")
        await expect(page.locator("[data-wl=state]")).to_contain_text("position", timeout=30_000)

        # The console: sign in, see the queue, claim, read the packet.
        socket_urls: list[str] = []
        console.on("websocket", lambda ws: socket_urls.append(ws.url))
        await console.goto(live_server.http + "/console")
        await console.fill("#login-form input[name=username]", "alex")
        await console.fill("#login-form input[name=password]", "warmline-demo")
        await console.press("#login-form input[name=password]", "Enter")
        # Claim this customer's conversation (other tests may have left theirs queued).
        stored = await page.evaluate(
            "Object.keys(localStorage).map(k => localStorage.getItem(k)).join(' ')"
        )
        item = console.locator("[data-c=queue-item]").filter(has=console.locator("[data-c=claim]"))
        await expect(item.first).to_be_visible(timeout=30_000)
        ids = await item.evaluate_all("els => els.map(e => e.dataset.conversationId)")
        mine = next(i for i in ids if i and i in stored)
        item = console.locator(f'[data-c=queue-item][data-conversation-id="{mine}"]')
        await expect(item).to_be_visible(timeout=30_000)
        await console.screenshot(path="/tmp/warmline-console-signed-in.png")
        # Signed in over the socket's first frame: no token in any URL (access logs keep URLs).
        assert socket_urls and not [u for u in socket_urls if "token" in u]
        await item.locator("[data-c=claim]").click()
        await expect(console.locator("[data-c=packet]")).to_contain_text("customer", timeout=30_000)
        transcript = console.locator("[data-c=transcript]")
        await expect(transcript).to_contain_text("<img src=x")
        assert await transcript.locator("img").count() == 0

        # Live chat: the customer sees the reply marked as from a person.
        await console.fill("[data-c=reply-input]", "Hello, I'm Alex. I can help.")
        await console.click("[data-c=reply-send]")
        human = page.locator("[data-wl=log] [data-role=human]")
        await expect(human).to_contain_text("I can help", timeout=30_000)
        await expect(page.locator("[data-wl=state]")).to_contain_text("Alex")

        # Hand back: the AI answers again.
        await console.click("[data-c=handback]")
        await expect(page.locator("[data-wl=state]")).not_to_contain_text("Alex", timeout=30_000)
        await page.fill("[data-wl=input]", "What is the foreign transaction fee?")
        await page.click("[data-wl=send]")
        await expect(page.locator("[data-wl=log] [data-role=bot]").last).to_contain_text(
            "2.75%", timeout=30_000
        )
        assert await page.evaluate("window.__pwned") is None
        assert await console.evaluate("window.__pwned") is None
        await page.screenshot(path="/tmp/warmline-widget.png")
        await console.screenshot(path="/tmp/warmline-console.png")
    finally:
        await customer_ctx.close()
        await agent_ctx.close()
