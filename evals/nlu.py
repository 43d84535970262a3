"""NLU evaluations: intent accuracy on a labelled CSV split, and signal detectors on cases.

``warmline eval nlu --train TRAIN.csv --test TEST.csv [--shots K --seeds N] [--json]`` trains the
same intent model the engine uses (embedding ⊕ char n-grams -> logistic regression +
nearest-neighbour vote) on TRAIN, or on K examples per label drawn from it N times, and scores
TEST. TRAIN may also be a taxonomy YAML (its examples are the training set).
Calibration runs only when TRAIN has an out_of_scope class (the confidence floor needs it);
otherwise it is skipped: temperature never changes the arg-max, and skipping is much faster.

``warmline eval signals [--cases signal_cases.yaml] [--churn-set F] [--emotion-set F] [--json]``
scores emotion, wants-a-human and churn detectors on the hand-written cases (both languages,
incl. hard negatives), then churn and negative emotion on their held-out sets.
"""

from __future__ import annotations

import csv
import json as _json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import typer

from agent.nlu.taxonomy import OUT_OF_SCOPE
from domain.errors import InvalidInput

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine
    from agent.nlu.intent import IntentModelConfig
    from knowledge.embedder import Embedder

DEFAULT_CASES = Path(__file__).parent / "data" / "signal_cases.yaml"
CHURN_HIGH = 0.6  # churn "high" cases must reach this risk ...
CHURN_LOW = 0.3  # ... and "low" cases stay below this one


def read_labelled(path: Path) -> tuple[list[str], list[str]]:
    """Texts and labels from a CSV (text,label) or from a taxonomy YAML (its examples)."""
    if Path(path).suffix.lower() in {".yaml", ".yml"}:
        from agent.nlu.taxonomy import load_taxonomy

        return load_taxonomy(path).training_pairs()
    return read_labelled_csv(path)


def read_labelled_csv(path: Path) -> tuple[list[str], list[str]]:
    """Rows of (text, label); header must name both columns."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
                raise InvalidInput(f"{path}: CSV needs columns text,label")
            rows = [(r["text"].strip(), r["label"].strip()) for r in reader if r.get("text")]
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}") from exc
    if not rows:
        raise InvalidInput(f"{path}: no rows")
    return [t for t, _ in rows], [lab for _, lab in rows]


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def sample_shots(labels: Sequence[str], shots: int, seed: int) -> list[int]:
    """Row indices of ``shots`` examples per label, drawn without replacement (the few-shot
    setting a CX team is in: 10-20 written examples per intent). Labels with fewer rows keep all."""
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    picked: list[int] = []
    for rows in by_label.values():
        take = rows if len(rows) <= shots else rng.choice(rows, size=shots, replace=False).tolist()
        picked.extend(int(i) for i in take)
    return sorted(picked)


def _score_once(
    x_train: list[str],
    y_train: list[str],
    emb_train: np.ndarray,
    x_test: list[str],
    y_test: list[str],
    emb_test: np.ndarray,
    config: IntentModelConfig,
) -> tuple[float, float]:
    from agent.nlu.intent import IntentModel

    model = IntentModel(config).fit(x_train, y_train, emb_train)
    probs = model.probabilities(x_test, emb_test)
    pred = [model.classes[i] for i in probs.argmax(axis=1)]
    if OUT_OF_SCOPE in y_train:  # only a taxonomy with an OOS class uses the confidence floor
        pred = [
            p if probs[n].max() >= config.min_confidence else OUT_OF_SCOPE
            for n, p in enumerate(pred)
        ]
    accuracy = sum(p == g for p, g in zip(pred, y_test, strict=True)) / len(y_test)
    return accuracy, macro_f1(y_test, pred)


def run_intent_eval(
    train: Path,
    test: Path,
    embedder: Embedder,
    config: IntentModelConfig | None = None,
    *,
    shots: int | None = None,
    seeds: int = 1,
) -> dict[str, Any]:
    """Train on TRAIN (or on ``shots`` examples per label drawn from it, ``seeds`` times) and
    score TEST. Several seeds report the mean, the spread and each run."""
    from dataclasses import replace

    from agent.nlu.intent import IntentModelConfig, with_label_names

    if shots is not None and shots < 1:
        raise InvalidInput("--shots must be at least 1")
    if seeds < 1:
        raise InvalidInput("--seeds must be at least 1")
    start = time.perf_counter()
    x_all, y_all = read_labelled(train)
    x_test, y_test = read_labelled(test)
    # Each label's humanised name is one more training example in every draw (every draw keeps
    # every label), so the names are embedded once, in the same batch as everything else.
    x_named, y_named = with_label_names(x_all, y_all)
    name_x, name_y = x_named[len(x_all) :], y_named[len(y_all) :]
    vectors = embedder.encode(x_all + name_x + x_test)  # one batch: the fastest way through
    emb_all = vectors[: len(x_all)]
    emb_names = vectors[len(x_all) : len(x_all) + len(name_x)]
    emb_test = vectors[len(x_all) + len(name_x) :]
    # Temperature never changes the arg-max, so plain accuracy skips calibration (several times
    # faster); with an out-of-scope class the confidence floor applies, which needs it.
    config = replace(config or IntentModelConfig(), calibrate=OUT_OF_SCOPE in y_all)
    draws = (
        [sample_shots(y_all, shots, seed) for seed in range(seeds)]
        if shots is not None
        else [list(range(len(x_all)))]
    )
    runs = [
        _score_once(
            [x_all[i] for i in rows] + name_x,
            [y_all[i] for i in rows] + name_y,
            np.vstack([emb_all[rows], emb_names]),
            x_test,
            y_test,
            emb_test,
            config,
        )
        for rows in draws
    ]
    accuracies = [a for a, _ in runs]
    result: dict[str, Any] = {
        "accuracy": round(float(np.mean(accuracies)), 4),
        "macro_f1": round(float(np.mean([f for _, f in runs])), 4),
        "n_train": len(draws[-1]),
        "n_test": len(x_test),
        "seconds": round(time.perf_counter() - start, 2),
    }
    if shots is not None:
        result["shots"] = shots
        result["accuracy_std"] = round(float(np.std(accuracies)), 4)
        result["runs"] = [round(a, 4) for a in accuracies]
    return result


def print_intent_report(result: dict[str, Any], json: bool) -> None:
    """``warmline eval nlu``: one JSON object, or one line."""
    if json:
        typer.echo(_json.dumps(result))
        return
    line = (
        f"accuracy {result['accuracy']:.4f}  macro-F1 {result['macro_f1']:.4f}  "
        f"(train {result['n_train']}, test {result['n_test']}, {result['seconds']}s)"
    )
    if "runs" in result:
        line += (
            f"  {result['shots']}-shot, {len(result['runs'])} draws, "
            f"sd {result['accuracy_std']:.4f}"
        )
    typer.echo(line)


def run_signal_eval(
    engine: UnderstandingEngine, cases_path: Path = DEFAULT_CASES
) -> dict[str, Any]:
    """Per-detector accuracy on signal_cases.yaml, plus the failures (for tuning and reports)."""
    import yaml

    cases = yaml.safe_load(Path(cases_path).read_text(encoding="utf-8"))
    report: dict[str, Any] = {}
    failures: list[dict[str, Any]] = []
    emotion = cases.get("emotion", [])
    hits = 0
    for case in emotion:
        s = engine.analyze(case["text"])
        ok = s.emotion == case["emotion"] and (
            case["emotion"] == "neutral"
            or s.emotion_intensity >= case.get("min_intensity", 0) - 0.15
        )
        hits += ok
        if not ok:
            failures.append(
                {
                    "detector": "emotion",
                    "text": case["text"],
                    "want": case["emotion"],
                    "got": f"{s.emotion} {s.emotion_intensity:.2f}",
                }
            )
    if emotion:
        report["emotion_accuracy"] = round(hits / len(emotion), 4)
    for name, key, judge in (
        ("wants_human", "wants_human", lambda s, want: s.wants_human == want),
        (
            "churn",
            "churn",
            lambda s, want: (
                s.churn_risk >= CHURN_HIGH if want == "high" else s.churn_risk < CHURN_LOW
            ),
        ),
    ):
        group = cases.get(name, [])
        hits = 0
        for case in group:
            s = engine.analyze(case["text"])
            ok = bool(judge(s, case[key]))
            hits += ok
            if not ok:
                got = s.wants_human if name == "wants_human" else round(s.churn_risk, 2)
                failures.append(
                    {"detector": name, "text": case["text"], "want": case[key], "got": got}
                )
        if group:
            report[f"{name}_accuracy"] = round(hits / len(group), 4)
    report["failures"] = failures
    return report


@dataclass(frozen=True, slots=True)
class SignalSets:
    """The held-out sets ``warmline eval signals`` scores (None: the shipped default)."""

    churn: Path | None = None
    human: Path | None = None
    emotion: Path | None = None
    human_baseline: bool = False  # also score the rules-only wants-a-person detector of before


def print_signal_report(
    engine: UnderstandingEngine, cases: Path, json: bool, sets: SignalSets | None = None
) -> None:
    """``warmline eval signals``: per-detector accuracy and each miss, then the churn,
    wants-a-person and negative-emotion detectors' precision, recall and calibration on their
    held-out sets (evals/churn.py, evals/human.py, evals/emotion.py)."""
    from agent.nlu.engine import WANTS_HUMAN_THRESHOLD
    from evals.churn import DEFAULT_CHURN_SET, run_churn_eval
    from evals.detector_eval import format_report
    from evals.emotion import DEFAULT_EMOTION_SET, run_negative_emotion_eval
    from evals.human import DEFAULT_HUMAN_SET, run_human_eval

    sets = sets or SignalSets()
    report = run_signal_eval(engine, cases)
    churn = run_churn_eval(engine, sets.churn or DEFAULT_CHURN_SET)
    humans = [run_human_eval(engine, sets.human or DEFAULT_HUMAN_SET)]
    if sets.human_baseline:
        humans.append(run_human_eval(engine, sets.human or DEFAULT_HUMAN_SET, baseline=True))
    emotion = run_negative_emotion_eval(engine, sets.emotion or DEFAULT_EMOTION_SET)
    if json:
        report["churn_heldout"] = churn.as_dict()
        report["wants_human_heldout"] = humans[0].as_dict()
        if sets.human_baseline:
            report["wants_human_heldout_baseline"] = humans[1].as_dict()
        report["emotion_heldout"] = [r.as_dict() for r in emotion]
        typer.echo(_json.dumps(report, ensure_ascii=False))
        return
    for key in ("emotion_accuracy", "wants_human_accuracy", "churn_accuracy"):
        if key in report:
            typer.echo(f"{key:22s} {report[key]:.3f}")
    for f in report["failures"]:
        typer.echo(f"  miss [{f['detector']}] {f['text']!r}: want {f['want']}, got {f['got']}")
    for line in format_report(churn):
        typer.echo(line)
    for human in humans:
        for line in format_report(human, WANTS_HUMAN_THRESHOLD):
            typer.echo(line)
    for detector in emotion:
        for line in format_report(detector):
            typer.echo(line)
