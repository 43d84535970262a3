"""A detector on a held-out set: precision, recall and calibration, per language.

Shared by every signal detector (churn, wants-a-person, negative emotion, …). A held-out set is
a YAML file of this shape (never train or tune on one):

    positives:   {en: [...], zh: [...]}      # label 1   (churn sets may call this "churn")
    negatives:   {en: [...], zh: [...]}      # label 0, hard negatives included
    conversations:                            # optional: earlier customer turns + judged message
      - {turns: ["..."], text: "...", label: 1}

Reported per language and overall: precision/recall/F1 at the threshold, false-positive rate on
the negatives, Brier score and reliability bins (mean predicted score vs observed positive share
per bin: calibrated means they match), and the conversation cases separately.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from domain.types import PriorTurn, Role, Signals, UnderstandingContext

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine

THRESHOLD = 0.5
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
POSITIVE_KEYS = ("positives", "churn")

ScoreOf = Callable[[Signals], float]


@dataclass(slots=True)
class ReliabilityBin:
    low: float
    high: float
    n: int
    mean_score: float
    positive_share: float


@dataclass(slots=True)
class DetectorScores:
    n: int
    n_positive: int
    precision: float
    recall: float
    f1: float
    false_positive_rate: float
    brier: float
    bins: list[ReliabilityBin] = field(default_factory=list)


@dataclass(slots=True)
class DetectorMiss:
    text: str
    label: int
    score: float
    lang: str


@dataclass(slots=True)
class DetectorReport:
    name: str
    by_language: dict[str, DetectorScores]
    overall: DetectorScores
    conversations: DetectorScores | None
    misses: list[DetectorMiss]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def score(labels: list[int], scores: list[float], threshold: float = THRESHOLD) -> DetectorScores:
    pairs = list(zip(labels, scores, strict=True))
    tp = sum(1 for y, r in pairs if y and r >= threshold)
    fp = sum(1 for y, r in pairs if not y and r >= threshold)
    pos = sum(labels)
    neg = len(labels) - pos
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / pos if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    brier = sum((r - y) ** 2 for y, r in pairs) / max(len(labels), 1)
    bins = []
    for low, high in zip(BINS, BINS[1:], strict=False):
        idx = [i for i, r in enumerate(scores) if low <= r < high]
        if idx:
            bins.append(
                ReliabilityBin(
                    low,
                    min(high, 1.0),
                    len(idx),
                    round(sum(scores[i] for i in idx) / len(idx), 3),
                    round(sum(labels[i] for i in idx) / len(idx), 3),
                )
            )
    return DetectorScores(
        len(labels),
        pos,
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        round(fp / neg if neg else 0.0, 4),
        round(brier, 4),
        bins,
    )


def run_detector_eval(
    name: str,
    engine: UnderstandingEngine,
    path: Path,
    score_of: ScoreOf,
    threshold: float = THRESHOLD,
) -> DetectorReport:
    """Run ``engine.analyze`` on every case of the set and score ``score_of(signals)``."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rows: list[tuple[str, int, str]] = []
    positives: dict[str, list[str]] = next((data[k] for k in POSITIVE_KEYS if data.get(k)), {})
    for label, group in ((1, positives), (0, data.get("negatives") or {})):
        for lang, texts in group.items():
            rows += [(t, label, lang) for t in texts]
    values = [score_of(engine.analyze(t)) for t, _, _ in rows]
    by_lang = {}
    for lang in sorted({r[2] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r[2] == lang]
        by_lang[lang] = score([rows[i][1] for i in idx], [values[i] for i in idx], threshold)
    misses = [
        DetectorMiss(t, y, round(v, 3), lang)
        for (t, y, lang), v in zip(rows, values, strict=True)
        if (v >= threshold) != bool(y)
    ]
    conv_labels, conv_values = [], []
    for case in data.get("conversations") or []:
        prior = [PriorTurn(Role.CUSTOMER, t) for t in case["turns"]]
        value = score_of(engine.analyze(case["text"], UnderstandingContext(prior_turns=prior)))
        conv_labels.append(int(case["label"]))
        conv_values.append(value)
        if (value >= threshold) != bool(case["label"]):
            text = " → ".join([*case["turns"], case["text"]])
            misses.append(DetectorMiss(text, int(case["label"]), round(value, 3), "conversation"))
    return DetectorReport(
        name,
        by_lang,
        score([r[1] for r in rows], values, threshold),
        score(conv_labels, conv_values, threshold) if conv_labels else None,
        misses,
    )


def format_report(report: DetectorReport, threshold: float = THRESHOLD) -> list[str]:
    lines = [f"{report.name} held-out (score ≥ {threshold}):"]
    parts = [*report.by_language.items(), ("all", report.overall)]
    if report.conversations:
        parts.append(("conversations", report.conversations))
    for part, s in parts:
        lines.append(
            f"  {part:13s} n={s.n:3d} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
            f"FPR={s.false_positive_rate:.3f} Brier={s.brier:.3f}"
        )
    lines.append("  reliability (all): score bin → n, mean score, observed positive share")
    for b in report.overall.bins:
        lines.append(
            f"    [{b.low:.1f}, {b.high:.1f}) n={b.n:3d} "
            f"mean={b.mean_score:.2f} obs={b.positive_share:.2f}"
        )
    for m in report.misses:
        lines.append(f"  miss [{m.lang}] {m.text!r}: label {m.label}, score {m.score:.2f}")
    return lines
