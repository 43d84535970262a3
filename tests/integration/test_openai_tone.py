"""The language model is told how the customer feels and asked for one short acknowledgement;
if it fails, the offline answer opens with ours. A fake OpenAI server on a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from agent.empathy import choose_tone
from agent.llm import OpenAICompatibleResponder
from agent.settings import LLMSettings
from domain.types import Hit
from tests.integration.fake_openai import FakeOpenAI
from tests.integration.server import LiveServer

HITS = [
    Hit(
        "c1",
        "fraud-dispute-transaction",
        "Disputing a card transaction",
        "How to raise a dispute",
        "In the app, tap the transaction, then Something wrong with this payment?",
        0.8,
    )
]
QUESTION = "charged twice for the same coffee and nobody has helped me, ridiculous"


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeOpenAI, LiveServer]]:
    fake = FakeOpenAI()
    server = LiveServer(fake.app).start()
    yield fake, server
    server.stop()


def _responder(server: LiveServer) -> OpenAICompatibleResponder:
    return OpenAICompatibleResponder(
        LLMSettings(base_url=f"{server.http}/v1", model="fake-1", api_key=SecretStr("k"))
    )


def _tone(previous_key: str | None = None):  # type: ignore[no-untyped-def]
    signals = {
        "emotion": "angry",
        "emotion_intensity": 0.85,
        "intent": "dispute_transaction",
        "intent_confidence": 0.9,
    }
    return choose_tone(
        signals, language="en", seed="c/2/1", previous_key=previous_key, min_level=0.4
    )


def _system(app: FakeOpenAI) -> str:
    return str(app.requests[-1]["body"]["messages"][0]["content"])


async def test_model_is_told_the_feeling_and_asked_for_one_short_acknowledgement(
    fake: tuple[FakeOpenAI, LiveServer],
) -> None:
    app, server = fake
    app.fail_with = None
    app.reply = "I'm sorry about the double charge. Tap the transaction to dispute it [1]."
    responder = _responder(server)
    plain = await responder.answer(QUESTION, HITS, language="en", transcript=[])
    assert "The customer seems" not in _system(app)
    upset = await responder.answer(QUESTION, HITS, language="en", transcript=[], tone=_tone())
    system = _system(app)
    assert "The customer seems very frustrated about a payment that isn't right." in system
    assert "ONE short sentence" in system and "do not repeat their words" in system
    # The customer's own words stay in the data tag, never in the instructions.
    assert "coffee" not in system
    assert upset.source == "llm" and upset.prompt_version == plain.prompt_version
    again = await responder.answer(
        QUESTION, HITS, language="en", transcript=[], tone=_tone(previous_key="frustrated/0")
    )
    assert "still very frustrated" in _system(app) and "worded differently" in _system(app)
    assert again.source == "llm"


async def test_when_the_model_fails_the_offline_answer_acknowledges(
    fake: tuple[FakeOpenAI, LiveServer],
) -> None:
    app, server = fake
    app.fail_with = 500
    tone = _tone()
    assert tone is not None
    answer = await _responder(server).answer(
        QUESTION, HITS, language="en", transcript=[], tone=tone
    )
    app.fail_with = None
    assert answer.source == "llm-fallback"
    assert answer.text.startswith(tone.opening)
