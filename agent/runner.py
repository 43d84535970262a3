"""Runs one customer turn through the graph, keyed by conversation id."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from agent.graph import build_graph
from agent.nodes import AgentDeps
from domain.types import CustomerHistory, TurnRecord


@dataclass(slots=True)
class TurnOutcome:
    reply: str
    citations: list[dict[str, Any]]
    signals: dict[str, Any]
    hits: list[dict[str, Any]]
    decision: dict[str, Any]
    latency_ms: float
    articles_tried: list[dict[str, Any]] = field(default_factory=list)
    signal_log: list[dict[str, Any]] = field(default_factory=list)
    answer_source: str = ""
    answer_model: str | None = None  # LLM answers only
    prompt_version: str | None = None  # LLM answers only

    @property
    def escalate(self) -> bool:
        return self.decision.get("action") == "escalate"


def _prior(turns: list[TurnRecord]) -> list[dict[str, Any]]:
    out = []
    for t in turns[-12:]:
        out.append(
            {
                "role": t.role.value,
                "text": t.text,
                "emotion": t.signals.get("emotion"),
                "emotion_intensity": t.signals.get("emotion_intensity"),
                "intent": t.signals.get("intent"),
            }
        )
    return out


class AgentRunner:
    def __init__(self, deps: AgentDeps, checkpointer: Any) -> None:
        self.graph = build_graph(deps, checkpointer)

    @staticmethod
    def _config(conversation_id: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": conversation_id}}

    async def run_turn(
        self,
        conversation_id: str,
        text: str,
        *,
        prior_turns: list[TurnRecord],
        history: CustomerHistory,
        profile: dict[str, Any],
        turn_seq: int = 0,
    ) -> TurnOutcome:
        """Run the graph for the customer turn ``turn_seq`` (0: not tied to a stored turn).

        The checkpointer makes this durable. If the process died while this turn ran, the
        thread's checkpoint already names ``turn_seq``: a finished run (the crash came before
        the store wrote the answer) is read back instead of run again, and a run cut off
        between nodes continues from its last saved step, so memory across turns (the
        unanswered streak, articles tried, the signal log) counts the turn once.
        """
        started = time.perf_counter()
        config = self._config(conversation_id)
        state: dict[str, Any] | None = None
        if turn_seq:
            snap = await self.graph.aget_state(config)
            if snap and snap.values.get("turn_seq") == turn_seq:
                # Every run starts with an empty reply and ends by writing one (answer or
                # escalate), so a reply for this turn means the run finished. (``snap.next``
                # cannot tell: a step whose writes were saved but not yet applied is not
                # listed, although the nodes after it never ran.)
                state = dict(snap.values)
                if not state.get("reply"):
                    state = await self.graph.ainvoke(None, config=config)  # finish the run
                if state.get("turn_seq") != turn_seq or not state.get("reply"):
                    state = None  # nothing to resume after all: run it afresh
        if state is None:
            state = await self.graph.ainvoke(
                {
                    "conversation_id": conversation_id,
                    "turn_seq": turn_seq,
                    "text": text,
                    "prior_turns": _prior(prior_turns),
                    "history": {k: getattr(history, k) for k in history.__slots__},  # type: ignore[attr-defined]
                    "profile": profile,
                    "reply": "",
                    "citations": [],
                },
                config=config,
            )
        return TurnOutcome(
            reply=state.get("reply", ""),
            citations=state.get("citations", []),
            signals=state.get("signals", {}),
            hits=state.get("hits", []),
            decision=state.get("decision", {}),
            latency_ms=(time.perf_counter() - started) * 1000,
            articles_tried=state.get("articles_tried", []),
            signal_log=state.get("signal_log", []),
            answer_source=state.get("answer_source", ""),
            answer_model=state.get("answer_model"),
            prompt_version=state.get("prompt_version"),
        )

    async def memory(self, conversation_id: str) -> dict[str, Any]:
        snap = await self.graph.aget_state(self._config(conversation_id))
        return dict(snap.values) if snap else {}

    async def mark_handed_back(self, conversation_id: str) -> None:
        """After a person hands back, start the unanswered count afresh."""
        # Works with or without an earlier checkpoint (a customer may have asked for a person
        # before the bot ever answered).
        await self.graph.aupdate_state(
            self._config(conversation_id),
            {"unanswered_streak": 0, "handed_back": True},
            as_node="escalate",
        )
