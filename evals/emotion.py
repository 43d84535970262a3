"""Emotion on someone else's labelled text: does the reader recognise negative feeling?

``warmline eval emotion --data FILE [--json]`` reads ``text,label`` CSV (header required) or the
``text;label`` lines of the public CARER/"emotion" tweet corpus, maps the file's labels onto
Warmline's seven (``sadness`` -> sad, ``anger`` -> angry, ``fear`` -> anxious, ``joy``/``love``
-> satisfied, ``surprise`` -> neutral; Warmline's own labels pass through) and reports:

- negative recall / precision / F1: gold anxious, frustrated, angry or sad against a prediction
  in the same group (which negative label matters less than noticing it);
- label accuracy after the mapping, and a confusion table (gold -> predicted counts).

Polarity-only corpora (``negative`` / ``positive``, as many Weibo sets) work too: ``negative``
is right for any of the four negative feelings, ``positive`` maps to satisfied.
"""

from __future__ import annotations

import csv
import json as _json
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from agent.nlu.emotion_lexicon import EMOTIONS, NEGATIVE
from domain.errors import InvalidInput
from evals.detector_eval import DetectorReport, run_detector_eval

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine

NEGATIVE_FEELINGS = NEGATIVE - {"confused"}  # confusion is not a bad mood
# Held-out negative-emotion set (written before the head was trained; never train on it).
DEFAULT_EMOTION_SET = Path(__file__).parent / "data" / "emotion_heldout_neg.yaml"
NEGATIVE_GOLD = NEGATIVE_FEELINGS | {"negative"}
LABEL_MAP = {
    "sadness": "sad",
    "anger": "angry",
    "fear": "anxious",
    "joy": "satisfied",
    "love": "satisfied",
    "surprise": "neutral",
    "positive": "satisfied",
    "negative": "negative",  # polarity only: any negative feeling is right
    **{e: e for e in EMOTIONS},
}


def read_emotion_rows(path: Path) -> list[tuple[str, str]]:
    """(text, Warmline label) pairs; unknown labels are an error, naming the first one."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}") from exc
    first = raw.split("\n", 1)[0].strip().lower()
    if first.replace(" ", "") in {"text,label", "label,text"}:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(raw.splitlines())]
    else:
        split = (line.rpartition(";") for line in raw.splitlines() if line.strip())
        rows = [(text, label) for text, _, label in split]
    out: list[tuple[str, str]] = []
    for text, label in rows:
        key = label.strip().lower()
        if key not in LABEL_MAP:
            raise InvalidInput(f"{path}: unknown emotion label {label!r}")
        if text.strip():
            out.append((text.strip(), LABEL_MAP[key]))
    if not out:
        raise InvalidInput(f"{path}: no rows (need 'text,label' CSV or 'text;label' lines)")
    return out


def _agrees(gold: str, predicted: str) -> bool:
    return gold == predicted or (gold == "negative" and predicted in NEGATIVE_FEELINGS)


def run_emotion_eval(engine: UnderstandingEngine, rows: list[tuple[str, str]]) -> dict[str, Any]:
    start = time.perf_counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for text, gold in rows:
        confusion[(gold, engine.analyze(text).emotion)] += 1

    def count(gold_negative: bool, predicted_negative: bool) -> int:
        return sum(
            n
            for (gold, pred), n in confusion.items()
            if (gold in NEGATIVE_GOLD) == gold_negative
            and (pred in NEGATIVE_FEELINGS) == predicted_negative
        )

    tp, fp, fn = count(True, True), count(False, True), count(True, False)
    agreed = sum(n for (gold, pred), n in confusion.items() if _agrees(gold, pred))
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    table: dict[str, dict[str, int]] = {}
    for (gold, pred), n in sorted(confusion.items()):
        table.setdefault(gold, {})[pred] = n
    return {
        "n": len(rows),
        "negative_recall": round(recall, 4),
        "negative_precision": round(precision, 4),
        "negative_f1": round(f1, 4),
        "label_accuracy": round(agreed / len(rows), 4),
        "confusion": table,
        "seconds": round(time.perf_counter() - start, 2),
    }


def print_emotion_report(
    engine: UnderstandingEngine, rows: list[tuple[str, str]], json: bool
) -> None:
    """``warmline eval emotion``: negative-emotion recognition and the confusion table."""
    report = run_emotion_eval(engine, rows)
    if json:
        typer.echo(_json.dumps(report))
        return
    typer.echo(
        f"negative emotion: recall {report['negative_recall']:.3f}  precision "
        f"{report['negative_precision']:.3f}  F1 {report['negative_f1']:.3f}  "
        f"label accuracy {report['label_accuracy']:.3f}  ({report['n']} rows)"
    )
    for gold, preds in report["confusion"].items():
        typer.echo(f"  {gold:10s} -> " + ", ".join(f"{p} {n}" for p, n in preds.items()))


def run_negative_emotion_eval(
    engine: UnderstandingEngine, path: Path = DEFAULT_EMOTION_SET
) -> list[DetectorReport]:
    """The held-out negative-emotion set scored twice: the head's calibrated P(negative)
    (``Signals.negative_emotion``) and the label (1 when ``Signals.emotion`` is a negative
    feeling, so its Brier score is the error rate)."""
    return [
        run_detector_eval("negative_emotion", engine, path, lambda s: s.negative_emotion),
        run_detector_eval(
            "negative emotion label", engine, path, lambda s: float(s.emotion in NEGATIVE_FEELINGS)
        ),
    ]
