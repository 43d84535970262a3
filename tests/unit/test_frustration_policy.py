"""Repeated frustration after answers: the second frustrated turn offers a person, the third
hands over (as ``high_anger``: the existing reason for an upset customer)."""

from __future__ import annotations

from typing import Any

from agent.policy import Decision, TurnFacts, decide
from agent.settings import PolicySettings

SETTINGS = PolicySettings()


def _decide(emotion: str, intensity: float, frustrated_turns: int, **more: Any) -> Decision:
    signals = {
        "intent": "dispute_transaction",
        "intent_confidence": 0.8,
        "emotion": emotion,
        "emotion_intensity": intensity,
        **more,
    }
    return decide(TurnFacts(signals=signals, frustrated_turns=frustrated_turns), SETTINGS)


def _fired(d: Decision) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in d.as_dict()["triggers"]}


def test_first_frustrated_turn_is_answered_without_an_offer() -> None:
    d = _decide("frustrated", 0.6, frustrated_turns=0)
    assert d.action == "answer" and "frustration_repeated" not in _fired(d)


def test_still_frustrated_after_an_answer_offers_a_person_with_evidence() -> None:
    d = _decide("frustrated", 0.6, frustrated_turns=1)
    assert d.action == "answer"  # an offer, not a handover
    trigger = _fired(d)["frustration_repeated"]
    assert trigger["evidence"][0]["source"] == "conversation"
    assert "2 frustrated turns" in trigger["evidence"][0]["detail"]


def test_calmer_now_or_worried_rather_than_frustrated_is_no_repeat() -> None:
    assert "frustration_repeated" not in _fired(_decide("neutral", 0.0, frustrated_turns=2))
    assert "frustration_repeated" not in _fired(_decide("anxious", 0.8, frustrated_turns=1))
    assert "frustration_repeated" not in _fired(_decide("frustrated", 0.2, frustrated_turns=1))


def test_third_frustrated_turn_in_a_row_hands_over_as_high_anger() -> None:
    d = _decide("frustrated", 0.5, frustrated_turns=2)
    assert d.action == "escalate" and d.reason == "high_anger"
    assert "3 turns in a row" in d.reason_text


def test_the_calibrated_score_decides_whether_a_turn_counts() -> None:
    # Another reader's calibrated score replaces the label's intensity when present.
    low = _decide("frustrated", 0.6, frustrated_turns=1, negative_emotion=0.1)
    assert "frustration_repeated" not in _fired(low)
    high = _decide("frustrated", 0.3, frustrated_turns=1, negative_emotion=0.9)
    assert "frustration_repeated" in _fired(high)
