"""Understanding engine: intent, emotion, wants-a-human and churn risk for each customer turn.

Importing this package is cheap: models are built by ``UnderstandingEngine.load``.
"""

from agent.nlu.engine import TrainSummary, UnderstandingEngine
from agent.nlu.taxonomy import OUT_OF_SCOPE, Taxonomy, default_taxonomy_path, load_taxonomy

__all__ = [
    "OUT_OF_SCOPE",
    "Taxonomy",
    "TrainSummary",
    "UnderstandingEngine",
    "default_taxonomy_path",
    "load_taxonomy",
]
