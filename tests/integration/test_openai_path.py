"""The OpenAI-compatible path against a fake server on a real socket, streaming included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from agent.llm import OpenAICompatibleResponder
from agent.settings import LLMSettings
from api.settings import Settings
from api.wiring import build_services
from domain.types import Hit
from tests.integration.fake_openai import FakeOpenAI
from tests.integration.server import LiveServer

HITS = [
    Hit(
        chunk_id="c1",
        article_id="cards-freeze",
        title="Freezing your card",
        section="In the app",
        text="Open the app, tap Cards, then Freeze.",
        score=0.8,
    ),
    Hit(
        chunk_id="c2",
        article_id="contact-us",
        title="Contact us",
        section="By phone",
        text="Call 0800 123 4567.",
        score=0.6,
    ),
]


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeOpenAI, LiveServer]]:
    fake = FakeOpenAI()
    server = LiveServer(fake.app).start()
    yield fake, server
    server.stop()


def _responder(server: LiveServer) -> OpenAICompatibleResponder:
    return OpenAICompatibleResponder(
        LLMSettings(
            base_url=f"{server.http}/v1", model="fake-1", api_key=SecretStr("sk-test"), timeout_s=5
        )
    )


async def test_streamed_answer_is_grounded_and_cited(fake: tuple[FakeOpenAI, LiveServer]) -> None:
    app, server = fake
    app.fail_with = None
    responder = _responder(server)
    deltas = [
        d
        async for d in responder.stream(
            "how do I freeze my card?", HITS, language="en", transcript=[]
        )
    ]
    assert len(deltas) > 3  # really streamed, chunk by chunk
    answer = await responder.answer("how do I freeze my card?", HITS, language="en", transcript=[])
    assert answer.source == "llm"
    assert [c.article_id for c in answer.citations] == ["cards-freeze", "contact-us"]
    sent = app.requests[-1]
    assert sent["auth"] == "Bearer sk-test"
    assert sent["body"]["stream"] is True and sent["body"]["model"] == "fake-1"
    system = sent["body"]["messages"][0]["content"]
    assert "Open the app, tap Cards, then Freeze." in system
    assert sent["body"]["messages"][-1]["content"] == (
        "<customer_message>how do I freeze my card?</customer_message>"
    )


async def test_uncited_model_answer_still_points_at_its_source(
    fake: tuple[FakeOpenAI, LiveServer],
) -> None:
    app, server = fake
    app.fail_with = None
    app.reply = "Open the app and tap Freeze."
    try:
        answer = await _responder(server).answer("freeze card", HITS, language="en", transcript=[])
    finally:
        app.reply = "You can freeze your card in the app [1]. Call us on 0800 [2]."
    assert answer.source == "llm-uncited"
    assert [c.article_id for c in answer.citations] == ["cards-freeze"]


async def test_endpoint_failure_falls_back_to_the_offline_answer(
    fake: tuple[FakeOpenAI, LiveServer],
) -> None:
    app, server = fake
    app.fail_with = 500
    try:
        answer = await _responder(server).answer(
            "how do I freeze my card?", HITS, language="en", transcript=[]
        )
    finally:
        app.fail_with = None
    assert answer.source == "llm-fallback"
    assert "Freeze" in answer.text and answer.citations[0].article_id == "cards-freeze"


async def test_the_agent_answers_through_the_configured_endpoint(
    fake: tuple[FakeOpenAI, LiveServer],
    tmp_path: Path,
    shared_embedder: Any,
    shared_understander: Any,
) -> None:
    app, server = fake
    app.fail_with = None
    settings = Settings.for_data_dir(tmp_path)
    settings.llm.base_url = f"{server.http}/v1"
    settings.llm.model = "fake-1"
    settings.knowledge.backend = "memory"
    async with build_services(
        settings, embedder=shared_embedder, understander=shared_understander
    ) as services:
        sb = services.switchboard
        conv = await sb.open(conversation_id=None, customer_id=None, profile={})
        await sb.accept_customer_message(conv.id, "How do I freeze my card?", "c1")
        outcome = await sb.respond(conv.id)
    assert outcome is not None
    assert outcome.answer_source == "llm"
    assert outcome.reply.startswith("You can freeze your card in the app [1]")
    # [1] and [2] name the first two retrieved passages, in the citations' order.
    expected: list[tuple[str, str]] = []
    for h in outcome.hits[:2]:
        if (h["article_id"], h["section"]) not in expected:
            expected.append((h["article_id"], h["section"]))
    assert [(c["article_id"], c["section"]) for c in outcome.citations] == expected
    system = app.requests[-1]["body"]["messages"][0]["content"]
    assert "[1] " in system and outcome.hits[0]["text"][:40] in system
