"""Wants-a-person detector on a held-out set: precision, recall and calibration, per language.

The set (evals/data/human_heldout.yaml) was written before the wants-a-person head and its
training generator, with hard negatives ("customer service hours", "person-to-person transfer",
人工智能, "I spoke to an agent yesterday"). It is a test set: never train or tune on it. Scoring
is the shared detector evaluation (evals/detector_eval.py) on ``Signals.wants_human_score``.

``RulesOnlyEngine`` is the detector before the head, kept to compare against: the rules, or a
confident person-request intent unless a hard negative matched, read as yes/no at 0.7.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from agent.nlu.engine import WANTS_HUMAN_THRESHOLD, UnderstandingEngine
from agent.nlu.human import detect_wants_human
from domain.types import Signals, UnderstandingContext
from evals.detector_eval import DetectorReport, run_detector_eval

DEFAULT_HUMAN_SET = Path(__file__).parent / "data" / "human_heldout.yaml"
RULES_THRESHOLD = 0.7  # the old detector's threshold on its rule score
INTENT_OVERRIDE = 0.75  # what a confident person-request intent used to score


class RulesOnlyEngine(UnderstandingEngine):
    """The engine with the wants-a-person reading of before issue 11 (for comparison only)."""

    @classmethod
    def wrapping(cls, engine: UnderstandingEngine) -> RulesOnlyEngine:
        return cls(engine.taxonomy, engine.embedder, engine.bundle)

    def analyze(self, text: str, ctx: UnderstandingContext | None = None) -> Signals:
        signals = super().analyze(text, ctx)
        score, _, vetoed = detect_wants_human(text)
        prior = self.bundle.human_priors.get(signals.intent, 0.0)
        if not vetoed and prior >= 0.5 and signals.intent_confidence >= 0.6:
            score = max(score, INTENT_OVERRIDE)
        asked = score >= RULES_THRESHOLD
        return replace(signals, wants_human=asked, wants_human_score=float(asked))


def run_human_eval(
    engine: UnderstandingEngine, path: Path = DEFAULT_HUMAN_SET, *, baseline: bool = False
) -> DetectorReport:
    """The head on ``path`` (or, with ``baseline``, the rules-only detector it replaced)."""
    if baseline:
        return run_detector_eval(
            "wants_human (rules-only, before)",
            RulesOnlyEngine.wrapping(engine),
            path,
            lambda s: s.wants_human_score,
            WANTS_HUMAN_THRESHOLD,
        )
    return run_detector_eval(
        "wants_human", engine, path, lambda s: s.wants_human_score, WANTS_HUMAN_THRESHOLD
    )
