"""`warmline eval emotion`: both input formats, label mapping, bad files, and the scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.nlu import UnderstandingEngine
from domain.errors import InvalidInput
from evals.emotion import read_emotion_rows, run_emotion_eval


def test_reads_tweet_corpus_lines_and_maps_labels(tmp_path: Path) -> None:
    f = tmp_path / "tweets.txt"
    f.write_text("i feel so alone tonight;sadness\nwhat a day; honestly;joy\n", encoding="utf-8")
    assert read_emotion_rows(f) == [
        ("i feel so alone tonight", "sad"),
        ("what a day; honestly", "satisfied"),
    ]


def test_reads_csv_with_warmline_labels(tmp_path: Path) -> None:
    f = tmp_path / "cases.csv"
    f.write_text('text,label\n"so, so angry",angry\nhi,neutral\n', encoding="utf-8")
    assert read_emotion_rows(f) == [("so, so angry", "angry"), ("hi", "neutral")]


@pytest.mark.parametrize(
    ("content", "message"),
    [("i feel odd;bored\n", "unknown emotion label"), ("\n\n", "no rows")],
)
def test_bad_files_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        read_emotion_rows(f)
    with pytest.raises(InvalidInput, match="cannot read"):
        read_emotion_rows(tmp_path / "missing.txt")


def test_scores_negative_recognition(engine: UnderstandingEngine) -> None:
    rows = [
        ("i feel so unloved and alone", "sad"),
        ("honestly furious with my landlord", "angry"),
        ("so nervous about tomorrow", "anxious"),
        ("what's the sort code", "neutral"),
        ("thanks so much, lovely day", "satisfied"),
    ]
    report = run_emotion_eval(engine, rows)
    assert report["n"] == 5
    assert report["negative_recall"] == 1.0 and report["negative_precision"] == 1.0
    assert report["confusion"]["sad"] == {"sad": 1}
    missed = run_emotion_eval(engine, [("what's the sort code", "sad")])
    assert missed["negative_recall"] == 0.0 and missed["label_accuracy"] == 0.0


def test_polarity_only_labels(tmp_path: Path, engine: UnderstandingEngine) -> None:
    f = tmp_path / "weibo.csv"
    f.write_text(
        "text,label\n气死我了，垃圾服务,negative\n哈哈哈太开心了,positive\n", encoding="utf-8"
    )
    rows = read_emotion_rows(f)
    assert rows == [("气死我了，垃圾服务", "negative"), ("哈哈哈太开心了", "satisfied")]
    report = run_emotion_eval(engine, rows)
    assert report["negative_recall"] == 1.0 and report["label_accuracy"] == 1.0
