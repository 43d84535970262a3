"""Acknowledging how the customer feels: when, in which words, and never the same twice in a row."""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.empathy import choose_tone, frustrated_streak, offer_person
from agent.phrases import ACKNOWLEDGEMENTS, TOPICS
from domain.types import PriorTurn, Role

CJK = re.compile(r"[\u4e00-\u9fff]")


def _signals(emotion: str, intensity: float, **more: Any) -> dict[str, Any]:
    return {"emotion": emotion, "emotion_intensity": intensity, **more}


def _tone(signals: dict[str, Any], seed: str = "c1/1/0", **kw: Any) -> Any:
    return choose_tone(
        signals,
        language=kw.pop("language", "en"),
        seed=seed,
        previous_key=kw.pop("previous_key", None),
        min_level=0.4,
        **kw,
    )


@pytest.mark.parametrize(
    "signals",
    [
        _signals("neutral", 0.0),
        _signals("satisfied", 0.9),
        _signals("confused", 0.8),
        _signals("frustrated", 0.3),  # too faint to remark on
        {},
    ],
)
def test_no_acknowledgement_on_neutral_happy_or_faint_turns(signals: dict[str, Any]) -> None:
    assert _tone(signals) is None


@pytest.mark.parametrize("emotion", ["frustrated", "angry", "anxious", "sad"])
def test_each_negative_feeling_is_acknowledged_in_one_sentence(emotion: str) -> None:
    tone = _tone(_signals(emotion, 0.8))
    assert tone is not None
    assert tone.opening.count(".") + tone.opening.count("?") == 1  # one short sentence
    assert len(tone.opening) <= 90


def test_phrasing_varies_across_conversations_but_a_replay_says_the_same() -> None:
    signals = _signals("frustrated", 0.8)
    openings = {_tone(signals, seed=f"conv-{i}/3/4").opening for i in range(30)}
    assert len(openings) >= 3
    assert _tone(signals, seed="conv-7/3/4") == _tone(signals, seed="conv-7/3/4")


def test_chinese_gets_its_own_words() -> None:
    for emotion in ("frustrated", "anxious", "sad"):
        zh = _tone(_signals(emotion, 0.8), language="zh")
        assert zh is not None and CJK.search(zh.opening) and not re.search("[A-Za-z]", zh.opening)
    for kind, options in ACKNOWLEDGEMENTS["zh"].items():
        assert len(options) >= 2 and len(set(options)) == len(options), kind


def test_consecutive_turns_never_repeat_the_phrasing() -> None:
    for kind in ("frustrated", "anxious", "sad"):
        for i in range(40):
            seed = f"conv-{i}/5/8"
            first = _tone(_signals(kind, 0.8), seed=f"conv-{i}/4/7")
            second = _tone(_signals(kind, 0.8), seed=seed, previous_key=first.key)
            assert second.opening != first.opening
            assert second.key != first.key
    # Still frustrated after an acknowledged answer: a "still not sorted" phrasing, not a
    # second first-time apology.
    again = _tone(_signals("frustrated", 0.8), previous_key="frustrated/0")
    assert again.again and again.key.startswith("again/")


def test_topic_comes_from_the_intent_in_our_words_only_when_confident() -> None:
    sure = _tone(_signals("frustrated", 0.8, intent="dispute_transaction", intent_confidence=0.9))
    assert sure.topic == TOPICS["en"]["dispute_transaction"]
    assert sure.topic in sure.opening.lower()
    unsure = _tone(_signals("frustrated", 0.8, intent="dispute_transaction", intent_confidence=0.3))
    assert unsure.topic is None and "{" not in unsure.opening
    zh = _tone(
        _signals("anxious", 0.8, intent="report_fraud", intent_confidence=0.9), language="zh"
    )
    assert TOPICS["zh"]["report_fraud"] in zh.opening


def test_a_calibrated_negative_score_is_used_when_understanding_gives_one() -> None:
    # The score decides whether; the label still decides which words.
    assert _tone(_signals("frustrated", 0.9, negative_emotion=0.1)) is None
    tone = _tone(_signals("sad", 0.2, negative_emotion=0.8))
    assert tone is not None and tone.feeling.kind == "sad" and tone.feeling.level == 0.8
    missed = _tone(_signals("neutral", 0.0, negative_emotion=0.9))  # the label reader missed it
    assert missed is not None and missed.feeling.kind == "upset"


def test_offer_of_a_person_is_bilingual_and_names_the_way() -> None:
    assert "Talk to a person" in offer_person("en", "c/1")
    assert "转人工" in offer_person("zh", "c/1")


def _turns(*spec: tuple[str, str | None, float | None]) -> list[PriorTurn]:
    return [PriorTurn(Role(r), "…", emotion=e, emotion_intensity=i) for r, e, i in spec]


def test_frustrated_streak_counts_answered_frustrated_turns_in_a_row() -> None:
    c, b = "customer", "bot"
    assert frustrated_streak([], min_level=0.4) == 0
    one = _turns((c, "frustrated", 0.7), (b, None, None))
    assert frustrated_streak(one, min_level=0.4) == 1
    two = _turns((c, "angry", 0.8), (b, None, None), (c, "frustrated", 0.6), (b, None, None))
    assert frustrated_streak(two, min_level=0.4) == 2
    calm_between = _turns(
        (c, "frustrated", 0.7), (b, None, None), (c, "neutral", 0.0), (b, None, None)
    )
    assert frustrated_streak(calm_between, min_level=0.4) == 0
    unanswered = _turns((c, "frustrated", 0.7))  # the bot has not answered it yet
    assert frustrated_streak(unanswered, min_level=0.4) == 0
    person_between = _turns(
        (c, "frustrated", 0.7), (b, None, None), ("human", None, None), (c, "angry", 0.7)
    )
    assert frustrated_streak(person_between, min_level=0.4) == 0
    anxious = _turns((c, "anxious", 0.9), (b, None, None))  # worry is not frustration
    assert frustrated_streak(anxious, min_level=0.4) == 0
