from __future__ import annotations

from pathlib import Path

from knowledge.embedder import Embedder
from knowledge.ingest import ingest_path
from knowledge.retriever import Retriever


async def test_ingest_and_search_finds_the_article(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    summary = await ingest_path(corpus, retriever, embedder)
    assert len(summary.added) == 4 and not summary.skipped
    assert await retriever.count() > 4

    result = await retriever.search(
        "how can I stop my card working for a while", language="en", limit=3
    )
    assert not result.nothing_found
    assert result.hits[0].article_id == "cards-freeze"
    assert result.hits[0].language == "en"
    assert result.hits[0].citation().url == "https://help.example/cards-freeze"


async def test_rare_keyword_found_by_sparse_side(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    result = await retriever.search("FX-4417", language="en", limit=3)
    assert result.hits[0].article_id == "fees-foreign"
    assert "FX-4417" in result.hits[0].text


async def test_unrelated_question_is_nothing_found(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    result = await retriever.search("what is the capital of mongolia", language="en")
    assert result.nothing_found


async def test_language_and_tag_filters(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    zh = await retriever.search("如何冻结银行卡", language="zh", limit=5)
    assert zh.hits and all(h.language == "zh" for h in zh.hits)
    assert zh.hits[0].article_id == "cards-freeze"
    tagged = await retriever.search("card", tags=["fees"], limit=5)
    assert tagged.hits and all("fees" in h.tags for h in tagged.hits)


async def test_chinese_query_of_stop_characters_only_is_nothing_found(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    result = await retriever.search("的了吗", language="zh")
    assert result.nothing_found and result.best_score == 0.0
