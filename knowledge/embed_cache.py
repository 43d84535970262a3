"""A memoising embedder: one agent turn embeds the customer's message once.

Understanding (agent/nlu/engine.py) and retrieval (knowledge/hybrid.py) both embed the message,
each after :func:`domain.query.normalize_query`, so they ask for the same string. The server
hands both the same :class:`CachingEmbedder` (api/wiring.py), so the second ask is a look-up.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from knowledge.embedder import Embedder


class CachingEmbedder:
    """Any :class:`Embedder`, memoised per exact text: one agent turn embeds its message once.

    Understanding and retrieval both embed the customer's message (normalised the same way by
    :func:`domain.query.normalize_query`); sharing one instance of this wrapper between them
    makes the second call a dictionary look-up. Bounded LRU, thread-safe. Bulk calls (ingest,
    training: more than ``MAX_CACHED_BATCH`` texts) go straight through so they never evict the
    live queries. Rows handed out are copies: a caller cannot change what the cache holds.
    """

    MAX_CACHED_BATCH = 8

    def __init__(self, inner: Embedder, maxsize: int = 512) -> None:
        self.inner = inner
        self.dimension: int = inner.dimension
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        # model_path and the like: the NLU cache key must not change because of the wrapper.
        if name == "inner":  # not set yet (during unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) > self.MAX_CACHED_BATCH:
            return self.inner.encode(texts)
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                row = self._cache.get(text)
                if row is not None:
                    self._cache.move_to_end(text)
                    found[text] = row
            missing = list(dict.fromkeys(t for t in texts if t not in found))
            self.hits += len(texts) - len(missing)
            self.misses += len(missing)
        if missing:  # the model runs outside the lock (the inner embedder has its own)
            vectors = np.asarray(self.inner.encode(missing), dtype=np.float32)
            with self._lock:
                for text, row in zip(missing, vectors, strict=True):
                    row = row.copy()
                    row.setflags(write=False)
                    found[text] = self._cache[text] = row
                    self._cache.move_to_end(text)
                while len(self._cache) > self.maxsize:
                    self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=True)


def shared_query_cache(embedder: Embedder) -> Embedder:
    """``embedder`` wrapped in a :class:`CachingEmbedder`, unless it already is one."""
    return embedder if isinstance(embedder, CachingEmbedder) else CachingEmbedder(embedder)
