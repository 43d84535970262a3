"""Is this customer message trying to instruct the assistant? A score (0–1), a flag, evidence.

A learned head, logistic regression over [sentence embedding ⊕ char n-gram tf-idf ⊕ pattern
families], trained at load time on a generated bilingual set (injection_corpus.py) plus the
taxonomy's examples as ordinary messages. Why this shape:
- Patterns (injection_patterns.py) name *what kind* of attack it looks like, for the evidence,
  but on their own either miss rephrasings or fire on "ignore my last message".
- Character n-grams carry Chinese and obfuscated spellings; the embedding carries English
  paraphrase. As in intent.py the English-only embedding is switched off for Chinese text.
- It reuses the engine's one embedding of the message: no second model call.

Flag, don't block: the engine reports; agent/policy.py decides what a flag changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from agent.nlu.head_features import NgramRow, char_ngram_vectorizer, embedding_weight
from agent.nlu.injection_patterns import family_scores, pattern_hits
from domain.types import Evidence

if TYPE_CHECKING:
    from scipy.sparse import spmatrix

FLAG_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class InjectionConfig:
    ngram_range: tuple[int, int] = (2, 5)
    embedding_weight: float = 1.0
    zh_embedding_weight: float = 0.0
    embedding_languages: frozenset[str] = frozenset()  # covered by the embedder: full weight
    pattern_weight: float = 2.0
    C: float = 4.0
    threshold: float = FLAG_THRESHOLD


@dataclass(slots=True)
class InjectionReading:
    score: float
    flag: bool
    evidence: list[Evidence] = field(default_factory=list)


class InjectionModel(NgramRow):
    """Fit from (texts, labels, embeddings); score from (text, embedding) without re-embedding."""

    def __init__(self, config: InjectionConfig | None = None) -> None:
        self.config = config or InjectionConfig()
        self.train_size = 0
        self._vectorizer: Any = None
        self._analyzer: Any = None
        self._clf: Any = None
        self._dim = 0

    def _emb_scale(self, text: str) -> float:
        c = self.config
        return embedding_weight(
            text, c.embedding_weight, c.zh_embedding_weight, c.embedding_languages
        )

    def _features(self, texts: list[str], emb: np.ndarray) -> spmatrix:
        from scipy.sparse import csr_matrix, hstack

        scale = np.array([self._emb_scale(t) for t in texts])[:, None]
        patterns = np.array([family_scores(pattern_hits(t)) for t in texts])
        return hstack(
            [
                csr_matrix(emb * scale),
                self._vectorizer.transform(texts),
                csr_matrix(patterns * self.config.pattern_weight),
            ],
            format="csr",
        )

    def fit(self, texts: list[str], labels: list[int], emb: np.ndarray) -> InjectionModel:
        from sklearn.linear_model import LogisticRegression

        emb = np.asarray(emb, dtype=np.float32)
        self._dim = emb.shape[1]
        self._vectorizer = char_ngram_vectorizer(self.config.ngram_range, min_df=2).fit(texts)
        self._clf = LogisticRegression(C=self.config.C, max_iter=3000, class_weight="balanced")
        self._clf.fit(self._features(texts, emb), np.asarray(labels))
        self.train_size = len(texts)
        return self

    def scores(self, texts: list[str], emb: np.ndarray) -> np.ndarray:
        """Batch path (evaluation): same maths as ``read``."""
        feats = self._features(texts, np.asarray(emb, dtype=np.float32))
        return np.asarray(self._clf.predict_proba(feats)[:, 1])

    def read(self, text: str, emb: np.ndarray) -> InjectionReading:
        emb = np.asarray(emb, dtype=np.float32).reshape(-1)
        hits = pattern_hits(text)
        fam = np.array(family_scores(hits)) * self.config.pattern_weight
        idx, vals = self._sparse_row(text)
        coef, d = self._clf.coef_[0], self._dim
        n_sparse = len(self._vectorizer.idf_)
        parts = (
            float(coef[:d] @ (emb * self._emb_scale(text))),
            float(coef[d + idx] @ vals),
            float(coef[d + n_sparse :] @ fam),
        )
        logit = sum(parts) + float(self._clf.intercept_[0])
        score = float(1.0 / (1.0 + np.exp(-logit)))
        evidence = [Evidence("words", f"{family}: '{match}'", w) for family, match, w in hits]
        evidence.append(
            Evidence(
                "model",
                f"injection head {score:.2f} (embedding {parts[0]:+.1f}, n-grams {parts[1]:+.1f}, "
                f"patterns {parts[2]:+.1f}; flag at {self.config.threshold:.2f})",
                round(score, 4),
            )
        )
        return InjectionReading(round(score, 4), score >= self.config.threshold, evidence)
