"""The negative-emotion head: P(the customer is upset), learned and calibrated, and its kind.

Logistic regression over [sentence embedding ⊕ char n-gram tf-idf ⊕ lexicon features], trained
at load time on a generated bilingual set (emotion_corpus.py) plus the taxonomy's calm
examples. The shape follows the churn head (churn_model.py):
- The lexicon (emotion.py) is read as features, not a verdict: per-label scores, sarcasm,
  negation, intensifiers, caps, "!!!", emoji each move the logit by a learned amount, so a
  story told without feeling words ("on hold 2 hours, third time this week") is read through
  the embedding and the n-grams, and "blue card" or "killer rates" are not read as feelings.
- Character n-grams carry Chinese; the English-only embedding is switched off for Chinese text.
- Calibration: Platt scaling on out-of-fold decision values (5-fold), so 0.5 means about half.
- The kind (angry / frustrated / anxious / sad / confused / satisfied / neutral) is a
  multinomial logistic regression over the same features.
- It reuses the engine's one embedding of the message: no second model call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from agent.nlu.emotion import LEXICON_FEATURES, EmotionReading
from agent.nlu.head_features import (
    NgramRow,
    char_ngram_vectorizer,
    embedding_weight,
    fit_platt,
    platt_probability,
)
from domain.types import Evidence

N_LEXICON = len(LEXICON_FEATURES)


@dataclass(frozen=True, slots=True)
class EmotionHeadConfig:
    ngram_range: tuple[int, int] = (2, 5)
    embedding_weight: float = 1.0
    zh_embedding_weight: float = 0.0
    lexicon_weight: float = 2.0
    C: float = 0.5
    kind_C: float = 0.5
    min_df: int = 3
    folds: int = 5


@dataclass(slots=True)
class EmotionHeadReading:
    negative: float  # calibrated P(negative emotion)
    kinds: dict[str, float] = field(default_factory=dict)  # P(kind), sums to 1
    evidence: list[Evidence] = field(default_factory=list)


class EmotionHead(NgramRow):
    """Fit from texts, kinds, embeddings and lexicon features; read one message cheaply."""

    def __init__(self, config: EmotionHeadConfig | None = None) -> None:
        self.config = config or EmotionHeadConfig()
        self.train_size = 0
        self.cv_brier: float | None = None
        self.kinds: list[str] = []
        self._vectorizer: Any = None
        self._analyzer: Any = None
        self._clf: Any = None
        self._kind_clf: Any = None
        self._platt = (1.0, 0.0)
        self._dim = 0

    def _emb_scale(self, text: str) -> float:
        return embedding_weight(text, self.config.embedding_weight, self.config.zh_embedding_weight)

    def _features(self, texts: list[str], emb: np.ndarray, lexicon: np.ndarray, grams: Any) -> Any:
        from scipy.sparse import csr_matrix, hstack

        scale = np.array([self._emb_scale(t) for t in texts])[:, None]
        lex = csr_matrix(lexicon * self.config.lexicon_weight)
        return hstack([csr_matrix(emb * scale), grams, lex], format="csr")

    def fit(
        self,
        texts: list[str],
        kinds: list[str],
        negative: list[int],
        emb: np.ndarray,
        lexicon: list[list[float]],
    ) -> EmotionHead:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold

        emb = np.asarray(emb, dtype=np.float32)
        lex = np.asarray(lexicon, dtype=np.float64)
        y = np.asarray(negative)
        self._dim = emb.shape[1]

        def new_clf() -> Any:
            return LogisticRegression(C=self.config.C, max_iter=3000, class_weight="balanced")

        # Each text's n-grams are counted once (the vocabulary and idf see every text, never a
        # label), then out-of-fold decision values -> Platt scaling (held-out calibration).
        self._vectorizer = char_ngram_vectorizer(self.config.ngram_range, min_df=self.config.min_df)
        feats = self._features(texts, emb, lex, self._vectorizer.fit_transform(texts))
        oof = np.zeros(len(texts))
        folds = StratifiedKFold(self.config.folds, shuffle=True, random_state=0)
        for train, test in folds.split(texts, y):
            oof[test] = new_clf().fit(feats[train], y[train]).decision_function(feats[test])
        self._platt = fit_platt(oof, y)
        calibrated = platt_probability(self._platt, oof)
        self.cv_brier = float(np.mean((calibrated - y) ** 2))

        self._clf = new_clf().fit(feats, y)
        self._kind_clf = LogisticRegression(
            C=self.config.kind_C, max_iter=3000, class_weight="balanced"
        ).fit(feats, kinds)
        self.kinds = [str(k) for k in self._kind_clf.classes_]
        self.train_size = len(texts)
        return self

    def _parts(
        self, coef: np.ndarray, idx: np.ndarray, vals: np.ndarray, vec: np.ndarray | None,
        lexicon: np.ndarray,
    ) -> tuple[float, float, float]:  # fmt: skip
        """(embedding, n-grams, lexicon) contributions of one row of coefficients."""
        d, n_sparse = self._dim, len(self._vectorizer.idf_)
        emb_part = float(coef[:d] @ vec) if vec is not None else 0.0
        return emb_part, float(coef[d + idx] @ vals), float(coef[d + n_sparse :] @ lexicon)

    def read(self, text: str, emb: np.ndarray | None, lexicon: list[float]) -> EmotionHeadReading:
        """Calibrated P(negative) and P(kind), with the parts of the logit as evidence.
        ``emb=None`` (earlier turns, never embedded) reads n-grams and the lexicon only."""
        idx, vals = self._sparse_row(text)
        lex = np.asarray(lexicon, dtype=np.float64) * self.config.lexicon_weight
        vec = None
        if emb is not None:
            vec = np.asarray(emb, dtype=np.float32).reshape(-1) * self._emb_scale(text)
        parts = self._parts(self._clf.coef_[0], idx, vals, vec, lex)
        z = sum(parts) + float(self._clf.intercept_[0])
        p = float(platt_probability(self._platt, np.asarray(z)))
        logits = np.array(
            [sum(self._parts(row, idx, vals, vec, lex)) for row in self._kind_clf.coef_]
        ) + np.asarray(self._kind_clf.intercept_)
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        kinds = {k: round(float(v), 4) for k, v in zip(self.kinds, probs, strict=True)}
        top = max(kinds, key=lambda k: kinds[k])
        detail = ", ".join(
            f"{k} {v:+.1f}" for k, v in zip(("embedding", "n-grams", "lexicon"), parts, strict=True)
        )
        evidence = [
            Evidence("model", f"negative-emotion head {p:.2f} ({detail})", round(p, 4)),
            Evidence("model", f"kind head: {top} {kinds[top]:.2f}", kinds[top]),
        ]
        return EmotionHeadReading(round(p, 4), kinds, evidence)


NEGATIVE_KINDS = ("angry", "frustrated", "anxious", "sad")
NEGATIVE_AT = 0.5  # P(negative) at which the head names a feeling the lexicon did not see


def combine(reading: EmotionReading, head: EmotionHeadReading) -> EmotionReading:
    """One label and intensity from the lexicon reader and the head.

    - The head says upset and the lexicon saw nothing negative: the head's most likely
      negative kind, at an intensity from P(negative) and the surface arousal.
    - Both say upset: the lexicon's word names the kind ("furious" is angry); intensity is the
      larger of the two readings (a story with no feeling words can still be intense).
    - The head says calm: the lexicon's reading stands (its words are in the head's features,
      and the head has seen banking text only; everyday feeling words are the lexicon's).
    """
    p = head.negative
    if p < NEGATIVE_AT:
        return reading
    from_head = min(1.0, 0.15 + 0.45 * p + reading.arousal)
    if reading.emotion in NEGATIVE_KINDS:
        intensity = max(reading.intensity, from_head)
        return replace(reading, intensity=round(intensity, 3))
    kind = max(NEGATIVE_KINDS, key=lambda k: head.kinds.get(k, 0.0))
    evidence = [
        *reading.evidence,
        Evidence("model", f"negative-emotion head {p:.2f} -> {kind}", round(p, 4)),
    ]
    return replace(reading, emotion=kind, intensity=round(from_head, 3), evidence=evidence)
