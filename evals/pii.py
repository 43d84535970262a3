"""``warmline eval pii``: recall and false positives of the write-time redactor.

Positives (cards, IBANs, Chinese IDs, phones, emails, UK bank details, stated PINs and
passwords, in English and Chinese customer sentences) and hard negatives (order numbers,
amounts, dates, times, references, tracking and transaction ids, numbers that fail their
checksum, "my PIN is blocked") are generated from templates with a fixed seed
(evals/pii_templates.py, evals/pii_values.py). A personal value counts as found when one
finding of its kind covers all of it; a negative is a false positive when anything at all is
redacted in it. Figures are given per template set: dev (tuned on), heldout and fresh
(see evals/pii_templates.py).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

import typer

from evals.pii_cases import Case, build_cases
from voc.privacy import redact


@dataclass(slots=True)
class SplitScore:
    positives: int = 0
    values: int = 0
    found: int = 0
    leaked: int = 0  # values still readable verbatim in the redacted text
    negatives: int = 0
    false_positive_cases: int = 0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.found / self.values if self.values else 0.0

    @property
    def fp_rate(self) -> float:
        return self.false_positive_cases / self.negatives if self.negatives else 0.0


@dataclass(slots=True)
class PiiReport:
    seed: int
    splits: dict[str, SplitScore]
    misses: list[str]
    false_positives: list[str]

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"seed": self.seed, "splits": {}}
        for name, s in self.splits.items():
            out["splits"][name] = {  # type: ignore[index]
                **asdict(s),
                "recall": round(s.recall, 4),
                "false_positive_rate": round(s.fp_rate, 4),
                "recall_by_kind": {
                    k: round(v["found"] / v["values"], 4) for k, v in sorted(s.by_kind.items())
                },
            }
        out["misses"] = self.misses
        out["false_positives"] = self.false_positives
        return out


def score_case(case: Case, score: SplitScore, misses: list[str], fps: list[str]) -> None:
    result = redact(case.text)
    if not case.spans:
        score.negatives += 1
        if result.findings:
            score.false_positive_cases += 1
            fps.append(f"{case.text!r} -> {result.text!r}")
        return
    score.positives += 1
    for span in case.spans:
        kind = score.by_kind.setdefault(span.kind, Counter())  # type: ignore[arg-type]
        kind["values"] += 1
        score.values += 1
        hit = any(
            f.kind.value == span.kind and f.start <= span.start and span.end <= f.end
            for f in result.findings
        )
        if hit:
            kind["found"] += 1
            score.found += 1
        else:
            kind.setdefault("found", 0)
            misses.append(f"{span.kind}: {case.text!r} -> {result.text!r}")
        if case.text[span.start : span.end] in result.text:
            score.leaked += 1


def run_pii_eval(*, seed: int = 7, per_template: int = 12) -> PiiReport:
    splits = {"dev": SplitScore(), "heldout": SplitScore(), "fresh": SplitScore()}
    misses: list[str] = []
    fps: list[str] = []
    for case in build_cases(seed=seed, per_template=per_template):
        score_case(case, splits[case.split], misses, fps)
    for s in splits.values():
        s.by_kind = {k: dict(v) for k, v in s.by_kind.items()}
    return PiiReport(seed, splits, misses, fps)


def print_pii_report(report: PiiReport, as_json: bool, show: int = 10) -> None:
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    for name, s in report.splits.items():
        typer.echo(
            f"{name}: recall {s.recall:.1%} ({s.found}/{s.values} values in {s.positives} "
            f"messages), leaked verbatim {s.leaked}; false positives {s.fp_rate:.1%} "
            f"({s.false_positive_cases}/{s.negatives} negative messages)"
        )
        for kind, v in sorted(s.by_kind.items()):
            typer.echo(f"  {kind:<13} {v['found'] / v['values']:.1%}  ({v['found']}/{v['values']})")
    for title, rows in (("missed", report.misses), ("false positives", report.false_positives)):
        if rows:
            typer.echo(f"{title} (first {min(show, len(rows))} of {len(rows)}):")
            for row in rows[:show]:
                typer.echo(f"  {row}")
