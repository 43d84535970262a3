"""Per-turn latency of the whole agent on the embedded default (in-process, no sockets).

Runs a fixed script of customer messages through the switchboard (store, understanding,
retrieval, decision, answer, VOC writes) and prints p50/p95/max per turn, and how many times the
embedding model ran per turn (target 1: understanding and retrieval share the vector through the
server's CachingEmbedder). The cache is emptied before each turn, so a message repeated across
rounds is not free.

    .venv/bin/python benchmarks/bench_turn.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from api.settings import Settings
from api.wiring import build_embedder, build_services
from knowledge.embed_cache import CachingEmbedder
from knowledge.embedder import Embedder

SCRIPT = [
    "How do I freeze my card?",
    "what's my balance",
    "How much is the foreign transaction fee?",
    "My app keeps crashing when I log in",
    "What are your phone line opening hours?",
    "How long does an international transfer take?",
    "I want to complain about how I was treated",
    "What's my balance? I'm moving everything to another bank",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class CountingEmbedder:
    """The model under the cache, counting the calls that reach it."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dimension = inner.dimension
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


async def main(rounds: int, data_dir: Path) -> None:
    t0 = time.perf_counter()
    settings = Settings.for_data_dir(data_dir)
    wired = build_embedder(settings)  # what the server builds: the model under a CachingEmbedder
    assert isinstance(wired, CachingEmbedder)
    counting = CountingEmbedder(wired.inner)
    embedder = CachingEmbedder(counting, maxsize=wired.maxsize)
    async with build_services(settings, embedder=embedder) as services:
        startup = time.perf_counter() - t0
        sb = services.switchboard
        totals: list[float] = []
        agent_only: list[float] = []
        embeds: list[int] = []
        for r in range(rounds):
            for text in SCRIPT:
                conv = await sb.open(conversation_id=None, customer_id=f"bench-{r}", profile={})
                embedder.clear()
                before = counting.calls
                started = time.perf_counter()
                await sb.accept_customer_message(conv.id, text, None)
                outcome = await sb.respond(conv.id)
                totals.append((time.perf_counter() - started) * 1000)
                embeds.append(counting.calls - before)
                if outcome:
                    agent_only.append(outcome.latency_ms)
        print(f"start-up (model load, NLU cache, KB check): {startup:.1f} s")
        print(f"turns: {len(totals)}")
        print(
            f"embedding calls per turn: mean {statistics.mean(embeds):.2f}, max {max(embeds)} "
            "(understanding and retrieval share one)"
        )
        for name, values in (
            ("whole turn incl. VOC writes", totals),
            ("agent graph only", agent_only),
        ):
            print(
                f"{name:>28}: p50 {statistics.median(values):6.1f} ms   "
                f"p95 {pct(values, 0.95):6.1f} ms   max {max(values):6.1f} ms"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(args.rounds, args.data_dir or Path(tmp)))
