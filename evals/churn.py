"""Churn detector on the held-out set: precision, recall and calibration, per language.

The set (evals/data/churn_heldout.yaml) was written before the churn head was trained, in other
registers than the training generator uses, with hard negatives ("cancel a transfer", "close the
app", "switch to dark mode"). It is a test set: never train or tune on it. Scoring is the shared
detector evaluation (evals/detector_eval.py) on ``Signals.churn_risk``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from evals.detector_eval import DetectorReport, run_detector_eval

if TYPE_CHECKING:
    from agent.nlu.engine import UnderstandingEngine

DEFAULT_CHURN_SET = Path(__file__).parent / "data" / "churn_heldout.yaml"


def run_churn_eval(engine: UnderstandingEngine, path: Path = DEFAULT_CHURN_SET) -> DetectorReport:
    return run_detector_eval("churn", engine, path, lambda s: s.churn_risk)
