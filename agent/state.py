"""The LangGraph state of one conversation. Plain JSON-able values so any checkpointer works.

Per-turn inputs are overwritten each turn; ``unanswered_streak``, ``articles_tried``,
``signal_log`` and ``handed_back`` persist across turns through the checkpointer (thread id =
conversation id).
"""

from __future__ import annotations

from typing import Any, TypedDict


class AgentState(TypedDict, total=False):
    # inputs, each turn
    conversation_id: str
    turn_seq: int  # the customer turn being answered (its seq in the store)
    text: str
    prior_turns: list[dict[str, Any]]
    history: dict[str, Any]
    profile: dict[str, Any]
    # computed this turn
    signals: dict[str, Any]
    hits: list[dict[str, Any]]
    nothing_found: bool
    best_score: float
    answerability: dict[str, Any] | None  # agent.answerability.Verdict.as_dict()
    decision: dict[str, Any]
    reply: str
    citations: list[dict[str, Any]]
    answer_source: str
    answer_model: str | None
    prompt_version: str | None
    # memory across turns
    unanswered_streak: int
    articles_tried: list[dict[str, Any]]
    signal_log: list[dict[str, Any]]
    handed_back: bool
    probed: bool  # the gentle churn question was asked already
    last_ack: str | None  # the acknowledgement phrasing the last answer opened with, if any
