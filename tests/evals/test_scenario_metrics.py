"""Every figure of the scenario report, pinned on a hand-checked fixture of six conversations.

A: should go to a person (churn, by turn 2); handed over for churn at turn 3 → 1 turn late.
B: should go to a person (asked, by turn 1); the bot kept it (said "I don't know"): false
   containment.
C: should stay with the bot; answered with a valid citation → the one passing case.
D: should stay with the bot; handed over for anger → a false positive.
E: should go to a person (sensitive); handed over on time but for "customer_asked".
F (zh): no escalation expectation; probed for churn on a customer who isn't leaving.
"""

from __future__ import annotations

import pytest

from evals.scenarios.metrics import ANY, NONE, by_language, compute, percentile
from tests.evals.fixtures import case, cite, conversation, turn


def six_cases():
    a = conversation(
        "A",
        [{"say": "balance?"}, {"say": "fees?"}, {"say": "leaving"}],
        {"escalates": True, "by_turn": 2, "reason": "churn_risk", "churn": True},
    )
    b = conversation(
        "B",
        [{"say": "??", "expect": {"idk": True}}],
        {"escalates": True, "by_turn": 1, "reason": "customer_asked"},
    )
    c = conversation(
        "C",
        [
            {
                "say": "balance",
                "expect": {"intent": "check_balance", "cite_one_of": "balances-check"},
            }
        ],
        {"escalates": False, "churn": False},
    )
    d = conversation("D", [{"say": "grr"}], {"escalates": False})
    e = conversation(
        "E", [{"say": "fraud"}], {"escalates": True, "by_turn": 1, "reason": "sensitive_intent"}
    )
    f = conversation(
        "F",
        [{"say": "余额", "expect": {"intent": "close_account", "idk": True}}],
        {"churn": False},
        lang="zh",
    )
    return [
        case(
            a,
            [
                turn(a, 1, "answer", latency_ms=100.0),
                turn(a, 2, "answer", latency_ms=200.0),
                turn(a, 3, "escalate", reason="churn_risk", latency_ms=300.0),
            ],
        ),
        case(b, [turn(b, 1, "clarify", reason="nothing_found", latency_ms=400.0)]),
        case(
            c,
            [
                turn(
                    c,
                    1,
                    "answer",
                    intent="check_balance",
                    citations=cite("balances-check"),
                    citation_valid=True,
                    latency_ms=500.0,
                )
            ],
            failed=False,
        ),
        case(d, [turn(d, 1, "escalate", reason="high_anger", latency_ms=600.0)]),
        case(e, [turn(e, 1, "escalate", reason="customer_asked", latency_ms=700.0)]),
        case(
            f,
            [
                turn(
                    f,
                    1,
                    "answer_and_probe",
                    reason="churn_probe",
                    intent="check_balance",
                    citations=cite("fees-account"),
                    citation_valid=False,
                    latency_ms=800.0,
                )
            ],
        ),
    ]


def test_containment_and_false_containment() -> None:
    m = compute(six_cases())
    assert (m.conversations, m.turns, m.contained) == (6, 8, 3)  # B, C, F kept
    assert m.containment == pytest.approx(3 / 6)
    assert m.false_contained == 1  # B
    assert m.false_containment == pytest.approx(1 / 3)


def test_escalation_precision_recall_and_timeliness() -> None:
    m = compute(six_cases())
    assert (m.escalation_tp, m.escalation_fn, m.escalation_fp, m.escalation_tn) == (2, 1, 1, 1)
    assert m.escalation_precision == pytest.approx(2 / 3)
    assert m.escalation_recall == pytest.approx(2 / 3)
    assert m.turns_late == {0: 1, 1: 1}  # E on time, A one turn late
    assert m.on_time_escalation == pytest.approx(1 / 2)
    assert m.mean_turns_late == pytest.approx(0.5)


def test_per_reason_figures_and_confusion() -> None:
    m = compute(six_cases())
    r = {x.reason: x for x in m.per_reason}
    assert (r["churn_risk"].recall, r["churn_risk"].reason_accuracy) == (1.0, 1.0)
    assert r["churn_risk"].precision == 1.0
    assert r["customer_asked"].recall == 0.0  # B kept
    assert r["customer_asked"].precision == 1.0  # E, expected to go to a person
    assert (r["sensitive_intent"].recall, r["sensitive_intent"].reason_accuracy) == (1.0, 0.0)
    assert r["sensitive_intent"].precision is None  # the agent never gave that reason
    assert r["high_anger"].recall is None and r["high_anger"].precision == 0.0  # D
    assert m.reason_confusion == {
        "churn_risk": {"churn_risk": 1},
        "customer_asked": {NONE: 1},
        NONE: {NONE: 1, "high_anger": 1},
        "sensitive_intent": {"customer_asked": 1},
    }
    assert ANY not in m.reason_confusion


def test_churn_intent_idk_citations_latency_and_pass_rate() -> None:
    m = compute(six_cases())
    assert m.churn_recall == 1.0  # A flagged (churn trigger)
    assert m.churn_false_positive_rate == pytest.approx(1 / 2)  # C not, F probed
    assert m.intent_accuracy == pytest.approx(1 / 2)  # C right, F wrong
    assert m.idk_precision == 1.0  # only B said it, and should have
    assert m.idk_recall == pytest.approx(1 / 2)  # B yes, F answered
    assert m.citation_validity == pytest.approx(1 / 2)
    assert m.latency_p50_ms == 400.0 and m.latency_p95_ms == 800.0
    assert m.case_pass_rate == pytest.approx(1 / 6)


def test_sliced_by_language() -> None:
    langs = by_language(six_cases())
    assert set(langs) == {"en", "zh"}
    assert langs["zh"].conversations == 1 and langs["zh"].containment == 1.0
    assert langs["zh"].escalation_recall is None  # nothing expected to go to a person
    assert langs["en"].containment == pytest.approx(2 / 5)


def test_unreached_turns_are_not_scored() -> None:
    cases = six_cases()
    cases[0].turns[1].reached = False  # a person owned the chat by then
    # sorted [100, 300, 400, 500, 600, 700, 800]: nearest rank ceil(0.5 × 7) = 4 → 500
    assert compute(cases).latency_p50_ms == 500.0


def test_percentile_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 95) == 7.0
    assert percentile([1, 2, 3, 4], 50) == 2
    assert percentile([1, 2, 3, 4], 95) == 4
