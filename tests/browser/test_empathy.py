"""An upset customer in the real widget: one short acknowledgement first, then the cited help;
still frustrated after that answer, the reply offers a person (issue 11, item 5)."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from agent.phrases import ACKNOWLEDGEMENTS, OFFER_PERSON, TOPICS
from tests.integration.server import LiveServer

COFFEE = "I've been charged twice for the same coffee and nobody has helped me, this is ridiculous"
STILL = "the cafe won't refund me either, how do I dispute the charge? this is ridiculous"
INTRO = "Here's what our help centre says:"


def _openings() -> set[str]:
    """Every acknowledgement the agent can open with in English, topics filled in."""
    out: set[str] = set()
    for options in ACKNOWLEDGEMENTS["en"].values():
        for option in options:
            for topic in [*TOPICS["en"].values(), ""]:
                out.add(option.format(topic=topic, Topic=topic[:1].upper() + topic[1:]))
    return out


async def test_upset_customer_is_acknowledged_then_offered_a_person(
    live_server: LiveServer, browser: Any
) -> None:
    ctx = await browser.new_context(viewport={"width": 1100, "height": 1300})
    page = await ctx.new_page()
    bots = page.locator("[data-wl=log] [data-role=bot]")
    try:
        await page.goto(live_server.http + "/")
        await page.click("[data-wl=launcher]")
        await page.fill("[data-wl=input]", COFFEE)
        await page.click("[data-wl=send]")
        await expect(bots).to_have_count(1, timeout=60_000)
        first = await bots.nth(0).locator(".wl-text").inner_text()
        # The acknowledgement, then the help: a quote from the help centre with its source.
        opening, _, help_text = first.partition(" " + INTRO)
        assert opening in _openings(), first
        assert "[1]" in help_text and not help_text.strip().startswith("- ")
        await expect(bots.nth(0).locator("[data-wl=citations] a").first).to_be_visible()
        await page.locator("[data-wl=log] [data-role=customer]").first.scroll_into_view_if_needed()
        await page.locator("[data-wl=panel]").screenshot(path="/tmp/warmline-empathy-1.png")

        # Still frustrated after that answer: acknowledged in other words, offered a person.
        await page.fill("[data-wl=input]", STILL)
        await page.click("[data-wl=send]")
        await expect(bots).to_have_count(2, timeout=60_000)
        second = await bots.nth(1).locator(".wl-text").inner_text()
        assert second.split(" " + INTRO)[0] != opening
        if any(second.rstrip().endswith(o) for o in OFFER_PERSON["en"]):
            await expect(page.locator("[data-wl=state]")).not_to_contain_text("position")
        else:
            # The demo profile's contract ends within weeks: a second upset turn in a row can
            # lift the churn risk over the line, and then a person takes over outright, which
            # is more than an offer. Either way the customer is not left with the bot alone.
            assert "connecting you" in second, second
            await expect(page.locator("[data-wl=state]")).to_contain_text(
                "position", timeout=30_000
            )
            await page.locator("[data-wl=panel]").screenshot(path="/tmp/warmline-empathy-2h.png")
            # Leave the shared server's queue as it was (other tests count positions in it).
            await page.click("[data-wl=cancel-human]")
            await expect(page.locator("[data-wl=state]")).not_to_contain_text(
                "position", timeout=30_000
            )
        await page.locator("[data-wl=log] [data-role=customer]").last.scroll_into_view_if_needed()
        await page.locator("[data-wl=panel]").screenshot(path="/tmp/warmline-empathy-2.png")
        await page.evaluate(
            "() => { const log = document.querySelector('[data-wl=log]');"
            " log.scrollTop = log.scrollHeight; }"
        )
        await page.locator("[data-wl=panel]").screenshot(path="/tmp/warmline-empathy-3.png")
        await page.screenshot(path="/tmp/warmline-empathy.png")
    finally:
        await ctx.close()
