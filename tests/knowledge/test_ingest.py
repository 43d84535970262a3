from __future__ import annotations

from pathlib import Path

from knowledge.embedder import Embedder
from knowledge.ingest import ingest_path
from knowledge.retriever import Retriever


async def test_reingest_only_touches_what_changed(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    first = await ingest_path(corpus, retriever, embedder)
    assert sorted(first.added) == [
        "en/cards-freeze",
        "en/fees-foreign",
        "en/statements",
        "zh/cards-freeze",
    ]
    before = await retriever.count()

    again = await ingest_path(corpus, retriever, embedder)
    assert not again.changed and len(again.unchanged) == 4 and again.chunks_written == 0

    path = corpus / "en" / "statements.md"
    path.write_text(path.read_text().replace("seven years", "ten years"))
    (corpus / "en" / "fees-foreign.md").unlink()
    summary = await ingest_path(corpus, retriever, embedder, prune=True)
    assert summary.updated == ["en/statements"]
    assert summary.removed == ["en/fees-foreign"]
    assert len(summary.unchanged) == 2
    assert await retriever.count() < before

    result = await retriever.search("how far back do statements go", language="en", limit=1)
    assert "ten years" in result.hits[0].text
    gone = await retriever.search("FX-4417 error code", language="en", limit=5)
    assert all(h.article_id != "fees-foreign" for h in gone.hits)


async def test_shorter_article_leaves_no_stale_chunks(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    path = corpus / "en" / "cards-freeze.md"
    text = path.read_text()
    path.write_text(text[: text.index("## Unfreezing")])
    await ingest_path(corpus, retriever, embedder)
    records = await retriever.articles()
    assert records[("en", "cards-freeze")].chunks == 1


async def test_bad_files_are_reported_and_nothing_else_is_lost(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    (corpus / "en" / "notes.bin").write_bytes(b"\x00\x01\x02")
    (corpus / "en" / "empty.md").write_text("")
    # an indexed article whose file is now corrupt keeps its indexed version
    (corpus / "en" / "statements.md").write_bytes(b"\xff\xfe\x00bad")
    summary = await ingest_path(corpus, retriever, embedder, prune=True)
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert set(reasons) == {"notes.bin", "empty.md", "statements.md"}
    assert "empty" in reasons["empty.md"]
    assert summary.removed == []
    assert ("en", "statements") in await retriever.articles()


async def test_single_file_ingest_does_not_prune(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    summary = await ingest_path(corpus / "en" / "statements.md", retriever, embedder, prune=True)
    assert summary.removed == [] and summary.unchanged == ["en/statements"]
    assert len(await retriever.articles()) == 4


async def test_empty_folder_does_not_wipe_the_index(
    retriever: Retriever, corpus: Path, embedder: Embedder, tmp_path: Path
) -> None:
    await ingest_path(corpus, retriever, embedder)
    empty = tmp_path / "empty"
    empty.mkdir()
    summary = await ingest_path(empty, retriever, embedder, prune=True)
    assert summary.removed == [] and "prune skipped" in summary.skipped[0].reason
    assert len(await retriever.articles()) == 4


async def test_ingest_does_not_prune_unless_asked(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    await ingest_path(corpus, retriever, embedder)
    (corpus / "en" / "fees-foreign.md").unlink()
    summary = await ingest_path(corpus, retriever, embedder)
    assert summary.removed == []
    assert ("en", "fees-foreign") in await retriever.articles()


async def test_pruning_a_subfolder_removes_only_what_left_that_subfolder(
    retriever: Retriever, corpus: Path, embedder: Embedder
) -> None:
    """Ingest the whole tree, then one subfolder with --prune after deleting a file there:
    only that file's article leaves the index; the other subfolder's articles stay."""
    await ingest_path(corpus, retriever, embedder, prune=True)
    assert len(await retriever.articles()) == 4
    (corpus / "en" / "fees-foreign.md").unlink()
    summary = await ingest_path(corpus / "en", retriever, embedder, prune=True)
    assert summary.removed == ["en/fees-foreign"]
    assert set(await retriever.articles()) == {
        ("en", "cards-freeze"),
        ("en", "statements"),
        ("zh", "cards-freeze"),
    }
    # The same from the other subfolder: nothing of en/ is touched.
    summary = await ingest_path(corpus / "zh", retriever, embedder, prune=True)
    assert summary.removed == [] and len(await retriever.articles()) == 3
