"""Few-shot intent classifier: logistic regression on [sentence embedding ⊕ char n-gram tf-idf].

Why this shape:
- The sentence embedding carries paraphrase meaning ("where's my card" ~ "card hasn't arrived")
  but the bundled MiniLM is English-only; character n-grams carry Chinese (and typos, product
  words, digits) without a tokenizer. Concatenating both and letting one linear model weigh them
  beat either alone on every split we measured (see STATUS.md).
- Logistic regression trains in seconds on CPU from 10-20 examples per intent, and its logits
  can be temperature-scaled so "confidence" means what it says (calibrated on cross-validated
  predictions of the training set itself, since a deployment has no separate dev set).
- Out of scope is a class when the taxonomy ships out-of-scope examples, and also a floor on the
  calibrated top confidence (nothing fits well enough).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from agent.nlu.taxonomy import OUT_OF_SCOPE
from agent.nlu.text import has_cjk, normalize

if TYPE_CHECKING:
    from scipy.sparse import spmatrix


@dataclass(frozen=True, slots=True)
class IntentModelConfig:
    ngram_range: tuple[int, int] = (1, 4)
    embedding_weight: float = 1.0  # scale of the dense block relative to the tf-idf block
    tfidf_weight: float = 1.0
    C: float = 10.0
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


def _softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    z = logits / max(temperature, 1e-6)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Scalar temperature minimising NLL of held-out logits (grid search: robust, no scipy)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 80)):
        p = _softmax(logits, float(t))
        nll = float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


class IntentModel:
    """Fit from (texts, labels, embeddings); predict from (text, embedding) without re-embedding."""

    def __init__(self, config: IntentModelConfig | None = None) -> None:
        self.config = config or IntentModelConfig()
        self.classes: list[str] = []
        self.temperature = 1.0
        self.cv_accuracy: float | None = None  # out-of-fold accuracy seen while calibrating
        self._vectorizer: Any = None
        self._clf: Any = None
        self._train_texts: list[str] = []
        self._train_labels: np.ndarray = np.zeros(0, dtype=np.int64)
        self._train_emb: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        self._feature_names: np.ndarray | None = None  # built on first explanation, then kept
        self._analyzer: Any = None  # the vectorizer's analyzer, built on first use

    # -- features -------------------------------------------------------------------------
    def _new_vectorizer(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.config.ngram_range,
            sublinear_tf=True,
            min_df=1,
            preprocessor=normalize,
        )

    def _features(self, vectorizer: Any, texts: list[str], emb: np.ndarray) -> spmatrix:
        from scipy.sparse import csr_matrix, hstack

        sparse = vectorizer.transform(texts) * self.config.tfidf_weight
        dense = csr_matrix(emb * self.config.embedding_weight)
        return hstack([dense, sparse], format="csr")

    def _fit_once(self, texts: list[str], y: np.ndarray, emb: np.ndarray) -> tuple[Any, Any]:
        from sklearn.linear_model import LogisticRegression

        vectorizer = self._new_vectorizer().fit(texts)
        clf = LogisticRegression(C=self.config.C, max_iter=2000)
        clf.fit(self._features(vectorizer, texts, emb), y)
        return vectorizer, clf

    # -- training ---------------------------------------------------------------------------
    def fit(self, texts: list[str], labels: list[str], emb: np.ndarray) -> IntentModel:
        self.classes = sorted(set(labels))
        index = {c: i for i, c in enumerate(self.classes)}
        y = np.array([index[label] for label in labels], dtype=np.int64)
        if self.config.calibrate:
            self.temperature = self._cross_validated_temperature(texts, y, emb)
        self._vectorizer, self._clf = self._fit_once(texts, y, emb)
        self._train_texts = list(texts)
        self._train_labels = y
        self._train_emb = np.asarray(emb, dtype=np.float32)
        return self

    def _cross_validated_temperature(
        self, texts: list[str], y: np.ndarray, emb: np.ndarray
    ) -> float:
        from sklearn.model_selection import StratifiedKFold

        n_splits = int(min(5, np.bincount(y).min()))
        if n_splits < 2:
            return 1.0
        logits = np.zeros((len(y), len(self.classes)), dtype=np.float64)
        folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        for train_idx, test_idx in folds.split(np.zeros(len(y)), y):
            tr = [texts[i] for i in train_idx]
            vec, clf = self._fit_once(tr, y[train_idx], emb[train_idx])
            te = [texts[i] for i in test_idx]
            fold_logits = clf.decision_function(self._features(vec, te, emb[test_idx]))
            logits[np.ix_(test_idx, clf.classes_)] = fold_logits
            missing = np.setdiff1d(np.arange(len(self.classes)), clf.classes_)
            logits[np.ix_(test_idx, missing)] = -1e3
        self.cv_accuracy = float(np.mean(logits.argmax(axis=1) == y))
        return fit_temperature(logits, y)

    # -- inference --------------------------------------------------------------------------
    def probabilities(self, texts: list[str], emb: np.ndarray) -> np.ndarray:
        logits = self._clf.decision_function(self._features(self._vectorizer, texts, emb))
        if logits.ndim == 1:  # binary case: sklearn returns one column
            logits = np.stack([-logits, logits], axis=1) / 2.0
        return _softmax(np.asarray(logits, dtype=np.float64), self.temperature)

    def predict_labels(self, texts: list[str], emb: np.ndarray) -> list[str]:
        probs = self.probabilities(texts, emb)
        return [self.classes[i] for i in probs.argmax(axis=1)]

    def _sparse_row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """tf-idf of one text, computed directly: sklearn's transform re-validates its input on
        every call, which cost more than the rest of understanding put together."""
        analyzer = getattr(self, "_analyzer", None)
        if analyzer is None:
            analyzer = self._analyzer = self._vectorizer.build_analyzer()
        vocab = self._vectorizer.vocabulary_
        counts: dict[int, int] = {}
        for gram in analyzer(text):
            j = vocab.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        vals = (1.0 + np.log(tf)) * self._vectorizer.idf_[idx]  # sublinear tf, then idf
        norm = float(np.linalg.norm(vals))
        return idx, (vals / norm if norm > 0 else vals)

    def _logits_one(self, idx: np.ndarray, vals: np.ndarray, emb: np.ndarray) -> np.ndarray:
        coef, d = self._clf.coef_, self._train_emb.shape[1]
        logits = (
            coef[:, :d] @ (emb.reshape(-1) * self.config.embedding_weight)
            + coef[:, d + idx] @ (vals * self.config.tfidf_weight)
            + self._clf.intercept_
        )
        if logits.shape[0] == 1:  # binary: one column, as sklearn's decision_function
            logits = np.array([-logits[0], logits[0]]) / 2.0
        return np.asarray(logits, dtype=np.float64)

    def predict(self, text: str, emb: np.ndarray, *, explain: bool = True) -> IntentPrediction:
        idx, vals = self._sparse_row(text)
        probs = _softmax(self._logits_one(idx, vals, emb).reshape(1, -1), self.temperature)[0]
        order = np.argsort(-probs)[: max(self.config.top_k, 1)]
        top = [(self.classes[i], float(probs[i])) for i in order]
        best, conf = top[0]
        if conf < self.config.min_confidence:
            best = OUT_OF_SCOPE
        pred = IntentPrediction(intent=best, confidence=conf, top=top)
        if explain:
            pred.top_ngrams = self._top_ngrams(idx, vals, int(order[0]))
            sims = self._train_emb @ emb.reshape(-1)
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
