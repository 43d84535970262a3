"""``warmline eval injection``: recall on injections, false alarms on benign text with trigger
words, both held out from the detector's training set.

The sets (evals/data/injection_attacks.txt, injection_benign.txt) are one message a line,
English and Chinese, written by hand; a literal ``\\n`` is a line break inside a message. The
report also gives a patterns-only baseline (any pattern of weight ≥ 0.5) so the learned head's
contribution is visible, and counts messages that also occur in the training set (should be 0).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from agent.nlu.injection_corpus import training_set
from agent.nlu.injection_patterns import pattern_hits
from agent.nlu.text import detect_language, normalize

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine

DATA = Path(__file__).parent / "data"
DEFAULT_ATTACKS = DATA / "injection_attacks.txt"
DEFAULT_BENIGN = DATA / "injection_benign.txt"


def read_messages(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.replace("\\n", "\n") for ln in lines if ln.strip() and not ln.startswith("#")]


@dataclass(slots=True)
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float:
        return round(self.hits / self.total, 4) if self.total else 0.0


@dataclass(slots=True)
class InjectionReport:
    threshold: float
    recall: dict[str, Rate]  # all / en / zh
    false_alarms: dict[str, Rate]
    patterns_only_recall: Rate
    patterns_only_false_alarms: Rate
    overlap_with_training: int
    missed: list[tuple[str, float]] = field(default_factory=list)
    false_alarm_examples: list[tuple[str, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        for key in ("recall", "false_alarms"):
            d[key] = {k: {**asdict(v), "rate": v.rate} for k, v in getattr(self, key).items()}
        for key in ("patterns_only_recall", "patterns_only_false_alarms"):
            rate: Rate = getattr(self, key)
            d[key] = {**asdict(rate), "rate": rate.rate}
        return d


def _by_language(texts: list[str], fired: list[bool]) -> dict[str, Rate]:
    out = {"all": Rate(sum(fired), len(fired))}
    for lang in ("en", "zh"):
        sel = [f for t, f in zip(texts, fired, strict=True) if detect_language(t) == lang]
        out[lang] = Rate(sum(sel), len(sel))
    return out


def run_injection_eval(
    engine: UnderstandingEngine, attacks: list[str], benign: list[str]
) -> InjectionReport:
    model = engine.bundle.injection_model
    vectors = engine.embedder.encode(attacks + benign)  # one batch
    scores = [
        model.read(t, vectors[i]).score for i, t in enumerate(attacks + benign)
    ]  # the engine's own per-message path
    a_scores, b_scores = scores[: len(attacks)], scores[len(attacks) :]
    thr = model.config.threshold
    a_fired = [s >= thr for s in a_scores]
    b_fired = [s >= thr for s in b_scores]

    def pattern_fires(t: str) -> bool:
        return any(w >= 0.5 for _, _, w in pattern_hits(t))

    train = {normalize(t) for t in training_set()[0]}
    return InjectionReport(
        threshold=thr,
        recall=_by_language(attacks, a_fired),
        false_alarms=_by_language(benign, b_fired),
        patterns_only_recall=Rate(sum(map(pattern_fires, attacks)), len(attacks)),
        patterns_only_false_alarms=Rate(sum(map(pattern_fires, benign)), len(benign)),
        overlap_with_training=sum(normalize(t) in train for t in attacks + benign),
        missed=[(t, s) for t, s, f in zip(attacks, a_scores, a_fired, strict=True) if not f],
        false_alarm_examples=[
            (t, s) for t, s, f in zip(benign, b_scores, b_fired, strict=True) if f
        ],
    )


def print_injection_report(report: InjectionReport, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    typer.echo(f"injection detector, flag at score ≥ {report.threshold:.2f} (held-out sets)")
    rows = (("recall on injections", report.recall), ("false alarms", report.false_alarms))
    for name, rates in rows:
        parts = ", ".join(f"{k} {v.rate:.1%} ({v.hits}/{v.total})" for k, v in rates.items())
        typer.echo(f"  {name:<24} {parts}")
    p_r, p_f = report.patterns_only_recall, report.patterns_only_false_alarms
    typer.echo(
        f"  patterns alone           recall {p_r.rate:.1%} ({p_r.hits}/{p_r.total}), "
        f"false alarms {p_f.rate:.1%} ({p_f.hits}/{p_f.total})"
    )
    typer.echo(f"  messages also in the training set: {report.overlap_with_training}")
    for title, examples in (
        ("missed", report.missed),
        ("false alarms", report.false_alarm_examples),
    ):
        if examples:
            typer.echo(f"  {title}:")
            for text, score in examples:
                typer.echo(f"    {score:.2f}  {text!r}")
