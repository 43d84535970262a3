"""The scenario report opens from disk in Chromium: charts render, a failure expands to its
trace, customer text stays text, and nothing is fetched from the network."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect


async def test_report_charts_and_failure_trace(eval_demo_run: Any, browser: Any) -> None:
    _, doc, report = eval_demo_run
    ctx = await browser.new_context(viewport={"width": 1200, "height": 1600})
    page = await ctx.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    try:
        await page.goto(report.as_uri())
        await expect(page.locator("#verdict")).to_have_text("FAIL")
        for chart in ("#chart-confusion svg", "#chart-recall svg", "#chart-latency svg"):
            box = await page.locator(chart).bounding_box()
            assert box and box["width"] > 50 and box["height"] > 30, chart
            assert await page.locator(f"{chart} rect").count() > 0, chart
        # Failures first; collapsed until opened, then the per-turn decision trace shows.
        first = page.locator("details.case").first
        await expect(first).to_have_class("case failed")
        case = page.locator("details[data-case=ci-impossible-intent]")
        trace = case.locator(".trace").first
        await expect(trace).to_be_hidden()
        await case.locator("summary").click()
        await expect(trace).to_be_visible()
        await expect(trace).to_contain_text("decision")
        await expect(trace).to_contain_text("signals")
        await expect(case.locator(".why").first).to_contain_text("no_such_intent")
        # Customer text and notes are shown as text, never as markup.
        await expect(case.locator(".say")).to_contain_text("<script>alert(1)</script>")
        assert await page.locator("body script").count() == 0
        assert await page.locator("details b", has_text="not bold").count() == 0
        await page.screenshot(path=str(report.with_suffix(".png")), full_page=False)
        assert all(u.startswith("file://") for u in fetched), fetched
        assert len(doc["cases"]) == await page.locator("details.case").count()
    finally:
        await ctx.close()
