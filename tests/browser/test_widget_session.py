"""The widget keeps a conversation only as long as it should: it continues after a reload,
"New chat" starts clean, the host app's sign-out hook and the expiry forget it."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page, expect

from tests.integration.server import LiveServer


async def saved(page: Page) -> dict[str, Any]:
    """Everything the widget keeps in this browser, by storage key."""
    return dict(
        await page.evaluate(
            """() => {
              const out = {};
              for (const area of [localStorage, sessionStorage])
                for (let i = 0; i < area.length; i++) {
                  const k = area.key(i);
                  if (!k.startsWith('warmline:')) continue;
                  out[k.split(':').pop()] = JSON.parse(area.getItem(k));
                }
              return out;
            }"""
        )
    )


async def ask(page: Page, text: str) -> None:
    await page.fill("[data-wl=input]", text)
    await page.click("[data-wl=send]")
    await expect(page.locator("[data-wl=log] [data-role=bot]").last).to_be_visible(timeout=30_000)


async def conversation_id(page: Page) -> str:
    await page.wait_for_function("window.WarmlineWidget && window.WarmlineWidget.conversationId")
    return str(await page.evaluate("window.WarmlineWidget.conversationId"))


async def test_new_chat_forget_and_expiry(live_server: LiveServer, browser: Any) -> None:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    log = page.locator("[data-wl=log] [data-role]")
    try:
        await page.goto(live_server.http + "/")
        await page.click("[data-wl=launcher]")
        await ask(page, "How do I freeze my card?")
        first = await conversation_id(page)
        kept = (await saved(page))["conversation"]
        assert kept["id"] == first and len(kept["token"]) >= 32
        assert "conversation_id" not in await saved(page)  # no bare id any more

        # A reload continues the same conversation with the stored secret.
        await page.reload()
        await page.click("[data-wl=launcher]")
        await expect(log.first).to_contain_text("How do I freeze my card?", timeout=30_000)
        assert await conversation_id(page) == first

        # "New chat" (always in the header) starts clean: empty log, new id and secret.
        await page.click("[data-wl=new-chat-header]")
        await expect(log).to_have_count(0)
        await page.wait_for_function(
            "(first) => (window.WarmlineWidget.conversationId || first) !== first", arg=first
        )
        second = await conversation_id(page)
        await ask(page, "What is the foreign transaction fee?")
        assert (await saved(page))["conversation"]["token"] != kept["token"]
        await expect(log.first).to_contain_text("foreign transaction fee")
        await page.screenshot(path="/tmp/warmline-widget-newchat.png")

        # The host app signs the customer out: nothing of the chat stays in this browser.
        await page.evaluate("window.dispatchEvent(new Event('warmline:forget'))")
        await expect(page.locator("[data-wl=panel]")).to_be_hidden()
        assert await saved(page) == {}
        await page.reload()
        assert await saved(page) == {}
        await page.click("[data-wl=launcher]")
        await expect(log).to_have_count(0)
        await page.fill("[data-wl=input]", "How do I change my PIN?")
        await page.click("[data-wl=send]")
        await expect(log.last).to_contain_text("PIN", timeout=30_000)
        third = await conversation_id(page)
        assert third not in {first, second}

        # An expired conversation is not continued: the widget starts afresh.
        await page.evaluate(
            """() => {
              const k = Object.keys(localStorage).find((k) => k.endsWith(':conversation'));
              const v = JSON.parse(localStorage.getItem(k));
              v.expires = Date.now() - 1000;
              localStorage.setItem(k, JSON.stringify(v));
            }"""
        )
        await page.reload()
        await page.click("[data-wl=launcher]")
        await expect(log).to_have_count(0)
        await page.screenshot(path="/tmp/warmline-widget-forgotten.png")
        assert (await saved(page)).get("conversation", {}).get("id") != third
        assert await page.evaluate("window.__pwned") is None
    finally:
        await ctx.close()
