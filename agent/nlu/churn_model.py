"""The churn head: P(this message is about leaving), learned and calibrated.

Logistic regression over [sentence embedding ⊕ char n-gram tf-idf ⊕ churn cue features ⊕ the
intent model's posterior mass on exit intents], trained at load time on a generated bilingual
set (churn_corpus.py) plus the taxonomy's examples (exit-flagged intents positive, the rest
negative). Why this shape:
- The word cues (churn_cues.py) are features, not gates: a cue raises the logit by a learned
  amount, and wording no cue lists ("get rid of my account", "quit this account") is still read
  through the embedding and the n-grams.
- The intent posterior is used whole: the probability mass on intents flagged ``exit: true``
  (close account, switch away, transfer out, closing/exit fee) counts even when no single exit
  intent wins the top-1 gate; mass on latent-churn intents (balance, statement, payoff) is a
  separate, weaker feature.
- Character n-grams carry Chinese; the English-only embedding is switched off for Chinese text
  (as in intent.py and injection.py).
- Calibration: Platt scaling fitted on out-of-fold decision values (5-fold), so a score of 0.5
  means about half of such messages are churn on the training distribution.
- It reuses the engine's one embedding of the message and the intent posterior already computed:
  no second model call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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

CueList = Sequence[tuple[str, float, str]]


@dataclass(frozen=True, slots=True)
class ChurnHeadConfig:
    ngram_range: tuple[int, int] = (2, 5)
    embedding_weight: float = 1.0
    zh_embedding_weight: float = 0.0
    embedding_languages: frozenset[str] = frozenset()  # covered by the embedder: full weight
    cue_weight: float = 2.0
    posterior_weight: float = 2.0
    C: float = 2.0
    folds: int = 5


@dataclass(frozen=True, slots=True)
class PosteriorMass:
    exit: float  # mass on intents flagged exit: true
    latent: float  # mass on latent-churn intents that are not exits (balance, statement, payoff)
    top_exit: str = ""  # the exit intent with the most mass, for the evidence


@dataclass(slots=True)
class ChurnHeadReading:
    probability: float
    evidence: list[Evidence] = field(default_factory=list)


def posterior_mass(
    posterior: Mapping[str, float], exit_intents: frozenset[str], latent_intents: frozenset[str]
) -> PosteriorMass:
    exits = {k: v for k, v in posterior.items() if k in exit_intents}
    top = max(exits, key=lambda k: exits[k], default="")
    latent = sum(v for k, v in posterior.items() if k in latent_intents)
    return PosteriorMass(float(sum(exits.values())), float(latent), top)


# Counter-cue labels (churn_cues.py) saying the wish to leave is over, kept as their own feature:
# "I was going to switch but you fixed it" must be able to outweigh the switching words.
SETTLED_LABELS = frozenset({"staying", "intention given up or resolved"})
N_CUE_FEATURES = 5  # the four of cue_features, then strongest cue x settled cue


def cue_features(cues: CueList, counter: CueList) -> list[float]:
    """[strongest cue, number of cue kinds (capped at 3) / 3, strongest settled-intention
    counter-cue, strongest other counter-cue (a card replaced, a session, money moving in)]."""
    return [
        max((w for _, w, _ in cues), default=0.0),
        min(len(cues), 3) / 3,
        max((w for _, w, label in counter if label in SETTLED_LABELS), default=0.0),
        max((w for _, w, label in counter if label not in SETTLED_LABELS), default=0.0),
    ]


class ChurnHead(NgramRow):
    """Fit from texts, labels, embeddings, cue and posterior features; read one message cheaply."""

    def __init__(self, config: ChurnHeadConfig | None = None) -> None:
        self.config = config or ChurnHeadConfig()
        self.train_size = 0
        self.cv_brier: float | None = None
        self._vectorizer: Any = None
        self._analyzer: Any = None
        self._clf: Any = None
        self._platt = (1.0, 0.0)
        self._dim = 0

    def _emb_scale(self, text: str) -> float:
        c = self.config
        return embedding_weight(
            text, c.embedding_weight, c.zh_embedding_weight, c.embedding_languages
        )

    def _dense(self, cues: list[float], mass: PosteriorMass) -> np.ndarray:
        """Cue features and the strongest cue times the settled-intention cue, then the exit mass
        and the exit mass times the settled-intention cue:
        the intent model reads "I was going to close my account but it's sorted" as
        close_account, and this interaction lets the head learn to discount that mass. The
        latent mass (balance, statement, payoff) is not a feature: a balance question is not
        about leaving by itself; what it means next to other signs is assess_churn's call."""
        c = self.config
        settled = cues[2]
        return np.array(
            [*(np.array(cues) * c.cue_weight), cues[0] * settled * c.cue_weight,
             mass.exit * c.posterior_weight, mass.exit * settled * c.posterior_weight]
        )  # fmt: skip

    def _features(
        self, texts: list[str], emb: np.ndarray, dense: np.ndarray, vectorizer: Any = None
    ) -> spmatrix:
        scale = np.array([self._emb_scale(t) for t in texts])
        grams = (vectorizer or self._vectorizer).transform(texts)
        return stack_features(emb, scale, grams, dense)

    def _new_vectorizer(self, texts: list[str]) -> Any:
        return char_ngram_vectorizer(self.config.ngram_range, min_df=2).fit(texts)

    def fit(
        self,
        texts: list[str],
        labels: list[int],
        emb: np.ndarray,
        cues: list[list[float]],
        masses: list[PosteriorMass],
        groups: list[str] | None = None,
    ) -> ChurnHead:
        """``groups`` (template ids): whole templates are held out together when the
        calibration's out-of-fold scores are computed, so they reflect unseen wording."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

        emb = np.asarray(emb, dtype=np.float32)
        y = np.asarray(labels)
        dense = np.array([self._dense(c, m) for c, m in zip(cues, masses, strict=True)])
        self._dim = emb.shape[1]

        def new_clf() -> Any:
            return LogisticRegression(C=self.config.C, max_iter=3000, class_weight="balanced")

        # Out-of-fold decision values -> Platt scaling (held-out calibration).
        oof = np.zeros(len(texts))
        if groups is None:
            folds = StratifiedKFold(self.config.folds, shuffle=True, random_state=0)
            splits = folds.split(texts, y)
        else:
            grouped = StratifiedGroupKFold(self.config.folds, shuffle=True, random_state=0)
            splits = grouped.split(texts, y, groups)
        for train, test in splits:
            vec = self._new_vectorizer([texts[i] for i in train])
            clf = new_clf().fit(
                self._features([texts[i] for i in train], emb[train], dense[train], vec), y[train]
            )
            feats = self._features([texts[i] for i in test], emb[test], dense[test], vec)
            oof[test] = clf.decision_function(feats)
        # Balanced: how many positives the generator happens to hold is an artefact of how many
        # templates were written, so the calibration assumes an even prior instead (0.5 then
        # means as likely leaving as not; profile and history add their own prior on top).
        self._platt = fit_platt(oof, y, balanced=True)
        calibrated = platt_probability(self._platt, oof)
        self.cv_brier = float(np.mean((calibrated - y) ** 2))

        self._vectorizer = self._new_vectorizer(texts)
        self._clf = new_clf().fit(self._features(texts, emb, dense), y)
        self.train_size = len(texts)
        return self

    def read(
        self, text: str, emb: np.ndarray | None, cues: CueList, counter: CueList,
        mass: PosteriorMass,
    ) -> ChurnHeadReading:  # fmt: skip
        """Calibrated probability with its parts. ``emb=None`` (earlier turns, never embedded)
        reads n-grams, cues and posterior only."""
        idx, vals = self._sparse_row(text)
        coef, d = self._clf.coef_[0], self._dim
        n_sparse = len(self._vectorizer.idf_)
        dense = self._dense(cue_features(cues, counter), mass)
        emb_part = 0.0
        if emb is not None:
            vec = np.asarray(emb, dtype=np.float32).reshape(-1)
            emb_part = float(coef[:d] @ (vec * self._emb_scale(text)))
        dense_coef = coef[d + n_sparse :]
        parts = {
            "embedding": emb_part,
            "n-grams": float(coef[d + idx] @ vals),
            "cues": float(dense_coef[:N_CUE_FEATURES] @ dense[:N_CUE_FEATURES]),
            "intent posterior": float(dense_coef[N_CUE_FEATURES:] @ dense[N_CUE_FEATURES:]),
        }
        z = sum(parts.values()) + float(self._clf.intercept_[0])
        p = float(platt_probability(self._platt, np.asarray(z)))
        detail = ", ".join(f"{k} {v:+.1f}" for k, v in parts.items())
        evidence = [Evidence("model", f"churn head {p:.2f} ({detail})", round(p, 4))]
        if mass.exit >= 0.1:
            evidence.append(
                Evidence(
                    "model",
                    f"intent posterior: {mass.exit:.2f} on exit intents (most: {mass.top_exit})",
                    0.0,
                )
            )
        return ChurnHeadReading(round(p, 4), evidence)
