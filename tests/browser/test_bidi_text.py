"""Bidi control characters cannot disguise text: "invoice_\u202efdp.exe" must not read as
"invoice_exe.pdf" in the widget, the console or the auditor's view."""

from __future__ import annotations

import uuid
from typing import Any

from playwright.async_api import expect

from tests.integration.server import LiveServer

RLO = "\u202e"
TRICK = f"Please open invoice_{RLO}fdp.exe"  # RLO shows "fdp.exe" as "exe.pdf"

# Where the browser draws the first "f" of "fdp" and the first "x" of "exe" in an element's
# text: in logical (safe) display "f" is left of "x"; under the override it is to the right.
VISUAL_ORDER = """(node) => {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const text = [];
  let n;
  while ((n = walker.nextNode())) text.push(n);
  const at = (needle) => {
    for (const t of text) {
      const i = t.data.indexOf(needle);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(t, i);
        r.setEnd(t, i + 1);
        return r.getBoundingClientRect().left;
      }
    }
    return null;
  };
  return { f: at('fdp'), x: at('exe') };
}"""


async def assert_logical(locator: Any) -> None:
    pos = await locator.evaluate(VISUAL_ORDER)
    assert pos["f"] is not None and pos["x"] is not None
    assert pos["f"] < pos["x"], f"shown reversed: {pos}"
    text = await locator.inner_text()
    assert RLO not in text and "[U+202E]" in text and "fdp.exe" in text, text


async def test_right_to_left_override_is_shown_in_logical_order(
    live_server: LiveServer, browser: Any
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer_ctx = await browser.new_context()
    agent_ctx = await browser.new_context()
    page = await customer_ctx.new_page()
    console = await agent_ctx.new_page()
    try:
        await page.goto(live_server.http + "/")
        await page.click("[data-wl=launcher]")
        await page.fill("[data-wl=input]", f"{TRICK} {tag}")
        await page.click("[data-wl=send]")
        mine = page.locator("[data-wl=log] [data-role=customer] .wl-text").last
        await expect(mine).to_contain_text("fdp.exe", timeout=30_000)
        await assert_logical(mine)
        assert await mine.get_attribute("dir") == "auto"
        await page.click("[data-wl=human]")
        await expect(page.locator("[data-wl=state]")).to_contain_text("position", timeout=30_000)
        await page.screenshot(path="/tmp/warmline-bidi-widget.png")

        await console.goto(live_server.http + "/console")
        await console.fill("#login-form input[name=username]", "sam")
        await console.fill("#login-form input[name=password]", "warmline-demo")
        await console.press("#login-form input[name=password]", "Enter")
        item = console.locator("[data-c=queue-item]", has_text="invoice_").first
        await expect(item).to_be_visible(timeout=30_000)
        await assert_logical(item.locator("[data-c=queue-summary]"))
        await item.locator("[data-c=claim]").click()
        said = console.locator("[data-c=transcript] .msg[data-role=customer] .msg-text").first
        await expect(said).to_contain_text("fdp.exe", timeout=30_000)
        await assert_logical(said)
        assert await said.get_attribute("dir") == "auto"
        await console.screenshot(path="/tmp/warmline-bidi-console.png")

        # The auditor reads the same words in the conversation's trace.
        audit = await agent_ctx.new_page()
        await audit.goto(live_server.http + "/audit")
        await audit.fill("#audit-login input[name=username]", "ava")
        await audit.fill("#audit-login input[name=password]", "warmline-demo")
        await audit.press("#audit-login input[name=password]", "Enter")
        await audit.locator("[data-a=search-form] input[name=q]").fill(tag)
        await audit.click("[data-a=search]")
        await audit.locator("[data-a=result-row]").first.click(timeout=30_000)
        turn = audit.locator("[data-a=turn][data-role=customer] .turn-text").first
        await expect(turn).to_contain_text("fdp.exe", timeout=30_000)
        await assert_logical(turn)
        assert await turn.get_attribute("dir") == "auto"
        await audit.screenshot(path="/tmp/warmline-bidi-audit.png")
    finally:
        await customer_ctx.close()
        await agent_ctx.close()
