"""The wants-a-person head: P(the customer asks, now, to be put in touch with a person).

Logistic regression over [sentence embedding ⊕ char n-gram tf-idf ⊕ rule features ⊕ the intent
model's posterior mass on person-request intents], trained at load time on a generated bilingual
set (human_corpus.py) plus the taxonomy's examples, calibrated on out-of-fold scores. Why:
- The rules (human.py) are features, not gates: the strongest request pattern, the same with
  hard negatives ignored, whether a hard negative ("customer service hours", 人工智能,
  "person-to-person") matched, and the strongest request after spelling repair ("tlak to a
  persn"). Each moves the logit by a learned amount; wording no pattern lists is read through
  the embedding and the n-grams.
- The intent posterior counts whole: its mass on intents whose own examples ask for a person
  (``talk_to_human``), not only a confident top-1.
- Character n-grams carry Chinese; the English-only embedding is switched off for Chinese text.
- Calibration: Platt scaling (or isotonic) fitted on 5-fold out-of-fold decision values.
- It reuses the engine's one embedding of the message and the posterior already computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from agent.nlu.head_features import (
    NgramRow,
    char_ngram_vectorizer,
    embedding_weight,
    fit_platt,
    platt_probability,
    stack_features,
)
from domain.types import Evidence

if TYPE_CHECKING:
    from scipy.sparse import spmatrix

    from agent.nlu.human import RuleReading


@dataclass(frozen=True, slots=True)
class HumanHeadConfig:
    ngram_range: tuple[int, int] = (2, 5)
    embedding_weight: float = 1.0
    zh_embedding_weight: float = 0.0
    rule_weight: float = 2.0
    posterior_weight: float = 2.0
    C: float = 3.0
    folds: int = 5
    calibration: Literal["platt", "isotonic"] = "platt"


@dataclass(frozen=True, slots=True)
class PersonMass:
    mass: float  # posterior mass on person-request intents
    top: str = ""  # the one with the most mass, for the evidence


@dataclass(slots=True)
class HumanHeadReading:
    probability: float
    evidence: list[Evidence] = field(default_factory=list)


def person_mass(posterior: Mapping[str, float], person_intents: frozenset[str]) -> PersonMass:
    mine = {k: v for k, v in posterior.items() if k in person_intents}
    return PersonMass(float(sum(mine.values())), max(mine, key=lambda k: mine[k], default=""))


class HumanHead(NgramRow):
    """Fit from texts, labels, embeddings, rule readings and posterior mass; read one message."""

    def __init__(self, config: HumanHeadConfig | None = None) -> None:
        self.config = config or HumanHeadConfig()
        self.train_size = 0
        self.cv_brier: float | None = None
        self._vectorizer: Any = None
        self._analyzer: Any = None
        self._clf: Any = None
        self._platt = (1.0, 0.0)
        self._iso: tuple[np.ndarray, np.ndarray] | None = None  # isotonic knots (x, y)
        self._dim = 0

    def _emb_scale(self, text: str) -> float:
        return embedding_weight(text, self.config.embedding_weight, self.config.zh_embedding_weight)

    def _dense(self, rules: list[float], mass: PersonMass) -> np.ndarray:
        c = self.config
        return np.array([*(np.array(rules) * c.rule_weight), mass.mass * c.posterior_weight])

    def _features(
        self, texts: list[str], emb: np.ndarray, dense: np.ndarray, vectorizer: Any = None
    ) -> spmatrix:
        scale = np.array([self._emb_scale(t) for t in texts])
        grams = (vectorizer or self._vectorizer).transform(texts)
        return stack_features(emb, scale, grams, dense)

    def _new_vectorizer(self, texts: list[str]) -> Any:
        return char_ngram_vectorizer(self.config.ngram_range, min_df=2).fit(texts)

    def _new_clf(self) -> Any:
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.config.C, max_iter=3000, class_weight="balanced")

    def out_of_fold(
        self, texts: list[str], labels: list[int], emb: np.ndarray, dense: np.ndarray
    ) -> np.ndarray:
        """Decision values of each example from a model that never saw it (k-fold)."""
        from sklearn.model_selection import StratifiedKFold

        y = np.asarray(labels)
        oof = np.zeros(len(texts))
        folds = StratifiedKFold(self.config.folds, shuffle=True, random_state=0)
        for train, test in folds.split(texts, y):
            vec = self._new_vectorizer([texts[i] for i in train])
            clf = self._new_clf().fit(
                self._features([texts[i] for i in train], emb[train], dense[train], vec), y[train]
            )
            feats = self._features([texts[i] for i in test], emb[test], dense[test], vec)
            oof[test] = clf.decision_function(feats)
        return oof

    def fit(
        self,
        texts: list[str],
        labels: list[int],
        emb: np.ndarray,
        rules: list[list[float]],
        masses: list[PersonMass],
    ) -> HumanHead:
        emb = np.asarray(emb, dtype=np.float32)
        y = np.asarray(labels)
        dense = np.array([self._dense(r, m) for r, m in zip(rules, masses, strict=True)])
        self._dim = emb.shape[1]
        oof = self.out_of_fold(texts, labels, emb, dense)
        self._calibrate(oof, y)
        self.cv_brier = float(np.mean((self._calibrated(oof) - y) ** 2))
        self._vectorizer = self._new_vectorizer(texts)
        self._clf = self._new_clf().fit(self._features(texts, emb, dense), y)
        self.train_size = len(texts)
        return self

    def _calibrate(self, oof: np.ndarray, y: np.ndarray) -> None:

        if self.config.calibration == "isotonic":
            from sklearn.isotonic import IsotonicRegression

            iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(oof, y)
            self._iso = (np.asarray(iso.X_thresholds_), np.asarray(iso.y_thresholds_))
            return
        self._platt = fit_platt(oof, y)

    def _calibrated(self, z: np.ndarray) -> np.ndarray:
        if self._iso is not None:
            return np.interp(z, self._iso[0], self._iso[1])
        return platt_probability(self._platt, z)

    def read(
        self, text: str, emb: np.ndarray | None, rules: RuleReading, mass: PersonMass
    ) -> HumanHeadReading:
        """Calibrated probability with its parts (``emb=None``: n-grams, rules, posterior)."""
        idx, vals = self._sparse_row(text)
        coef, d = self._clf.coef_[0], self._dim
        n_sparse = len(self._vectorizer.idf_)
        dense = self._dense(rules.features(), mass)
        emb_part = 0.0
        if emb is not None:
            vec = np.asarray(emb, dtype=np.float32).reshape(-1)
            emb_part = float(coef[:d] @ (vec * self._emb_scale(text)))
        dense_coef = coef[d + n_sparse :]
        parts = {
            "embedding": emb_part,
            "n-grams": float(coef[d + idx] @ vals),
            "rules": float(dense_coef[:4] @ dense[:4]),
            "intent posterior": float(dense_coef[4:] @ dense[4:]),
        }
        z = sum(parts.values()) + float(self._clf.intercept_[0])
        p = float(self._calibrated(np.array([z]))[0])
        detail = ", ".join(f"{k} {v:+.1f}" for k, v in parts.items())
        evidence = [Evidence("model", f"wants-a-person head {p:.2f} ({detail})", round(p, 4))]
        evidence += rules.evidence
        if rules.vetoed:
            evidence.append(Evidence("words", "a hard negative matched (asks about, not for)", 0.0))
        if mass.mass >= 0.1:
            evidence.append(
                Evidence("model", f"intent posterior: {mass.mass:.2f} on {mass.top}", 0.0)
            )
        return HumanHeadReading(round(p, 4), evidence)
