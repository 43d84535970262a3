"""The contract the lead relies on: the insight case and its plain counterpart."""

from __future__ import annotations

from agent.nlu import UnderstandingEngine


def test_balance_plus_switching_is_churn(engine: UnderstandingEngine) -> None:
    s = engine.analyze("What's my balance? I'm moving everything to another bank")
    assert s.churn_risk >= 0.6
    assert s.latent_intent == "churn"
    assert {e.source for e in s.churn_evidence} >= {"words"}


def test_plain_balance_is_low(engine: UnderstandingEngine) -> None:
    s = engine.analyze("what's my balance")
    assert s.intent == "check_balance"
    assert s.churn_risk < 0.3
    assert s.latent_intent is None


def test_signals_serialise(engine: UnderstandingEngine) -> None:
    d = engine.analyze("转人工").as_dict()
    assert d["language"] == "zh" and d["wants_human"] is True
    assert engine.intent_flags("check_balance")["latent"] == "churn"
