"""Per-message understanding latency next to one plain embedding call, measured in one run.

    .venv/bin/python benchmarks/bench_nlu.py [--rounds 5] [--json]

The target is understanding one message for at most ~1.5x the cost of embedding it: the engine
makes exactly one embedding call per message (counted here) and everything else is cached or
cheap. In a whole turn that call is also the retrieval's (see benchmarks/bench_turn.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from domain.types import CustomerHistory, PriorTurn, Role, UnderstandingContext  # noqa: E402

if TYPE_CHECKING:
    from knowledge.embedder import Embedder

MESSAGES = [
    "what's my balance",
    "What's my balance? I'm moving everything to another bank",
    "I want to talk to a real person",
    "THIS IS THE THIRD TIME I'VE ASKED!!! fix it",
    "my card was declined at the shop, why?",
    "how do I close my savings account",
    "转人工",
    "我卡里还有多少钱",
    "can you send me a statement for March please",
    "great, just great, another fee 🙄",
]


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 2),
    }


class CountingEmbedder:
    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dimension: int = inner.dimension
        self.model_path = getattr(inner, "model_path", None)
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return self.inner.encode(texts)

    def __getattr__(self, name: str) -> Any:
        # languages, encode_passages, relevance_floor: the model's, not the default English ones
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache-dir", type=Path, default=Path(".data") / "nlu-cache")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from agent.nlu import UnderstandingEngine, default_taxonomy_path
    from knowledge.embedding_choice import build_embedder
    from knowledge.settings import KnowledgeSettings

    embedder = build_embedder(KnowledgeSettings())
    counting = CountingEmbedder(embedder)
    engine = UnderstandingEngine.load(default_taxonomy_path(), counting, args.cache_dir)
    ctx = UnderstandingContext(
        prior_turns=[
            PriorTurn(Role.CUSTOMER, "my transfer failed again"),
            PriorTurn(Role.BOT, "Sorry about that, let me check."),
            PriorTurn(Role.CUSTOMER, "this is ridiculous"),
        ],
        history=CustomerHistory(balance_checks_30d=4, complaints_30d=1),
    )
    for text in MESSAGES[:3]:  # warm-up: first calls pay for lazy regex compilation etc.
        embedder.encode([text])
        engine.analyze(text, ctx)

    embed, understand = [], []
    counting.calls = 0
    for _ in range(args.rounds):
        for text in MESSAGES:  # interleaved so both see the same machine load
            t0 = time.perf_counter()
            embedder.encode([text])
            t1 = time.perf_counter()
            engine.analyze(text, ctx)
            t2 = time.perf_counter()
            embed.append(t1 - t0)
            understand.append(t2 - t1)
    emb_ms, und_ms = _ms(embed), _ms(understand)
    result: dict[str, object] = {
        "messages": len(embed),
        "embedding": emb_ms,
        "understanding": und_ms,
        "ratio_median": round(statistics.median(understand) / statistics.median(embed), 2),
        "embedding_calls_per_message": round(counting.calls / len(understand), 2),
        "load_seconds": engine.summary.seconds if engine.summary else None,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"one embedding call    median {emb_ms['median_ms']:7.2f} ms   "
        f"p90 {emb_ms['p90_ms']:7.2f} ms"
    )
    print(
        f"understand a message  median {und_ms['median_ms']:7.2f} ms   "
        f"p90 {und_ms['p90_ms']:7.2f} ms"
    )
    print(f"embedding calls       {result['embedding_calls_per_message']} per message")
    print(
        f"ratio (median)        {result['ratio_median']}x (target <= 1.5x)   "
        f"({result['messages']} messages, engine load {result['load_seconds']}s)"
    )


if __name__ == "__main__":
    main()
