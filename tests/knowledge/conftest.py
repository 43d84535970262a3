"""Shared fixtures: one embedding model per test session, small article corpora on tmp dirs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.embedder import SentenceTransformerEmbedder
from knowledge.retriever import Retriever, build_retriever
from knowledge.settings import KnowledgeSettings

ARTICLES: dict[str, str] = {
    "en/cards-freeze.md": """---
id: cards-freeze
title: Freezing your card
url: https://help.example/cards-freeze
language: en
tags: [cards, security]
updated: 2026-10-01
---
# Freezing your card

Freezing your card temporarily stops it from being used.

## How to freeze your card
In the app, go to Cards, choose the card and tap Freeze card. The freeze takes effect instantly.

## Unfreezing your card
Tap Unfreeze card in the same place. Your card works again immediately.
""",
    "en/fees-foreign.md": """---
id: fees-foreign
title: Foreign transaction fees
url: https://help.example/fees-foreign
language: en
tags: [fees, travel]
updated: 2026-10-01
---
# Foreign transaction fees

## Spending abroad
When you pay in a currency other than pounds we charge a non-sterling transaction fee of 2.75%
of the amount. Cash withdrawals abroad cost an extra 1.5%.

## Error code FX-4417
If the app shows error code FX-4417 your card's overseas spending block is switched on.
""",
    "en/statements.md": """---
id: statements
title: Getting your statements
language: en
tags: [statements]
updated: 2026-10-01
---
# Getting your statements

## Download a statement
Open the app, tap Accounts, then Statements, pick the month and tap Download PDF. Statements go
back seven years.
""",
    "zh/cards-freeze.md": """---
id: cards-freeze
title: 冻结您的银行卡
language: zh
tags: [cards, security]
updated: 2026-10-01
---
# 冻结您的银行卡

## 如何冻结银行卡
在应用中进入“银行卡”，选择卡片并点击“冻结卡片”。冻结立即生效。

## 解除冻结
在同一位置点击“解除冻结”，您的银行卡会立即恢复使用。
""",
}


def write_corpus(root: Path, articles: dict[str, str] | None = None) -> Path:
    for rel, text in (articles or ARTICLES).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.fixture
def articles() -> dict[str, str]:
    return dict(ARTICLES)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "kb")


@pytest.fixture(params=["memory", "edge"])
async def retriever(
    request: pytest.FixtureRequest, tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> AsyncIterator[Retriever]:
    settings = KnowledgeSettings(backend=request.param, data_dir=tmp_path / "data")
    r = build_retriever(settings, embedder)
    yield r
    await r.close()
