"""CachingEmbedder: one computation per distinct text, bounded, thread-safe, copies out."""

from __future__ import annotations

import threading
import zlib
from pathlib import Path

import numpy as np

from domain.query import MAX_QUERY_CHARS, normalize_query
from knowledge.embed_cache import CachingEmbedder, shared_query_cache


class CountingHashEmbedder:
    """Deterministic vectors from the text's CRC; counts calls and texts."""

    dimension = 8

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.model_path = Path("/models/fake-minilm")

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = [np.random.default_rng(zlib.crc32(t.encode())).random(8) for t in texts]
        out = np.asarray(rows, dtype=np.float32).reshape(len(texts), 8)
        return out / np.linalg.norm(out, axis=1, keepdims=True).clip(1e-9)


def test_same_text_is_computed_once_and_rows_match() -> None:
    inner = CountingHashEmbedder()
    cached = CachingEmbedder(inner)
    first = cached.encode(["how do I freeze my card"])
    second = cached.encode(["how do I freeze my card"])
    assert len(inner.calls) == 1
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, inner.encode(["how do I freeze my card"]))
    assert (cached.hits, cached.misses) == (1, 1)


def test_mixed_batch_computes_only_the_new_texts_in_order() -> None:
    inner = CountingHashEmbedder()
    cached = CachingEmbedder(inner)
    cached.encode(["a"])
    out = cached.encode(["b", "a", "b", "c"])
    assert inner.calls[-1] == ["b", "c"]
    np.testing.assert_array_equal(out, inner.encode(["b", "a", "b", "c"]))


def test_rows_handed_out_are_copies() -> None:
    cached = CachingEmbedder(CountingHashEmbedder())
    row = cached.encode(["x"])
    row[:] = 0
    assert cached.encode(["x"]).any()


def test_lru_is_bounded_and_bulk_calls_bypass_it() -> None:
    inner = CountingHashEmbedder()
    cached = CachingEmbedder(inner, maxsize=2)
    for text in ["a", "b", "c"]:
        cached.encode([text])
    cached.encode(["a"])  # evicted: computed again
    assert inner.calls[-1] == ["a"]
    bulk = [f"chunk {i}" for i in range(CachingEmbedder.MAX_CACHED_BATCH + 1)]
    cached.encode(bulk)
    cached.encode(bulk[:1])
    assert inner.calls[-1] == bulk[:1]  # the bulk call did not fill the cache
    assert cached.encode([]).shape == (0, 8)


def test_wrapper_keeps_the_model_identity_and_is_not_stacked() -> None:
    inner = CountingHashEmbedder()
    cached = shared_query_cache(inner)
    assert cached.model_path == inner.model_path  # type: ignore[attr-defined]
    assert cached.dimension == inner.dimension
    assert shared_query_cache(cached) is cached


def test_threads_agree() -> None:
    inner = CountingHashEmbedder()
    cached = CachingEmbedder(inner, maxsize=4)
    texts = [f"t{i % 6}" for i in range(300)]
    errors: list[str] = []

    def work(offset: int) -> None:
        for text in texts[offset:] + texts[:offset]:
            if not np.array_equal(cached.encode([text]), inner.encode([text])):
                errors.append(text)

    threads = [threading.Thread(target=work, args=(i * 7,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_normalize_query_is_the_one_reading() -> None:
    assert normalize_query("  我的帳戶被凍結了 ") == "我的账户被冻结了"
    assert len(normalize_query("x" * (MAX_QUERY_CHARS + 50))) == MAX_QUERY_CHARS
    for text in ["", "  How do I freeze my card? ", "轉帳 " * 900]:
        assert normalize_query(normalize_query(text)) == normalize_query(text)
