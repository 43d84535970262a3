"""The engine end to end on the demo taxonomy: context, history, profile, explanations, cache."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.nlu import OUT_OF_SCOPE, UnderstandingEngine, default_taxonomy_path
from domain.types import CustomerHistory, PriorTurn, Role, UnderstandingContext


def test_history_turns_plain_balance_into_risk(engine: UnderstandingEngine) -> None:
    ctx = UnderstandingContext(
        history=CustomerHistory(balance_checks_30d=5, payoff_checks_30d=2, complaints_30d=1)
    )
    s = engine.analyze("what's my balance", ctx)
    assert s.churn_risk >= 0.6 and s.latent_intent == "churn"
    assert {e.source for e in s.churn_evidence} >= {"history", "model"}


def test_profile_contract_end_counts(engine: UnderstandingEngine) -> None:
    now = datetime(2025, 3, 1, tzinfo=UTC)
    ctx = UnderstandingContext(
        profile={"contract_end": "2025-03-20"},
        now=now,
        history=CustomerHistory(balance_checks_30d=3),
    )
    s = engine.analyze("how much is left on my account", ctx)
    assert any(e.source == "profile" for e in s.churn_evidence)
    assert s.churn_risk > engine.analyze("how much is left on my account").churn_risk


def test_conversation_complaint_and_rising_frustration(engine: UnderstandingEngine) -> None:
    ctx = UnderstandingContext(
        prior_turns=[
            PriorTurn(
                Role.CUSTOMER, "my transfer failed", emotion="neutral", emotion_intensity=0.0
            ),
            PriorTurn(Role.BOT, "Sorry, let me check."),
            PriorTurn(Role.CUSTOMER, "this is ridiculous, it failed again", intent="complaint"),
        ]
    )
    s = engine.analyze("I'M SICK OF THIS!!! what's my balance", ctx)
    assert s.emotion_trajectory == "rising"
    assert any(e.source == "conversation" for e in s.churn_evidence)


def test_churn_words_two_turns_ago(engine: UnderstandingEngine) -> None:
    ctx = UnderstandingContext(
        prior_turns=[
            PriorTurn(Role.CUSTOMER, "I'm thinking of switching banks"),
            PriorTurn(Role.BOT, "I'm sorry to hear that."),
        ]
    )
    s = engine.analyze("what's my balance", ctx)
    assert s.churn_risk >= 0.5
    assert any(e.source == "conversation" for e in s.churn_evidence)


def test_trajectory_falling(engine: UnderstandingEngine) -> None:
    ctx = UnderstandingContext(
        prior_turns=[
            PriorTurn(Role.CUSTOMER, "this is a disgrace", emotion="angry", emotion_intensity=0.9),
        ]
    )
    s = engine.analyze("ok thanks, that fixed it", ctx)
    assert s.emotion == "satisfied" and s.emotion_trajectory == "falling"


@pytest.mark.parametrize(
    ("text", "intent", "lang"),
    [
        ("I lost my card", "lost_or_stolen_card", "en"),
        ("我的卡丢了", "lost_or_stolen_card", "zh"),
        ("查一下余额", "check_balance", "zh"),
        ("I want to talk to a real person", "talk_to_human", "en"),
    ],
)
def test_intents_both_languages(
    engine: UnderstandingEngine, text: str, intent: str, lang: str
) -> None:
    s = engine.analyze(text)
    assert (s.intent, s.language) == (intent, lang)
    assert 0 < s.intent_confidence <= 1 and len(s.top_intents) == 3
    assert s.top_intents[0].confidence >= s.top_intents[1].confidence


@pytest.mark.parametrize("text", ["what's the weather tomorrow", "给我讲个笑话"])
def test_out_of_scope(engine: UnderstandingEngine, text: str) -> None:
    assert engine.analyze(text).intent == OUT_OF_SCOPE


def test_every_signal_explains_itself(engine: UnderstandingEngine) -> None:
    s = engine.analyze("What's my balance? I'm moving everything to another bank!!")
    for key in ("language", "intent", "emotion", "emotion_trajectory", "wants_human", "churn"):
        assert key in s.explanations
    assert any("n-grams" in e.detail for e in s.explanations["intent"])
    assert any(e.source == "words" and "another bank" in e.detail for e in s.churn_evidence)
    assert s.as_dict()["churn_evidence"][0]["source"] in {"words", "model"}


def test_wants_human_model_path_respects_hard_negatives(engine: UnderstandingEngine) -> None:
    assert engine.analyze("can I talk to someone please").wants_human
    assert not engine.analyze("am I talking to a real person or AI, just curious").wants_human
    assert not engine.analyze("人工智能是什么").wants_human


def test_flags(engine: UnderstandingEngine) -> None:
    assert engine.intent_flags("report_fraud")["escalate"] is True
    assert engine.intent_flags("no_such_intent") == {
        "latent": None,
        "sensitive": False,
        "escalate": False,
    }


def test_cache_round_trip(engine: UnderstandingEngine, embedder: object) -> None:
    assert engine.summary is not None and engine.summary.cache_file is not None
    assert engine.summary.cache_file.exists()
    again = UnderstandingEngine.load(
        default_taxonomy_path(),
        embedder,  # type: ignore[arg-type]
        engine.summary.cache_file.parent,
    )
    assert again.summary is not None and again.summary.cached
    text = "my card was declined"
    assert again.analyze(text).as_dict() == engine.analyze(text).as_dict()


def test_corrupt_cache_is_retrained(tmp_path: Path, engine: UnderstandingEngine) -> None:
    from agent.nlu import artifacts

    key = artifacts.cache_key(engine.taxonomy, engine.embedder, None)
    artifacts.cache_file(tmp_path, key).write_bytes(b"not a pickle")
    assert artifacts.load_cached(tmp_path, key) is None
