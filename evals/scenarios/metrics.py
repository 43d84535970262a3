"""The figures a CX lead reads, computed from scored conversations. Pure: no I/O.

Definitions (a ratio whose denominator is empty is ``None``, shown as "n/a"):

- containment: conversations the bot kept (never handed over) / all conversations.
- false containment: conversations the bot kept that were expected to go to a person /
  conversations the bot kept — the share of "contained" that should not have been.
- escalation precision: handed over and expected to be / handed over (among conversations with
  an ``escalates`` expectation); recall: handed over and expected to be / expected to be.
- on-time escalation: of the expected handovers that happened, the share at or before
  ``by_turn``; ``turns_late`` counts how many turns late the others were.
- per reason (the first reason an expectation lists): recall = handed over / expected with this
  reason; reason accuracy = handed over *for this reason*; precision (by the reason the agent
  gave) = expected to go to a person / handed over for this reason.
- churn recall: conversations expected to show churn that the agent flagged (probed or a churn
  trigger fired) / expected; false-positive rate: flagged / expected not to show churn.
- intent accuracy: turns with the expected intent / turns with an intent expectation the bot read.
- "I don't know": a turn where the bot found nothing (clarify) or handed over for
  ``cannot_answer``. Labelled turns are those with ``idk`` set or ``cite_one_of`` (answerable).
  precision = said it and should have / said it; recall = said it / should have.
- citation validity: bot answers whose citations are all expected articles and whose every
  quoted sentence comes from the cited article / bot answers with citations.
- latency p50/p95: nearest-rank percentiles of per-turn agent latency, turns the bot answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from evals.scenarios.results import CaseResult
from evals.scenarios.schema import REASONS

NONE = "none"  # not handed over / not expected to be
ANY = "any"  # expected to be handed over, no reason given


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass(frozen=True, slots=True)
class ReasonFigures:
    reason: str
    expected: int  # conversations expected to hand over for this reason
    caught: int  # …that were handed over (for any reason)
    caught_for_reason: int  # …for this very reason
    escalated_as: int  # conversations the agent handed over for this reason
    escalated_as_correct: int  # …that were expected to go to a person
    recall: float | None
    reason_accuracy: float | None
    precision: float | None


@dataclass(frozen=True, slots=True)
class ScenarioMetrics:
    conversations: int
    turns: int
    cases_passed: int
    case_pass_rate: float | None
    contained: int
    containment: float | None
    false_contained: int
    false_containment: float | None
    escalation_tp: int
    escalation_fp: int
    escalation_fn: int
    escalation_tn: int
    escalation_precision: float | None
    escalation_recall: float | None
    on_time_escalation: float | None
    turns_late: dict[int, int]  # turns late → conversations (0 = on time)
    mean_turns_late: float | None
    per_reason: list[ReasonFigures]
    reason_confusion: dict[str, dict[str, int]]  # expected reason → agent's reason → count
    churn_recall: float | None
    churn_false_positive_rate: float | None
    intent_accuracy: float | None
    idk_precision: float | None
    idk_recall: float | None
    citation_validity: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latencies_ms: list[float] = field(default_factory=list)

    def value(self, name: str) -> float | None:
        v = getattr(self, name)
        return None if v is None else float(v)


def _expected_reason(case: CaseResult) -> str:
    e = case.conversation.expect
    if not e.escalates:
        return NONE
    return e.reason[0] if e.reason else ANY


def compute(cases: list[CaseResult]) -> ScenarioMetrics:
    labelled = [c for c in cases if c.conversation.expect.escalates is not None]
    should = [c for c in labelled if c.conversation.expect.escalates]
    tp = sum(c.escalated for c in should)
    fn = len(should) - tp
    fp = sum(c.escalated for c in labelled if not c.conversation.expect.escalates)
    tn = len(labelled) - len(should) - fp
    kept = [c for c in cases if not c.escalated]
    false_kept = sum(bool(c.conversation.expect.escalates) for c in kept)

    late: dict[int, int] = {}
    for c in should:
        if c.escalation_turn is None:
            continue
        by = c.conversation.expect.by_turn
        n = max(0, c.escalation_turn - by) if by else 0
        late[n] = late.get(n, 0) + 1
    handed = sum(late.values())

    per_reason = []
    for r in REASONS:
        exp = [c for c in should if _expected_reason(c) == r]
        as_r = [c for c in labelled if c.escalation_reason == r]
        caught = sum(c.escalated for c in exp)
        right = sum(c.escalation_reason == r for c in exp)
        correct = sum(bool(c.conversation.expect.escalates) for c in as_r)
        per_reason.append(
            ReasonFigures(
                r,
                len(exp),
                caught,
                right,
                len(as_r),
                correct,
                ratio(caught, len(exp)),
                ratio(right, len(exp)),
                ratio(correct, len(as_r)),
            )
        )
    confusion: dict[str, dict[str, int]] = {}
    for c in labelled:
        row = confusion.setdefault(_expected_reason(c), {})
        got = c.escalation_reason or NONE
        row[got] = row.get(got, 0) + 1

    churn_yes = [c for c in cases if c.conversation.expect.churn is True]
    churn_no = [c for c in cases if c.conversation.expect.churn is False]

    reached = [t for c in cases for t in c.turns if t.reached]
    with_intent = [t for t in reached if t.expect.intent]
    idk_labelled = [t for t in reached if t.expect.idk is not None or t.expect.cite_one_of]
    said = [t for t in idk_labelled if t.said_idk]
    should_idk = [t for t in idk_labelled if t.expect.idk is True]
    cited = [t for t in reached if t.citation_valid is not None]
    latencies = [t.latency_ms for t in reached if t.latency_ms is not None]
    passed = sum(c.passed for c in cases)
    return ScenarioMetrics(
        conversations=len(cases),
        turns=sum(len(c.turns) for c in cases),
        cases_passed=passed,
        case_pass_rate=ratio(passed, len(cases)),
        contained=len(kept),
        containment=ratio(len(kept), len(cases)),
        false_contained=false_kept,
        false_containment=ratio(false_kept, len(kept)),
        escalation_tp=tp,
        escalation_fp=fp,
        escalation_fn=fn,
        escalation_tn=tn,
        escalation_precision=ratio(tp, tp + fp),
        escalation_recall=ratio(tp, tp + fn),
        on_time_escalation=ratio(late.get(0, 0), handed),
        turns_late=dict(sorted(late.items())),
        mean_turns_late=ratio(sum(n * k for n, k in late.items()), handed),
        per_reason=per_reason,
        reason_confusion=confusion,
        churn_recall=ratio(sum(c.churn_flagged for c in churn_yes), len(churn_yes)),
        churn_false_positive_rate=ratio(sum(c.churn_flagged for c in churn_no), len(churn_no)),
        intent_accuracy=ratio(
            sum(t.intent in t.expect.intent for t in with_intent), len(with_intent)
        ),
        idk_precision=ratio(sum(t.expect.idk is True for t in said), len(said)),
        idk_recall=ratio(sum(t.said_idk for t in should_idk), len(should_idk)),
        citation_validity=ratio(sum(bool(t.citation_valid) for t in cited), len(cited)),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        latencies_ms=latencies,
    )


def by_language(cases: list[CaseResult]) -> dict[str, ScenarioMetrics]:
    langs = sorted({c.language for c in cases})
    return {lang: compute([c for c in cases if c.language == lang]) for lang in langs}
