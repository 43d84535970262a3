"""Churn detector on the held-out set: precision, recall and calibration, per language.

The set (evals/data/churn_heldout.yaml) was written before the churn head was trained, in other
registers than the training generator uses, with hard negatives ("cancel a transfer", "close the
app", "switch to dark mode"). It is a test set: never train or tune on it.

Reported per language and overall: precision/recall/F1 at risk ≥ 0.5, false-positive rate on
the hard negatives, Brier score and reliability bins (mean predicted risk vs observed churn
share per bin: calibrated means they match), and the conversation cases (earlier turns + the
judged message) separately.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from domain.types import PriorTurn, Role, UnderstandingContext

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine

DEFAULT_CHURN_SET = Path(__file__).parent / "data" / "churn_heldout.yaml"
THRESHOLD = 0.5
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


@dataclass(slots=True)
class ReliabilityBin:
    low: float
    high: float
    n: int
    mean_risk: float
    churn_share: float


@dataclass(slots=True)
class ChurnScores:
    n: int
    n_churn: int
    precision: float
    recall: float
    f1: float
    false_positive_rate: float
    brier: float
    bins: list[ReliabilityBin] = field(default_factory=list)


@dataclass(slots=True)
class ChurnMiss:
    text: str
    label: int
    risk: float
    lang: str


@dataclass(slots=True)
class ChurnReport:
    by_language: dict[str, ChurnScores]
    overall: ChurnScores
    conversations: ChurnScores | None
    misses: list[ChurnMiss]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def score(labels: list[int], risks: list[float], threshold: float = THRESHOLD) -> ChurnScores:
    tp = sum(1 for y, r in zip(labels, risks, strict=True) if y and r >= threshold)
    fp = sum(1 for y, r in zip(labels, risks, strict=True) if not y and r >= threshold)
    pos = sum(labels)
    neg = len(labels) - pos
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / pos if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    brier = sum((r - y) ** 2 for y, r in zip(labels, risks, strict=True)) / max(len(labels), 1)
    bins = []
    for low, high in zip(BINS, BINS[1:], strict=False):
        idx = [i for i, r in enumerate(risks) if low <= r < high]
        if idx:
            bins.append(
                ReliabilityBin(
                    low,
                    min(high, 1.0),
                    len(idx),
                    round(sum(risks[i] for i in idx) / len(idx), 3),
                    round(sum(labels[i] for i in idx) / len(idx), 3),
                )
            )
    return ChurnScores(
        len(labels),
        pos,
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        round(fp / neg if neg else 0.0, 4),
        round(brier, 4),
        bins,
    )


def run_churn_eval(engine: UnderstandingEngine, path: Path = DEFAULT_CHURN_SET) -> ChurnReport:
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rows: list[tuple[str, int, str]] = []
    for label, key in ((1, "churn"), (0, "negatives")):
        for lang, texts in (data.get(key) or {}).items():
            rows += [(t, label, lang) for t in texts]
    risks = [engine.analyze(t).churn_risk for t, _, _ in rows]
    by_lang = {}
    for lang in sorted({r[2] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r[2] == lang]
        by_lang[lang] = score([rows[i][1] for i in idx], [risks[i] for i in idx])
    misses = [
        ChurnMiss(t, y, round(r, 3), lang)
        for (t, y, lang), r in zip(rows, risks, strict=True)
        if (r >= THRESHOLD) != bool(y)
    ]
    conv_labels, conv_risks = [], []
    for case in data.get("conversations") or []:
        prior = [PriorTurn(Role.CUSTOMER, t) for t in case["turns"]]
        risk = engine.analyze(case["text"], UnderstandingContext(prior_turns=prior)).churn_risk
        conv_labels.append(int(case["label"]))
        conv_risks.append(risk)
        if (risk >= THRESHOLD) != bool(case["label"]):
            text = " → ".join([*case["turns"], case["text"]])
            misses.append(ChurnMiss(text, int(case["label"]), round(risk, 3), "conversation"))
    return ChurnReport(
        by_lang,
        score([r[1] for r in rows], risks),
        score(conv_labels, conv_risks) if conv_labels else None,
        misses,
    )


def format_report(report: ChurnReport) -> list[str]:
    lines = ["churn held-out (risk ≥ 0.5):"]
    parts = [*report.by_language.items(), ("all", report.overall)]
    if report.conversations:
        parts.append(("conversations", report.conversations))
    for name, s in parts:
        lines.append(
            f"  {name:13s} n={s.n:3d} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
            f"FPR={s.false_positive_rate:.3f} Brier={s.brier:.3f}"
        )
    lines.append("  reliability (all): risk bin → n, mean risk, observed churn share")
    for b in report.overall.bins:
        lines.append(
            f"    [{b.low:.1f}, {b.high:.1f}) n={b.n:3d} "
            f"mean={b.mean_risk:.2f} obs={b.churn_share:.2f}"
        )
    for m in report.misses:
        lines.append(f"  miss [{m.lang}] {m.text!r}: label {m.label}, risk {m.risk:.2f}")
    return lines
