from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.retrieval import run_retrieval_eval
from knowledge.embedder import Embedder
from knowledge.ingest import ingest_path
from knowledge.retriever import Retriever
from knowledge.sparse import SparseEncoder


def test_sparse_english_is_stemmed_and_weighted() -> None:
    enc = SparseEncoder()
    doc = enc.encode_document("Freezing cards: freeze a card and the cards stop working")
    query = enc.encode_query("freeze card")
    assert set(query.indices) <= set(doc.indices)
    assert query.values == [1.0] * len(query.indices)
    # "card" occurs more often than "working": a higher BM25 term-frequency weight
    weights = dict(zip(doc.indices, doc.values, strict=True))
    card, work = enc.encode_query("card").indices[0], enc.encode_query("working").indices[0]
    assert weights[card] > weights[work]


@pytest.mark.parametrize("tokenizer", ["bigram", "jieba"])
def test_sparse_chinese_terms_overlap(tokenizer: str) -> None:
    enc = SparseEncoder(tokenizer)  # type: ignore[arg-type]
    doc = enc.encode_document("在应用中点击冻结卡片，冻结立即生效。")
    query = enc.encode_query("怎么冻结卡片")
    assert len(set(query.indices) & set(doc.indices)) >= 2
    assert not enc.encode_query("的了吗")  # stop characters only


async def test_retrieval_eval_reports_metrics(
    retriever: Retriever, corpus: Path, embedder: Embedder, tmp_path: Path
) -> None:
    await ingest_path(corpus, retriever, embedder)
    questions = tmp_path / "q.yaml"
    questions.write_text(
        """
- {id: a, question: "How do I download a statement?", language: en, kind: direct,
   relevant: [statements]}
- {id: b, question: "I lost my card for a bit, can I stop it being used?", language: en,
   kind: paraphrase, relevant: [cards-freeze]}
- {id: c, question: "Who won the football last night?", language: en, kind: unanswerable,
   relevant: []}
- {id: d, question: "怎样冻结银行卡？", language: zh, kind: direct, relevant: [cards-freeze]}
""",
        encoding="utf-8",
    )
    report = await run_retrieval_eval(questions, retriever)
    assert report["overall"]["n"] == 3
    assert report["overall"]["recall@5"] == 1.0
    assert report["by_language"]["zh"]["recall@1"] == 1.0
    assert report["nothing_found"]["recall"] == 1.0
    assert report["nothing_found"]["precision"] == 1.0
    assert {"floor", "precision", "recall"} <= set(report["floor_sweep"]["en"][0])


def test_cli_ingest_prints_summary(
    tmp_path: Path, corpus: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.embedder
    from knowledge.cli import kb_app

    monkeypatch.setattr(knowledge.embedder, "SentenceTransformerEmbedder", lambda *a, **k: embedder)
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WARMLINE_BACKEND", "edge")
    runner = CliRunner()
    first = runner.invoke(kb_app, ["ingest", str(corpus)])
    assert first.exit_code == 0, first.output
    assert "added 4" in first.output
    (corpus / "en" / "junk.md").write_bytes(b"\x00\x00")
    second = runner.invoke(kb_app, ["ingest", str(corpus), "--json"])
    assert second.exit_code == 0, second.output
    assert '"unchanged": 4' in second.output and "junk.md" in second.output
    missing = runner.invoke(kb_app, ["ingest", str(tmp_path / "nope")])
    assert missing.exit_code != 0
