"""What the help centre talks about: the lexical terms of its articles, per language.

Answerability asks of a question "does it name something no article ever mentions?" — another
company ("PayPal", "淘宝"), a product the bank doesn't sell ("crypto wallet", "车险"). A question
can share a keyword with an article (card, balance, 密码) and still be about something else;
the words the help centre has never used are what give it away. Terms are the sparse encoder's
(stemmed English words, Chinese characters and bigrams), so "freezing" matches "freeze".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.documents import Article
from knowledge.sparse import SparseEncoder, _term_id

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'&.-]*[A-Za-z0-9]|[A-Za-z]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True, slots=True)
class UnknownTerms:
    """Query words/terms the help centre never uses (in the question's language)."""

    words: tuple[str, ...]  # Latin-script words with no known term
    names: tuple[str, ...]  # of those, written like names: Capitalised mid-sentence, ACRONYM
    cjk: tuple[str, ...]  # Chinese bigrams no article contains
    cjk_chars: tuple[str, ...]  # Chinese characters no article contains (rarer: a strong sign)
    cjk_share: float  # unknown bigrams / content bigrams of the question


class KbVocabulary:
    def __init__(self, terms: dict[str, frozenset[int]], sparse: SparseEncoder) -> None:
        self._terms = terms
        self._sparse = sparse

    @classmethod
    def from_articles(cls, articles: Iterable[Article], sparse: SparseEncoder) -> KbVocabulary:
        vocabulary = cls({}, sparse)
        vocabulary.learn(articles)
        return vocabulary

    def learn(self, articles: Iterable[Article]) -> None:
        """Add articles' terms (after an ingest: a new article's words are no longer foreign).
        Terms of removed articles stay: a stale word only makes the check more lenient."""
        terms = {lang: set(t) for lang, t in self._terms.items()}
        for article in articles:
            text = f"{article.title}\n{' '.join(article.tags)}\n{article.body}"
            terms.setdefault(article.language, set()).update(
                self._sparse.encode_document(text).indices
            )
        self._terms = {lang: frozenset(t) for lang, t in terms.items()}  # one atomic swap

    def __bool__(self) -> bool:
        return bool(self._terms)

    def _known(self, term_ids: list[int], language: str) -> bool:
        vocab = self._terms.get(language) or frozenset().union(*self._terms.values())
        return any(t in vocab for t in term_ids)

    def unknown(self, query: str, language: str) -> UnknownTerms:
        words: list[str] = []
        names: list[str] = []
        for match in _LATIN_WORD.finditer(query):
            word = match.group(0)
            ids = self._sparse.encode_query(word).indices
            if not ids or self._known(ids, language) or self._known(ids, "en"):
                continue  # a stop word, or a term some article uses
            words.append(word)
            before = query[: match.start()].rstrip()
            sentence_start = not before or before[-1] in ".!?。！？"
            if (word[0].isupper() and not sentence_start) or sum(c.isupper() for c in word) > 1:
                names.append(word)
        bigrams: list[str] = []
        unknown_cjk: list[str] = []
        unknown_chars: list[str] = []
        vocab = self._terms.get(language, frozenset())
        for run in _CJK_RUN.findall(query):
            for term in self._sparse.cjk_terms(run):
                known = _term_id(term) in vocab
                if len(term) == 1 and not known:
                    unknown_chars.append(term)
                elif len(term) == 2:
                    bigrams.append(term)
                    if not known:
                        unknown_cjk.append(term)
        share = len(unknown_cjk) / len(bigrams) if bigrams else 0.0
        return UnknownTerms(
            tuple(words), tuple(names), tuple(unknown_cjk), tuple(unknown_chars), share
        )
