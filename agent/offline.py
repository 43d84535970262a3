"""The offline grounded responder: composes an answer from the best retrieved passages.

No model, no key. It quotes the sentences of the top passage(s) that answer the question
(agent/extract.py: whole sentences and list items, in reading order) and cites the passage each
quote came from, so every claim in the answer is text from a cited article section. When the
customer is upset, the answer opens with the acknowledgement the turn's tone carries.
"""

from __future__ import annotations

from agent.empathy import Tone
from agent.extract import best_extract, parse, relevance, to_plain
from agent.ports import Answer
from domain.types import Citation, Hit, PriorTurn

__all__ = ["OfflineResponder", "best_extract", "to_plain"]

_INTRO = {
    "en": "Here's what our help centre says:",
    "zh": "以下是帮助中心的说明：",
}


def _match(question: str, hit: Hit) -> float:
    """Terms the best sentence (or list item) of the passage shares with the question."""
    return max(relevance(question, parse(hit.text, hit.section)), default=0.0) // 1


class OfflineResponder:
    def __init__(self, *, max_passages: int = 2, min_relative_score: float = 0.85) -> None:
        self._max_passages = max_passages
        self._min_rel = min_relative_score

    async def answer(
        self,
        question: str,
        hits: list[Hit],
        *,
        language: str,
        transcript: list[PriorTurn],
        tone: Tone | None = None,
    ) -> Answer:
        lang = language if language in _INTRO else "en"
        if not hits:
            return Answer(text="", citations=[])
        top = hits[0].score or 1.0
        used: list[Hit] = [hits[0]]
        for h in hits[1:]:
            if len(used) >= self._max_passages:
                break
            same_article = any(
                u.article_id == h.article_id and u.section == h.section for u in used
            )
            # A further passage only when it is another section of the top article or answers
            # the question at least as well as the top passage (one shared word such as
            # "card" is not enough): else it is a quote beside the point.
            answers = h.article_id == hits[0].article_id or _match(question, h) >= max(
                2.0, _match(question, hits[0])
            )
            if not same_article and top > 0 and h.score / top >= self._min_rel and answers:
                used.append(h)
        intro = _INTRO[lang]
        if tone is not None:
            intro = tone.opening + ("" if lang == "zh" else " ") + intro
        parts = [intro]
        citations: list[Citation] = []
        for h in used:
            quote = best_extract(question, h.text, language=lang, heading=h.section)
            parts.append(f"{quote} [{len(citations) + 1}]")
            citations.append(h.citation())
        return Answer(text="\n\n".join(parts), citations=citations, source="offline")
