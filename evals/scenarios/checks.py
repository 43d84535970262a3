"""Expectations → failures, and citation validity against the knowledge base's own text."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from agent.offline import to_plain
from evals.scenarios.results import CaseResult, TurnResult
from knowledge.ingest import IngestSummary, discover, load_articles

_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[(\d+)\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
MIN_PIECE = 8  # a quote may join article fragments, each at least this long


def _norm(text: str) -> str:
    return _SPACE.sub(" ", to_plain(text)).strip()


class ArticleTexts:
    """Every article's plain text by id (all languages), to check what a reply quotes."""

    def __init__(self, texts: dict[str, list[str]]) -> None:
        self._texts = texts

    @classmethod
    def load(cls, kb_path: Path) -> ArticleTexts:
        texts: dict[str, list[str]] = defaultdict(list)
        for article in load_articles(discover(kb_path), IngestSummary()):
            texts[article.article_id].append(_norm(f"{article.title}\n{article.body}"))
        return cls(dict(texts))

    def known(self, article_id: str) -> bool:
        return article_id in self._texts

    def covers(self, article_id: str, sentence: str) -> bool:
        """Whether ``sentence`` is made of the article's text (fragments of ≥ MIN_PIECE chars,
        so an extract that joins a heading to the next line still counts)."""
        return any(_covered(sentence, body) for body in self._texts.get(article_id, []))


def _covered(sentence: str, body: str) -> bool:
    pos = 0
    while pos < len(sentence):
        lo, hi = 0, len(sentence) - pos  # longest prefix of the rest found in the body
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if sentence[pos : pos + mid] in body:
                lo = mid
            else:
                hi = mid - 1
        if lo < min(MIN_PIECE, len(sentence) - pos):
            return False
        pos += lo
        while pos < len(sentence) and sentence[pos] == " ":
            pos += 1
    return True


def quoted_sentences(reply: str) -> list[tuple[int, str]]:
    """(citation number, sentence) for every sentence of a paragraph ending in ``[n]``.

    Paragraphs without a marker are the agent's own voice (intro, a gentle question)."""
    out: list[tuple[int, str]] = []
    for para in re.split(r"\n\s*\n", reply):
        pieces = _MARKER.split(para)
        # pieces: text, n, text, n, ..., tail; each text before a marker is a quote of n
        for i in range(0, len(pieces) - 1, 2):
            n = int(pieces[i + 1])
            for s in _SENTENCE.split(_norm(pieces[i])):
                if s.strip():
                    out.append((n, s.strip()))
    return out


def check_citations(turn: TurnResult, kb: ArticleTexts) -> None:
    if not turn.citations or turn.reply is None:
        return
    problems: list[str] = []
    expected = set(turn.expect.cite_one_of)
    for c in turn.citations:
        if not kb.known(c.article_id):
            problems.append(f"cites {c.article_id}, which is not in the knowledge base")
        elif expected and c.article_id not in expected:
            problems.append(f"cites {c.article_id}, expected one of {sorted(expected)}")
    for n, sentence in quoted_sentences(turn.reply):
        if not 1 <= n <= len(turn.citations):
            problems.append(f"quote marked [{n}] has no citation")
        elif not kb.covers(turn.citations[n - 1].article_id, sentence):
            problems.append(f"[{n}] quote not in {turn.citations[n - 1].article_id}: {sentence!r}")
    turn.citation_valid = not problems
    turn.citation_problems = problems


def _check_turn(turn: TurnResult) -> list[str]:
    e, out = turn.expect, []
    if e.escalates is not None and turn.escalated != e.escalates:
        out.append("should hand over here" if e.escalates else "handed over, should not have")
    if not turn.reached:
        return out  # a person owns the chat: nothing else about the bot to check
    if e.intent and turn.intent not in e.intent:
        out.append(f"intent {turn.intent}, expected {'/'.join(e.intent)}")
    if e.emotion and turn.emotion not in e.emotion:
        out.append(f"emotion {turn.emotion}, expected {'/'.join(e.emotion)}")
    if e.language and turn.language != e.language:
        out.append(f"language {turn.language}, expected {e.language}")
    cited = {c.article_id for c in turn.citations}
    # A handover answers nothing itself: whether it was right is for ``escalates`` to judge.
    if e.cite_one_of and not turn.escalated and not cited & set(e.cite_one_of):
        got = ", ".join(sorted(cited)) or "nothing"
        out.append(f"cited {got}, expected one of {', '.join(e.cite_one_of)}")
    if e.idk is True and not turn.said_idk:
        out.append(f"should say it doesn't know; answered ({turn.action})")
    if e.idk is False and turn.said_idk:
        out.append("said it doesn't know; should have answered")
    if e.no_citation and cited:
        out.append(f"should cite nothing; cited {', '.join(sorted(cited))}")
    out += [f"reply contains {p!r}" for p in e.must_not_contain if p in (turn.reply or "")]
    if turn.citation_valid is False:
        out.append("citation not valid: " + "; ".join(turn.citation_problems))
    return out


def check_case(case: CaseResult, kb: ArticleTexts) -> None:
    """Fill in every failure of one conversation against its expectations."""
    for turn in case.turns:
        check_citations(turn, kb)
        turn.failures = _check_turn(turn)
    e, out = case.conversation.expect, []
    if e.escalates is True and not case.escalated:
        out.append("kept by the bot; should have gone to a person")
    if e.escalates is False and case.escalated:
        out.append(f"handed over at turn {case.escalation_turn} ({case.escalation_reason})")
    if e.escalates and case.escalation_turn is not None:
        if e.by_turn and case.escalation_turn > e.by_turn:
            out.append(
                f"handed over {case.escalation_turn - e.by_turn} turn(s) late "
                f"(turn {case.escalation_turn}, expected by {e.by_turn})"
            )
        if e.reason and case.escalation_reason not in e.reason:
            out.append(f"reason {case.escalation_reason}, expected {'/'.join(e.reason)}")
    if e.churn is True and not case.churn_flagged:
        out.append("missed the churn signal")
    if e.churn is False and case.churn_flagged:
        out.append("flagged churn on a customer who isn't leaving")
    for phrase in e.must_not_contain:
        if any(phrase in (t.reply or "") for t in case.turns):
            out.append(f"a reply contains {phrase!r}")
    if case.error:
        out.append(f"the run failed: {case.error}")
    case.failures = out
