"""Hand-built conversation results for the metric and check tests (no agent run)."""

from __future__ import annotations

from typing import Any

from evals.scenarios.results import CaseResult, CitedArticle, TriggerTrace, TurnResult
from evals.scenarios.schema import Conversation


def conversation(cid: str, turns: list[dict[str, Any]], expect: dict[str, Any], lang: str = "en"):
    return Conversation.model_validate(
        {"id": cid, "language": lang, "turns": turns, "expect": expect}
    )


def turn(conv: Conversation, n: int, action: str, *, reason: str | None = None, **kw: Any):
    t = TurnResult(n=n, text=conv.turns[n - 1].say, expect=conv.turns[n - 1].expect)
    t.reached, t.action, t.reason = True, action, reason
    if action == "escalate" and reason:
        t.triggers = [TriggerTrace(reason, "fired")]
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def cite(*ids: str) -> list[CitedArticle]:
    return [CitedArticle(i, i, "") for i in ids]


def case(conv: Conversation, turns: list[TurnResult], *, failed: bool = True) -> CaseResult:
    c = CaseResult("fixture", conv, turns)
    c.failures = ["marked failed by the fixture"] if failed else []
    return c
