"""A whole agent turn embeds the customer's message once, shared by understanding and retrieval.

Real graph, real Nodes, the real understanding engine (its trained bundle from the session
fixture), a real in-memory Qdrant retriever over a few articles, the offline responder. The
embedding model is wrapped in a counter, under the CachingEmbedder the server wires.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.nlu import UnderstandingEngine
from agent.nodes import AgentDeps
from agent.offline import OfflineResponder
from agent.runner import AgentRunner
from agent.settings import PolicySettings
from domain.types import CustomerHistory
from knowledge.embed_cache import CachingEmbedder
from knowledge.ingest import ingest_path
from knowledge.retriever import build_retriever
from knowledge.settings import KnowledgeSettings

ARTICLES = {
    "en/cards-freeze.md": """---
id: cards-freeze
title: Freezing your card
language: en
---
# Freezing your card

In the app, go to Cards, choose the card and tap Freeze card. The freeze takes effect instantly.
Tap Unfreeze card in the same place and the card works again.
""",
    "en/statements.md": """---
id: statements
title: Getting your statements
language: en
---
# Getting your statements

Open the app, tap Accounts, then Statements, pick the month and tap Download PDF.
""",
    "zh/cards-freeze.md": """---
id: cards-freeze
title: 冻结银行卡
language: zh
---
# 冻结银行卡

在应用中进入"银行卡"，选择卡片并点击"冻结"。冻结立即生效，随时可以解冻。
""",
}


class CountingEmbedder:
    """The real model, with every text it is asked to embed written down."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.dimension = inner.dimension
        self.model_path = getattr(inner, "model_path", None)
        self.texts: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts.append(list(texts))
        return np.asarray(self.inner.encode(texts))


@pytest.fixture
async def world(
    tmp_path: Path, shared_embedder: Any, shared_understander: UnderstandingEngine
) -> Any:
    for rel, body in ARTICLES.items():
        path = tmp_path / "kb" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    counting = CountingEmbedder(shared_embedder)
    shared = CachingEmbedder(counting)
    settings = KnowledgeSettings(backend="memory", data_dir=tmp_path)
    retriever = build_retriever(settings, shared)
    await ingest_path(tmp_path / "kb", retriever, shared)
    yield counting, shared, retriever, shared_understander
    await retriever.close()


def runner_for(understander: Any, searcher: Any) -> AgentRunner:
    deps = AgentDeps(
        understander=understander,
        searcher=searcher,
        responder=OfflineResponder(),
        policy=PolicySettings(),
    )
    return AgentRunner(deps, InMemorySaver())


async def turn(runner: AgentRunner, conversation: str, text: str) -> Any:
    return await runner.run_turn(
        conversation, text, prior_turns=[], history=CustomerHistory(), profile={}
    )


@pytest.mark.parametrize(
    ("message", "embedded"),
    [
        ("How do I freeze my card?", "How do I freeze my card?"),
        ("  我的卡要怎麼凍結？ ", "我的卡要怎么冻结？"),  # traditional: simplified, once
        # Redacted values come out before either side reads the message.
        ("my PIN is [PIN], how do I freeze my card?", "my PIN is , how do I freeze my card?"),
    ],
)
async def test_a_turn_embeds_the_message_once(world: Any, message: str, embedded: str) -> None:
    counting, shared, retriever, trained = world
    engine = UnderstandingEngine(trained.taxonomy, shared, trained.bundle)
    counting.texts.clear()
    outcome = await turn(runner_for(engine, retriever), "c1", message)
    assert counting.texts == [[" ".join(embedded.split())]]
    assert outcome.signals.get("intent")  # understanding ran ...
    assert outcome.hits and outcome.hits[0]["article_id"] == "cards-freeze"  # ... and retrieval


async def test_without_the_shared_cache_it_embeds_twice(world: Any) -> None:
    """The count sees both sides: an understander with its own (uncached) embedder costs a
    second call, which is what the shared instance saves."""
    counting, _shared, retriever, trained = world
    engine = UnderstandingEngine(trained.taxonomy, counting, trained.bundle)
    counting.texts.clear()
    await turn(runner_for(engine, retriever), "c2", "How do I freeze my card?")
    assert counting.texts == [["How do I freeze my card?"]] * 2
