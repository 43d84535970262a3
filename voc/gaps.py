"""Grouping unanswered customer questions by meaning, so a CX lead sees which articles are
missing ("12 people asked about pet insurance") rather than 12 separate lines.

Agglomerative clustering (average linkage) on cosine distance of the message embeddings; a
group joins questions closer than ``max_distance``. Without an embedding function, questions
are grouped by their normalised text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Embed = Callable[[list[str]], Any]


@dataclass(slots=True)
class GapCluster:
    count: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _labels(texts: list[str], embed: Embed | None, max_distance: float) -> list[int]:
    if embed is None or len(texts) < 2:
        keys: dict[str, int] = {}
        return [keys.setdefault(_normalise(t), len(keys)) for t in texts]
    from sklearn.cluster import AgglomerativeClustering

    vectors = np.asarray(embed(texts), dtype=np.float32)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=max_distance
    )
    return [int(label) for label in model.fit_predict(vectors)]


def cluster_questions(
    questions: Sequence[tuple[str, str]],
    embed: Embed | None = None,
    *,
    max_distance: float = 0.5,
    examples: int = 3,
) -> list[GapCluster]:
    """``questions``: (text, reason) pairs. Returns groups, largest first."""
    texts = [q for q, _ in questions]
    groups: dict[int, GapCluster] = {}
    for (text, reason), label in zip(questions, _labels(texts, embed, max_distance), strict=True):
        g = groups.setdefault(label, GapCluster())
        g.count += 1
        g.reasons[reason] += 1
        if len(g.examples) < examples and text not in g.examples:
            g.examples.append(text)
    return sorted(groups.values(), key=lambda g: -g.count)
