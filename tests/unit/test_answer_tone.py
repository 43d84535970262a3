"""The answer node: acknowledgement first, then the help; an offer of a person when the
customer is still frustrated after an answer; nothing added on a neutral turn."""

from __future__ import annotations

from typing import Any

from agent.nodes import AgentDeps, Nodes, hit_to_dict
from agent.offline import OfflineResponder
from agent.phrases import ACKNOWLEDGEMENTS, OFFER_PERSON
from agent.policy import TurnFacts, decide
from agent.settings import PolicySettings
from domain.types import Hit

SETTINGS = PolicySettings()
HIT = Hit(
    "d#1",
    "fraud-dispute-transaction",
    "Disputing a card transaction",
    "How to raise a dispute",
    "In the app, tap the transaction, then **Something wrong with this payment?** and follow "
    "the steps. You need to raise a dispute within **120 days** of the transaction date.",
    0.8,
)


class _Unused:
    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"not used by the answer node: {name}")


def _nodes() -> Nodes:
    return Nodes(AgentDeps(_Unused(), _Unused(), OfflineResponder(), SETTINGS))


def _state(signals: dict[str, Any], *, frustrated_turns: int = 0, **more: Any) -> Any:
    signals = {"language": "en", "intent": "dispute_transaction", **signals}
    decision = decide(
        TurnFacts(signals=signals, nothing_found=False, frustrated_turns=frustrated_turns),
        SETTINGS,
    )
    return {
        "conversation_id": "conv-1",
        "turn_seq": 1,
        "text": "how do I dispute a payment",
        "prior_turns": [],
        "signals": signals,
        "hits": [hit_to_dict(HIT)],
        "nothing_found": False,
        "decision": decision.as_dict(),
        **more,
    }


def _all(language: str) -> set[str]:
    return {s for options in ACKNOWLEDGEMENTS[language].values() for s in options}


async def test_neutral_question_gets_the_plain_cited_answer() -> None:
    out = await _nodes().answer(_state({"emotion": "neutral", "emotion_intensity": 0.0}))
    assert out["reply"].startswith("Here's what our help centre says:")
    assert out["last_ack"] is None
    assert not any(o in out["reply"] for o in OFFER_PERSON["en"])


async def test_frustrated_customer_hears_an_acknowledgement_then_the_help() -> None:
    out = await _nodes().answer(_state({"emotion": "frustrated", "emotion_intensity": 0.8}))
    first_sentence = out["reply"].split(" Here's what")[0]
    assert first_sentence in {
        s.format(topic="a payment that isn't right", Topic="A payment that isn't right")
        for s in _all("en")
    }
    assert "Something wrong with this payment?" in out["reply"] and out["citations"]
    assert out["last_ack"]


async def test_still_frustrated_next_turn_is_worded_differently_and_offered_a_person() -> None:
    nodes = _nodes()
    frustrated = {"emotion": "frustrated", "emotion_intensity": 0.8}
    first = await nodes.answer(_state(frustrated))
    second = await nodes.answer(
        _state(frustrated, frustrated_turns=1, turn_seq=3, last_ack=first["last_ack"])
    )
    assert second["reply"].split(".")[0] != first["reply"].split(".")[0]
    assert second["last_ack"].startswith("again/")
    assert any(second["reply"].endswith(o) for o in OFFER_PERSON["en"])


async def test_chinese_acknowledgement_has_no_stray_space() -> None:
    out = await _nodes().answer(
        _state({"language": "zh", "emotion": "anxious", "emotion_intensity": 0.8})
    )
    opening = out["reply"].split("以下是帮助中心的说明")[0]
    assert opening in {s.format(topic="扣款出了问题") for s in _all("zh")}


async def test_a_handover_forgets_the_last_acknowledgement() -> None:
    state = _state({"emotion": "angry", "emotion_intensity": 0.9}, last_ack="frustrated/1")
    assert state["decision"]["action"] == "escalate"
    out = await _nodes().escalate(state)
    assert out["last_ack"] is None and out["reply"].startswith("I'm sorry this has been")
