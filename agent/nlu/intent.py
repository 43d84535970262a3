"""Few-shot intent classifier: logistic regression on [sentence embedding ⊕ char n-gram tf-idf],
blended with an embedding nearest-neighbour vote.

Why this shape (numbers in agent/nlu/README.md):
- The sentence embedding carries paraphrase meaning ("where's my card" ~ "card hasn't arrived");
  character n-grams carry Chinese (the bundled MiniLM is English-only), typos, product words and
  digits, without a tokenizer. One linear model over both beat either alone on every split.
- For Chinese messages the English-only embedding is mostly noise, so its block is scaled down
  (to zero by default) and the n-grams decide.
- A k-nearest-neighbour vote over the same embeddings adds a little on fine-grained intents,
  and so does adding each intent's humanised name as one more example (``with_label_names``).
- Logistic regression trains in seconds on CPU from 10-20 examples per intent; its logits are
  temperature-scaled so "confidence" means what it says, calibrated on cross-validated
  predictions of the training set itself (a deployment has no separate dev set).
- Out of scope is a class when the taxonomy ships out-of-scope examples, and also a floor on the
  calibrated top confidence (nothing fits well enough).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from agent.nlu.head_features import NgramRow, char_ngram_vectorizer, embedding_weight
from agent.nlu.taxonomy import OUT_OF_SCOPE
from agent.nlu.text import has_cjk

if TYPE_CHECKING:
    from scipy.sparse import spmatrix


@dataclass(frozen=True, slots=True)
class IntentModelConfig:
    ngram_range: tuple[int, int] = (1, 4)
    embedding_weight: float = 1.0  # scale of the dense block relative to the tf-idf block
    zh_embedding_weight: float = 0.0  # ... for Chinese messages (English-only embedder)
    embedding_languages: frozenset[str] = frozenset()  # covered by the embedder: full weight
    tfidf_weight: float = 1.0
    C: float = 30.0
    knn_weight: float = 0.3  # share of the nearest-neighbour vote in the final distribution
    knn_k: int = 3
    knn_temperature: float = 0.1
    calibrate: bool = True
    min_confidence: float = 0.25  # below this calibrated top score: out_of_scope
    top_k: int = 3


@dataclass(slots=True)
class IntentPrediction:
    intent: str
    confidence: float
    top: list[tuple[str, float]]
    top_ngrams: list[str] = field(default_factory=list)
    nearest_example: str = ""
    nearest_similarity: float = 0.0
    posterior: dict[str, float] = field(default_factory=dict)  # every class, calibrated


def with_label_names(texts: list[str], labels: list[str]) -> tuple[list[str], list[str]]:
    """Add each label's humanised name ("card_arrival" -> "card arrival") as one more example."""
    names = [lab for lab in dict.fromkeys(labels) if lab != OUT_OF_SCOPE]
    human = [lab.replace("_", " ").replace("?", "").strip() for lab in names]
    return texts + human, labels + names


def _softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / max(temperature, 1e-6)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _knn_scores(sims: np.ndarray, members: list[np.ndarray], k: int) -> np.ndarray:
    """Per class: mean of the k highest similarities to that class's examples."""
    out = np.empty((sims.shape[0], len(members)), dtype=np.float64)
    for c, idx in enumerate(members):
        block = sims[:, idx]
        kk = min(k, block.shape[1])
        out[:, c] = np.partition(block, block.shape[1] - kk, axis=1)[:, -kk:].mean(axis=1)
    return out


class IntentModel(NgramRow):
    """Fit from (texts, labels, embeddings); predict from (text, embedding) without re-embedding."""

    def __init__(self, config: IntentModelConfig | None = None) -> None:
        self.config = config or IntentModelConfig()
        self.classes: list[str] = []
        self.temperature = 1.0
        self.cv_accuracy: float | None = None  # out-of-fold accuracy seen while calibrating
        self._vectorizer: Any = None
        self._clf: Any = None
        self._train_texts: list[str] = []
        self._train_emb: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        self._members: list[np.ndarray] = []  # row indices of each class's examples
        self._feature_names: np.ndarray | None = None  # built on first explanation, then kept
        self._analyzer: Any = None  # the vectorizer's analyzer, built on first use

    # -- features -------------------------------------------------------------------------
    def _emb_scale(self, texts: list[str]) -> np.ndarray:
        zh = self.config.zh_embedding_weight
        langs = self.config.embedding_languages
        return np.array([embedding_weight(t, 1.0, zh, langs) for t in texts])

    def _new_vectorizer(self) -> Any:
        return char_ngram_vectorizer(self.config.ngram_range)

    def _features(self, vectorizer: Any, texts: list[str], emb: np.ndarray) -> spmatrix:
        from scipy.sparse import csr_matrix, hstack

        scale = self._emb_scale(texts)[:, None] * self.config.embedding_weight
        sparse = vectorizer.transform(texts) * self.config.tfidf_weight
        return hstack([csr_matrix(emb * scale), sparse], format="csr")

    def _fit_once(self, texts: list[str], y: np.ndarray, emb: np.ndarray) -> tuple[Any, Any]:
        from sklearn.linear_model import LogisticRegression

        vectorizer = self._new_vectorizer().fit(texts)
        clf = LogisticRegression(C=self.config.C, max_iter=3000)
        clf.fit(self._features(vectorizer, texts, emb), y)
        return vectorizer, clf

    def _blend(
        self, logits: np.ndarray, knn: np.ndarray, scale: np.ndarray, temp: float
    ) -> np.ndarray:
        """(1-w) * softmax(logits / T) + w * softmax(knn / tau); w follows the embedding's weight
        for the message's language (no vote where the embedding is switched off)."""
        w = (self.config.knn_weight * np.clip(scale, 0.0, 1.0))[:, None]
        vote = _softmax(knn, self.config.knn_temperature)
        return np.asarray((1.0 - w) * _softmax(logits, temp) + w * vote)

    # -- training ---------------------------------------------------------------------------
    def fit(self, texts: list[str], labels: list[str], emb: np.ndarray) -> IntentModel:
        self.classes = sorted(set(labels))
        index = {c: i for i, c in enumerate(self.classes)}
        y = np.array([index[label] for label in labels], dtype=np.int64)
        emb = np.asarray(emb, dtype=np.float32)
        if self.config.calibrate:
            self.temperature = self._cross_validated_temperature(texts, y, emb)
        self._vectorizer, self._clf = self._fit_once(texts, y, emb)
        self._train_texts = list(texts)
        self._train_emb = emb
        self._members = [np.flatnonzero(y == c) for c in range(len(self.classes))]
        return self

    def _cross_validated_temperature(
        self, texts: list[str], y: np.ndarray, emb: np.ndarray
    ) -> float:
        from sklearn.model_selection import StratifiedKFold

        n_splits = int(min(5, np.bincount(y).min()))
        if n_splits < 2:
            return 1.0
        n_classes = len(self.classes)
        logits = np.full((len(y), n_classes), -1e3, dtype=np.float64)
        knn = np.zeros((len(y), n_classes), dtype=np.float64)
        folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        for train_idx, test_idx in folds.split(np.zeros(len(y)), y):
            train_texts = [texts[i] for i in train_idx]
            vec, clf = self._fit_once(train_texts, y[train_idx], emb[train_idx])
            test_texts = [texts[i] for i in test_idx]
            fold_logits = clf.decision_function(self._features(vec, test_texts, emb[test_idx]))
            logits[np.ix_(test_idx, clf.classes_)] = fold_logits
            members = [train_idx[y[train_idx] == c] for c in range(n_classes)]
            sims = emb[test_idx] @ emb.T
            present = [c for c in range(n_classes) if len(members[c])]
            knn[np.ix_(test_idx, present)] = _knn_scores(
                sims, [members[c] for c in present], self.config.knn_k
            )
        scale = self._emb_scale(texts)
        best_t, best_nll = 1.0, float("inf")
        for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 60)):
            p = self._blend(logits, knn, scale, float(t))
            nll = float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
            if nll < best_nll:
                best_t, best_nll = float(t), nll
        p = self._blend(logits, knn, scale, best_t)
        self.cv_accuracy = float(np.mean(p.argmax(axis=1) == y))
        return best_t

    # -- inference --------------------------------------------------------------------------
    def probabilities(self, texts: list[str], emb: np.ndarray) -> np.ndarray:
        """Batch path (evaluation): sklearn transforms, same maths as ``predict``."""
        emb = np.asarray(emb, dtype=np.float32)
        logits = self._clf.decision_function(self._features(self._vectorizer, texts, emb))
        if logits.ndim == 1:  # binary case: sklearn returns one column
            logits = np.stack([-logits, logits], axis=1) / 2.0
        knn = _knn_scores(emb @ self._train_emb.T, self._members, self.config.knn_k)
        return self._blend(
            np.asarray(logits, dtype=np.float64), knn, self._emb_scale(texts), self.temperature
        )

    def predict_labels(self, texts: list[str], emb: np.ndarray) -> list[str]:
        probs = self.probabilities(texts, emb)
        return [self.classes[i] for i in probs.argmax(axis=1)]

    def predict(self, text: str, emb: np.ndarray, *, explain: bool = True) -> IntentPrediction:
        emb = np.asarray(emb, dtype=np.float32).reshape(-1)
        idx, vals = self._sparse_row(text)
        scale = self._emb_scale([text])
        coef, d = self._clf.coef_, self._train_emb.shape[1]
        logits = (
            coef[:, :d] @ (emb * scale[0] * self.config.embedding_weight)
            + coef[:, d + idx] @ (vals * self.config.tfidf_weight)
            + self._clf.intercept_
        )
        if logits.shape[0] == 1:  # binary: one column, as sklearn's decision_function
            logits = np.array([-logits[0], logits[0]]) / 2.0
        sims = self._train_emb @ emb
        knn = _knn_scores(sims.reshape(1, -1), self._members, self.config.knn_k)
        probs = self._blend(logits.reshape(1, -1), knn, scale, self.temperature)[0]
        order = np.argsort(-probs)[: max(self.config.top_k, 1)]
        top = [(self.classes[i], float(probs[i])) for i in order]
        best, conf = top[0]
        pred = IntentPrediction(
            OUT_OF_SCOPE if conf < self.config.min_confidence else best,
            conf,
            top,
            posterior=dict(zip(self.classes, probs.tolist(), strict=True)),
        )
        if explain:
            pred.top_ngrams = self._top_ngrams(idx, vals, int(order[0]))
            j = int(np.argmax(sims))
            pred.nearest_example, pred.nearest_similarity = self._train_texts[j], float(sims[j])
        return pred

    def _top_ngrams(
        self, idx: np.ndarray, vals: np.ndarray, class_index: int, k: int = 3
    ) -> list[str]:
        """Character n-grams of this message that pushed hardest toward the chosen intent."""
        coef = self._clf.coef_
        if coef.shape[0] == 1:  # binary
            weights = coef[0] if class_index == 1 else -coef[0]
        else:
            weights = coef[class_index]
        offset = self._train_emb.shape[1]
        contrib = sorted(zip(vals * weights[offset + idx], idx.tolist(), strict=True), reverse=True)
        if self._feature_names is None:
            self._feature_names = self._vectorizer.get_feature_names_out()
        out: list[str] = []
        for score, j in contrib[: k * 3]:
            gram = str(self._feature_names[j]).strip()
            if score > 0 and (len(gram) >= 3 or has_cjk(gram)) and not any(gram in o for o in out):
                out.append(gram)
            if len(out) == k:
                break
        return out
