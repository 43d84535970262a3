"""Thresholds, the baseline comparison and the stable ``--json`` document (docs/evals.md)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from domain.errors import InvalidInput
from evals.scenarios.metrics import ScenarioMetrics, by_language, compute
from evals.scenarios.results import CaseResult
from evals.scenarios.runner import RunResult

JSON_VERSION = 1

# (metric, label, higher is better) — the headline figures, in reading order.
HEADLINE: list[tuple[str, str, bool]] = [
    ("containment", "Containment", True),
    ("false_containment", "False containment", False),
    ("escalation_precision", "Escalation precision", True),
    ("escalation_recall", "Escalation recall", True),
    ("on_time_escalation", "On-time escalation", True),
    ("churn_recall", "Churn recall", True),
    ("churn_false_positive_rate", "Churn false-positive rate", False),
    ("intent_accuracy", "Intent accuracy", True),
    ("idk_precision", "“I don't know” precision", True),
    ("idk_recall", "“I don't know” recall", True),
    ("citation_validity", "Citation validity", True),
    ("case_pass_rate", "Conversations passing", True),
    ("latency_p50_ms", "Latency p50 (ms)", False),
    ("latency_p95_ms", "Latency p95 (ms)", False),
]


@dataclass(frozen=True, slots=True)
class ThresholdCheck:
    suite: str
    metric: str
    op: str  # "min" | "max"
    limit: float
    value: float | None
    passed: bool | None  # None: nothing to measure in this run (e.g. --limit left no such case)


@dataclass(frozen=True, slots=True)
class CaseChange:
    id: str
    before: bool
    after: bool
    failures_before: list[str]
    failures_after: list[str]


@dataclass(frozen=True, slots=True)
class Comparison:
    baseline: str
    deltas: dict[str, tuple[float | None, float | None]]  # metric → (before, after)
    regressed: list[CaseChange]
    improved: list[CaseChange]
    new: list[str]
    missing: list[str]


@dataclass(slots=True)
class Scored:
    run: RunResult
    overall: ScenarioMetrics
    languages: dict[str, ScenarioMetrics]
    suites: dict[str, ScenarioMetrics]
    thresholds: list[ThresholdCheck]
    comparison: Comparison | None = None

    @property
    def passed(self) -> bool:
        return all(t.passed is not False for t in self.thresholds)


def score(run: RunResult) -> Scored:
    per_suite = {s.name: compute([c for c in run.cases if c.suite == s.name]) for s in run.suites}
    checks = []
    for s in run.suites:
        m = per_suite[s.name]
        for metric, op, limit in s.thresholds.items():
            value = m.value(metric)
            ok = None if value is None else (value >= limit if op == "min" else value <= limit)
            checks.append(ThresholdCheck(s.name, metric, op, limit, value, ok))
    return Scored(run, compute(run.cases), by_language(run.cases), per_suite, checks)


# -- the JSON document -------------------------------------------------------------------
def _metrics_json(m: ScenarioMetrics) -> dict[str, Any]:
    d = asdict(m)
    d.pop("latencies_ms")
    d["turns_late"] = {str(k): v for k, v in m.turns_late.items()}
    return d


def _case_json(c: CaseResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "suite": c.suite,
        "language": c.language,
        "tags": list(c.conversation.tags),
        "passed": c.passed,
        "failures": c.all_failures,
        "escalated_at": c.escalation_turn,
        "escalation_reason": c.escalation_reason,
        "churn_flagged": c.churn_flagged,
        "error": c.error,
        "expect": c.conversation.expect.model_dump(mode="json"),
        "turns": [{k: v for k, v in asdict(t).items() if k != "expect"} for t in c.turns],
    }


def to_json(s: Scored) -> dict[str, Any]:
    out: dict[str, Any] = {
        "version": JSON_VERSION,
        "started_at": s.run.started_at,
        "duration_s": round(s.run.duration_s, 2),
        "setup_s": round(s.run.setup_s, 2),
        "agent": s.run.agent,
        "suites": [
            {"name": x.name, "conversations": sum(c.suite == x.name for c in s.run.cases)}
            for x in s.run.suites
        ],
        "passed": s.passed,
        "thresholds": [asdict(t) for t in s.thresholds],
        "metrics": {
            "all": _metrics_json(s.overall),
            "by_language": {k: _metrics_json(v) for k, v in s.languages.items()},
            "by_suite": {k: _metrics_json(v) for k, v in s.suites.items()},
        },
        "cases": [_case_json(c) for c in s.run.cases],
        "baseline": None,
    }
    if s.comparison:
        cmp = s.comparison
        out["baseline"] = {
            "file": cmp.baseline,
            "metric_deltas": {
                k: {"before": b, "after": a, "delta": None if a is None or b is None else a - b}
                for k, (b, a) in cmp.deltas.items()
            },
            "regressed": [asdict(x) for x in cmp.regressed],
            "improved": [asdict(x) for x in cmp.improved],
            "new": cmp.new,
            "missing": cmp.missing,
        }
    return out


def dumps(s: Scored) -> str:
    return json.dumps(to_json(s), ensure_ascii=False, indent=1)


# -- the baseline ------------------------------------------------------------------------
class _BaselineCase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    passed: bool
    failures: list[str] = []


class _Baseline(BaseModel):
    model_config = ConfigDict(extra="ignore")
    version: int
    metrics: dict[str, dict[str, Any]]
    cases: list[_BaselineCase]


def compare(s: Scored, path: Path) -> Comparison:
    """What changed since an earlier ``--json`` run, case by case and metric by metric."""
    try:
        base = _Baseline.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})", code="bad_baseline") from None
    except (ValueError, ValidationError) as exc:
        raise InvalidInput(
            f"{path}: not a `warmline eval run --json` file ({exc.__class__.__name__})",
            code="bad_baseline",
        ) from None
    if base.version != JSON_VERSION:
        raise InvalidInput(
            f"{path}: version {base.version}, expected {JSON_VERSION}", code="bad_baseline"
        )
    before_all = base.metrics.get("all", {})
    deltas = {name: (_num(before_all.get(name)), s.overall.value(name)) for name, _, _ in HEADLINE}
    old = {c.id: c for c in base.cases}
    now = {c.id: c for c in s.run.cases}
    regressed: list[CaseChange] = []
    improved: list[CaseChange] = []
    for cid, case in now.items():
        prev = old.get(cid)
        if prev is None or prev.passed == case.passed:
            continue
        change = CaseChange(cid, prev.passed, case.passed, prev.failures, case.all_failures)
        (improved if case.passed else regressed).append(change)
    return Comparison(
        str(path),
        deltas,
        regressed,
        improved,
        [c for c in now if c not in old],
        [c for c in old if c not in now],
    )


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
