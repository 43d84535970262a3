"""The CI-sized subset of the demo suite, driven in-process through the real agent."""

from __future__ import annotations

from typing import Any

METRIC_KEYS = {
    "containment",
    "false_containment",
    "escalation_precision",
    "escalation_recall",
    "on_time_escalation",
    "per_reason",
    "reason_confusion",
    "churn_recall",
    "churn_false_positive_rate",
    "intent_accuracy",
    "idk_precision",
    "idk_recall",
    "citation_validity",
    "latency_p50_ms",
    "latency_p95_ms",
}


def test_ci_subset_runs_and_scores(eval_demo_run: Any) -> None:
    code, doc, report = eval_demo_run
    assert doc["version"] == 1
    assert len(doc["cases"]) == 9
    assert {c["language"] for c in doc["cases"]} == {"en", "zh"}  # the spread covers both
    assert set(doc["metrics"]["all"]) >= METRIC_KEYS
    assert set(doc["metrics"]["by_language"]) == {"en", "zh"}
    # Every bot answer was read back from the store with its trace.
    turns = [t for c in doc["cases"] for t in c["turns"]]
    assert all(t["action"] for t in turns)
    assert any(t["hits"] for t in turns) and all(t["latency_ms"] for t in turns if t["reached"])
    # The always-failing case misses its suite's threshold: exit code 1, and it says why.
    impossible = next(c for c in doc["cases"] if c["id"] == "ci-impossible-intent")
    assert not impossible["passed"]
    assert impossible["failures"][0].startswith("turn 1: intent ")
    miss = next(t for t in doc["thresholds"] if t["suite"] == "always_fails")
    assert miss["passed"] is False and doc["passed"] is False and code == 1
    assert report.stat().st_size > 0


def test_run_uses_a_throwaway_store(eval_demo_run: Any, tmp_path_factory: Any) -> None:
    """Nothing is written to the deployment's data folder: the run's store was temporary."""
    _, _, report = eval_demo_run
    data = report.parent / "data"
    assert not (data / "warmline.db").exists() and not (data / "checkpoints.db").exists()
