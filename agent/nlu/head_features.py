"""Features the linear heads (intent, injection, churn, wants-a-person, negative emotion) share:
character n-grams of the normalised text, the message embedding weighted by language, the
tf-idf row of one text, and the stacked feature matrix.

sklearn's ``transform`` re-validates its input on every call, which cost more than the rest of
understanding put together; the heads score one message at a time, so they compute the
(sublinear tf, then idf, then L2) row with :func:`tfidf_row` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from agent.nlu.text import detect_language, normalize

Analyzer = Callable[[str], list[str]]


def tfidf_row(vectorizer: Any, analyzer: Analyzer, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and L2-normalised values of ``text``'s tf-idf row."""
    vocab = vectorizer.vocabulary_
    counts: dict[int, int] = {}
    for gram in analyzer(text):
        j = vocab.get(gram)
        if j is not None:
            counts[j] = counts.get(j, 0) + 1
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    vals = (1.0 + np.log(tf)) * vectorizer.idf_[idx]  # sublinear tf, then idf
    norm = float(np.linalg.norm(vals))
    return idx, (vals / norm if norm > 0 else vals)


def char_ngram_vectorizer(ngram_range: tuple[int, int], *, min_df: int = 1) -> Any:
    """An unfitted tf-idf over character n-grams within words (they carry Chinese, which the
    English embedding does not)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=ngram_range,
        sublinear_tf=True,
        preprocessor=normalize,
        min_df=min_df,
    )


def embedding_weight(
    text: str, weight: float, zh_weight: float, languages: frozenset[str] = frozenset()
) -> float:
    """How much the embedding counts for ``text``: an English-only embedder says little about
    Chinese, so Chinese messages get their own (usually zero) weight, unless the embedder
    covers Chinese (``languages``, from :func:`knowledge.embedder.embedder_languages`; e5 does)."""
    if detect_language(text) == "zh" and "zh" not in languages:
        return zh_weight
    return weight


Platt = tuple[float, float]


def fit_platt(scores: np.ndarray, labels: np.ndarray, *, balanced: bool = False) -> Platt:
    """Platt scaling of out-of-fold decision values: (slope, intercept) of a 1-d logistic fit
    (``balanced``: assume an even prior instead of the training set's)."""
    from sklearn.linear_model import LogisticRegression

    weights = "balanced" if balanced else None
    lr = LogisticRegression(C=1e4, max_iter=1000, class_weight=weights)
    lr.fit(scores.reshape(-1, 1), labels)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def platt_probability(platt: Platt, scores: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(platt[0] * scores + platt[1])))


def stack_features(emb: np.ndarray, scale: np.ndarray, grams: Any, dense: np.ndarray) -> Any:
    """[embedding × per-text language weight ⊕ n-gram tf-idf ⊕ dense features], one CSR matrix."""
    from scipy.sparse import csr_matrix, hstack

    return hstack([csr_matrix(emb * scale[:, None]), grams, csr_matrix(dense)], format="csr")


class NgramRow:
    """The one-message path of a head with a fitted ``_vectorizer``: its analyzer, built on first
    use, and the row computed by :func:`tfidf_row`."""

    _vectorizer: Any
    _analyzer: Any

    def _sparse_row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        if self._analyzer is None:
            self._analyzer = self._vectorizer.build_analyzer()
        return tfidf_row(self._vectorizer, self._analyzer, text)
