"""The offline grounded responder: composes an answer from the best retrieved passages.

No model, no key. It quotes the sentences of the top passage(s) that share the most words with
the question (in their original order) and cites the passage each quote came from, so every
claim in the answer is text from a cited article section.
"""

from __future__ import annotations

import re

from agent.ports import Answer
from domain.types import Citation, Hit, PriorTurn

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+|(?<=[。！？])")
_WORD = re.compile(r"[a-z0-9£%']+|[\u4e00-\u9fff]", re.I)
_STOP = {
    "the",
    "a",
    "an",
    "to",
    "of",
    "and",
    "or",
    "is",
    "are",
    "i",
    "my",
    "me",
    "you",
    "your",
    "do",
    "does",
    "can",
    "how",
    "what",
    "in",
    "on",
    "for",
    "it",
    "be",
    "with",
    "at",
    "this",
    "that",
    "we",
    "our",
    "if",
    "by",
    "from",
    "as",
    "will",
    "not",
    "have",
    "has",
    "am",
    "was",
    "的",
    "了",
    "吗",
    "我",
    "你",
    "是",
    "在",
    "怎么",
    "什么",
    "么",
    "呢",
}

_INTRO = {
    "en": "Here's what our help centre says:",
    "zh": "以下是帮助中心的说明：",
}


_MARKUP = re.compile(r"\*\*|__|`|^#+\s*|^\s*[-*+]\s+", re.M)
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")


def to_plain(text: str) -> str:
    """Message text is plain text on the wire: drop Markdown emphasis, code ticks and links."""
    return _MARKUP.sub("", _LINK.sub(r"\1", text)).strip()


def _terms(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP}


def _sentences(text: str) -> list[str]:
    lines = [s.strip(" -*#\t") for s in _SENTENCE.split(text)]
    return [s for s in lines if len(s) > 3]


def best_extract(
    question: str, passage: str, *, max_sentences: int = 3, max_chars: int = 480
) -> str:
    """The passage sentences most related to the question, kept in reading order."""
    sentences = _sentences(to_plain(passage))
    if not sentences:
        return passage.strip()[:max_chars]
    q = _terms(question)
    scored = [(len(q & _terms(s)) + (0.5 if i == 0 else 0.0), i) for i, s in enumerate(sentences)]
    chosen = sorted(i for _, i in sorted(scored, key=lambda t: (-t[0], t[1]))[:max_sentences])
    out: list[str] = []
    size = 0
    for i in chosen:
        if size + len(sentences[i]) > max_chars and out:
            break
        out.append(sentences[i])
        size += len(sentences[i])
    return " ".join(out)


class OfflineResponder:
    def __init__(self, *, max_passages: int = 2, min_relative_score: float = 0.85) -> None:
        self._max_passages = max_passages
        self._min_rel = min_relative_score

    async def answer(
        self, question: str, hits: list[Hit], *, language: str, transcript: list[PriorTurn]
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
            if not same_article and top > 0 and h.score / top >= self._min_rel:
                used.append(h)
        parts = [_INTRO[lang]]
        citations: list[Citation] = []
        for h in used:
            parts.append(f"{best_extract(question, h.text)} [{len(citations) + 1}]")
            citations.append(h.citation())
        return Answer(text="\n\n".join(parts), citations=citations, source="offline")
