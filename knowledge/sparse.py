"""Sparse lexical vectors for the keyword side of hybrid search.

Documents get BM25 term-frequency weights (saturation ``k``, length normalisation ``b``); the
collection's sparse vector is configured with Qdrant's IDF modifier, so the engine supplies the
IDF at query time and the dot product is BM25. Queries weigh every unique term 1.0.

English goes through Qdrant Edge's own BM25 model (Snowball stemmer + stop words), whose term
ids match a Qdrant server's ``qdrant/bm25``. Chinese has no spaces: terms are character
bigrams plus single characters (robust to unseen words) or jieba words — see
``KnowledgeSettings.zh_tokenizer``; both are hashed into the same u32 id space.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from domain.chinese import to_simplified

ZhTokenizer = Literal["jieba", "bigram"]

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ZH_STOP = frozenset("的了吗呢吧啊么是在我你他她它们和与及或就都也还把被给对")
# Question and filler words: in a help centre they match every FAQ-style heading ("…怎么办？")
# and drown the one content word that matters ("丢"). Measured on the zh eval questions.
_ZH_STOP_BIGRAMS = frozenset(
    {"怎么", "怎样", "如何", "请问", "什么", "为什", "可以", "能不", "不能", "一下", "需要", "想要"}
)
K1 = 1.2
B = 0.75
AVG_LEN = 120.0  # chunks are capped at ~180 units; most sit around 80-150


@dataclass(frozen=True, slots=True)
class SparseVec:
    indices: list[int]
    values: list[float]

    def __bool__(self) -> bool:
        return bool(self.indices)


def _term_id(term: str) -> int:
    # Distinct namespace from Qdrant's English BM25 ids is unnecessary: collisions across a
    # 2^32 space are negligible at knowledge-base scale.
    return zlib.crc32(term.encode("utf-8"))


def _bm25_weights(terms: list[str]) -> SparseVec:
    counts = Counter(terms)
    length = len(terms) or 1
    norm = K1 * (1 - B + B * length / AVG_LEN)
    items = sorted((_term_id(t), tf * (K1 + 1) / (tf + norm)) for t, tf in counts.items())
    return _dedupe(items)


def _dedupe(items: list[tuple[int, float]]) -> SparseVec:
    merged: dict[int, float] = {}
    for idx, val in items:
        merged[idx] = merged.get(idx, 0.0) + val
    keys = sorted(merged)
    return SparseVec(keys, [float(merged[k]) for k in keys])


class SparseEncoder:
    """Turns text into :class:`SparseVec`; thread-safe, cheap to call from a worker thread."""

    def __init__(self, zh_tokenizer: ZhTokenizer = "bigram") -> None:
        self.zh_tokenizer: ZhTokenizer = zh_tokenizer
        self._english: Any = None
        self._lock = threading.Lock()

    def _english_model(self) -> Any:
        with self._lock:
            if self._english is None:
                from qdrant_edge import Bm25, Bm25Config

                self._english = Bm25(Bm25Config(k=K1, b=B, avg_len=AVG_LEN, language="english"))
            return self._english

    def cjk_terms(self, text: str) -> list[str]:
        terms: list[str] = []
        for run in _CJK_RUN.findall(text):
            if self.zh_tokenizer == "jieba":
                terms.extend(w for w in _jieba_words(run) if w not in _ZH_STOP)
                continue
            terms.extend(c for c in run if c not in _ZH_STOP)
            terms.extend(
                a + b
                for a, b in zip(run, run[1:], strict=False)
                if a not in _ZH_STOP and b not in _ZH_STOP and a + b not in _ZH_STOP_BIGRAMS
            )
        return terms

    def _split(self, text: str) -> tuple[str, list[str]]:
        """(the non-CJK remainder for the English model, CJK terms). Traditional characters
        are simplified first, so a 帳戶 query meets a 账户 article and the other way round."""
        text = to_simplified(text)
        cjk = self.cjk_terms(text) if _CJK_RUN.search(text) else []
        rest = _CJK_RUN.sub(" ", text)
        return rest, cjk

    def encode_document(self, text: str) -> SparseVec:
        rest, cjk = self._split(text)
        english = self._english_model().embed_document(rest) if rest.strip() else None
        items: list[tuple[int, float]] = []
        if english is not None:
            items.extend(zip(english.indices, english.values, strict=True))
        if cjk:
            zh = _bm25_weights(cjk)
            items.extend(zip(zh.indices, zh.values, strict=True))
        return _dedupe(items)

    def encode_query(self, text: str) -> SparseVec:
        rest, cjk = self._split(text)
        items: list[tuple[int, float]] = []
        if rest.strip():
            english = self._english_model().embed_query(rest)
            items.extend(zip(english.indices, english.values, strict=True))
        items.extend((_term_id(t), 1.0) for t in set(cjk))
        vec = _dedupe(items)
        return SparseVec(vec.indices, [1.0] * len(vec.indices))


_jieba_lock = threading.Lock()


def _jieba_words(text: str) -> list[str]:
    import jieba

    with _jieba_lock:  # jieba's lazy dictionary load is not thread-safe
        jieba.setLogLevel(60)
        return [w for w in jieba.cut_for_search(text) if w.strip()]
