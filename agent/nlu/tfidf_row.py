"""tf-idf of one text, computed directly from a fitted ``TfidfVectorizer``.

sklearn's ``transform`` re-validates its input on every call, which cost more than the rest of
understanding put together; the intent, injection and churn heads score one message at a
time, so they compute the (sublinear tf, then idf, then L2) row here instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

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
