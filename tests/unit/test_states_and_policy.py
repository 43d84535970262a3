from __future__ import annotations

import pytest

from agent.policy import TurnFacts, decide
from agent.settings import PolicySettings
from domain.errors import IllegalTransition
from handoff.states import Move, Ownership, next_state

SETTINGS = PolicySettings()


def test_transition_table_allows_the_loop_and_refuses_the_rest() -> None:
    assert next_state("bot", Move.ESCALATE) is Ownership.QUEUED
    assert next_state(Ownership.QUEUED, Move.CLAIM) is Ownership.HUMAN
    assert next_state(Ownership.HUMAN, Move.HANDBACK) is Ownership.BOT
    assert next_state(Ownership.HUMAN, Move.CLOSE) is Ownership.CLOSED
    for state, move in [
        ("bot", Move.CLAIM),
        ("closed", Move.ESCALATE),
        ("human", Move.CLAIM),
        ("closed", Move.CLOSE),
        ("bot", Move.HANDBACK),
    ]:
        with pytest.raises(IllegalTransition):
            next_state(state, move)


def _signals(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "intent": "check_balance",
        "intent_confidence": 0.9,
        "emotion": "neutral",
        "emotion_intensity": 0.0,
        "churn_risk": 0.0,
        "churn_evidence": [],
        "wants_human": False,
    }
    base.update(kw)
    return base


def _decide(signals: dict[str, object], **kw: object):  # type: ignore[no-untyped-def]
    return decide(TurnFacts(signals=signals, **kw), SETTINGS)  # type: ignore[arg-type]


def test_plain_question_is_answered() -> None:
    assert _decide(_signals()).action == "answer"


def test_each_trigger_escalates_with_its_reason() -> None:
    assert _decide(_signals(wants_human=True)).reason == "customer_asked"
    churn = _decide(
        _signals(
            churn_risk=0.8,
            churn_evidence=[{"source": "words", "detail": "another bank", "weight": 0.7}],
        )
    )
    assert churn.action == "escalate" and churn.reason == "churn_risk" and churn.priority >= 80
    assert _decide(_signals(emotion="angry", emotion_intensity=0.9)).reason == "high_anger"
    assert _decide(_signals(), intent_flags={"escalate": True}).reason == "sensitive_intent"


def test_cannot_answer_twice_escalates_but_once_only_clarifies() -> None:
    assert _decide(_signals(), nothing_found=True).action == "clarify"
    second = _decide(_signals(), nothing_found=True, unanswered_streak=1)
    assert second.action == "escalate" and second.reason == "cannot_answer"


def test_moderate_churn_answers_then_probes() -> None:
    # A probe needs something the customer said (issue 11): evidence from this message.
    said = [{"source": "model", "detail": "churn head 0.30", "weight": 0.3}]
    assert _decide(_signals(churn_risk=0.45, churn_evidence=said)).action == "answer_and_probe"
    earlier = [{"source": "conversation", "detail": "2 turns ago: leaving", "weight": 0.4}]
    assert _decide(_signals(churn_risk=0.45, churn_evidence=earlier)).action == "answer_and_probe"


def test_profile_alone_never_probes_a_routine_question() -> None:
    # "How do I freeze my card?" with a contract ending in 20 days: answered, no retention probe.
    profile = [
        {"source": "profile", "detail": "contract ends in 20 days", "weight": 0.4},
        {"source": "model", "detail": "churn head 0.01", "weight": 0.01},
    ]
    signals = _signals(intent="freeze_card", churn_risk=0.41, churn_evidence=profile)
    assert _decide(signals).action == "answer"
    history = [{"source": "history", "detail": "4 balance checks in 30 days", "weight": 0.4}]
    assert _decide(_signals(churn_risk=0.4, churn_evidence=history)).action == "answer"


def test_after_handback_history_alone_does_not_bounce_the_chat_back() -> None:
    history_only = _signals(
        churn_risk=0.7, churn_evidence=[{"source": "history", "detail": "5 balance checks"}]
    )
    assert _decide(history_only, handed_back=True).action != "escalate"
    # History alone never hands a routine question over (issue 11), handed back or not.
    assert _decide(history_only).action != "escalate"
    said_before = _signals(
        churn_risk=0.7, churn_evidence=[{"source": "conversation", "detail": "said 'leaving'"}]
    )
    assert _decide(said_before, handed_back=True).action != "escalate"
    new_words = _signals(
        churn_risk=0.7, churn_evidence=[{"source": "words", "detail": "close", "weight": 0.85}]
    )
    assert _decide(new_words, handed_back=True).action == "escalate"


def test_decision_names_every_trigger_that_fired() -> None:
    d = _decide(
        _signals(
            wants_human=True,
            churn_risk=0.9,
            churn_evidence=[{"source": "words", "detail": "switch", "weight": 0.75}],
        )
    )
    assert d.reason == "churn_risk"
    assert {t["name"] for t in d.as_dict()["triggers"]} == {"customer_asked", "churn_risk"}


def test_profile_and_history_alone_never_escalate_a_routine_question() -> None:
    # A contract ending soon plus repeated balance checks can push the combined risk past the
    # escalation level; without anything said that points at leaving, the answer stays plain.
    about_the_customer = [
        {"source": "profile", "detail": "contract ends in 10 days", "weight": 0.42},
        {"source": "history", "detail": "6 balance checks in 30 days", "weight": 0.35},
        {"source": "model", "detail": "churn head 0.02", "weight": 0.02},
    ]
    signals = _signals(intent="freeze_card", churn_risk=0.63, churn_evidence=about_the_customer)
    assert _decide(signals).action == "answer"
    said = [*about_the_customer, {"source": "model", "detail": "churn head 0.30", "weight": 0.3}]
    assert _decide(_signals(churn_risk=0.74, churn_evidence=said)).action == "escalate"
