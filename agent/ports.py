"""What the agent needs from the outside, as small interfaces (implemented in agent/nlu,
knowledge/ and agent/llm.py; faked nowhere in production code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.empathy import Tone
from agent.output_guard import GuardVerdict
from domain.types import Citation, Hit, PriorTurn, Signals, UnderstandingContext


class Understander(Protocol):
    def analyze(self, text: str, ctx: UnderstandingContext | None = None) -> Signals: ...

    def intent_flags(self, intent: str) -> dict[str, Any]: ...


class SearchResultLike(Protocol):
    hits: list[Hit]
    nothing_found: bool
    best_score: float


class Searcher(Protocol):
    async def search(
        self,
        query: str,
        *,
        language: str | None = None,
        tags: list[str] | None = None,
        limit: int = 5,
    ) -> SearchResultLike: ...


@dataclass(slots=True)
class Answer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    source: str = "offline"  # offline | llm | llm-fallback | llm-uncited | offline:output_guard
    guard: GuardVerdict | None = None  # set when the output guard withheld the model's reply
    model: str | None = None  # the language model asked (LLM path only)
    prompt_version: str | None = None  # which system prompt it was given (LLM path only)


class Responder(Protocol):
    async def answer(
        self,
        question: str,
        hits: list[Hit],
        *,
        language: str,
        transcript: list[PriorTurn],
        tone: Tone | None = None,  # open with an acknowledgement of how the customer feels
    ) -> Answer: ...
