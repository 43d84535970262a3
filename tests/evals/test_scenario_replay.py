"""``warmline eval replay``: stored conversations re-run through the current agent."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agent.settings import PolicySettings
from api.settings import Settings
from domain.errors import InvalidInput
from domain.types import Role, TurnRecord
from evals.scenarios.replay import parse_policy_sets, parse_since, replay
from voc.db import create_schema, make_engine, sqlite_url
from voc.store import VocStore


def test_policy_overrides_are_validated() -> None:
    base = PolicySettings()
    p = parse_policy_sets(base, ["churn_escalate=0.45", "unanswered_limit=3"])
    assert (p.churn_escalate, p.unanswered_limit, p.anger_escalate) == (
        0.45,
        3,
        base.anger_escalate,
    )
    with pytest.raises(InvalidInput, match="KEY one of"):
        parse_policy_sets(base, ["churn=0.4"])
    with pytest.raises(InvalidInput, match="unanswered_limit"):
        parse_policy_sets(base, ["unanswered_limit=many"])
    with pytest.raises(InvalidInput, match="expected a date"):
        parse_since("last week")
    assert parse_since("2026-11-01") == datetime(2026, 11, 1, tzinfo=UTC)


ASKED = "I want to speak to a real person please, is there a fee to close my account?"


async def _seed(data_dir: Path) -> str:
    """A stored conversation whose recorded decision today's agent would not make: the
    customer asked for a person, and what leaving costs, and the bot (an older version)
    answered."""
    engine = make_engine(sqlite_url(data_dir))
    await create_schema(engine)
    store = VocStore(engine)
    conv = await store.create_conversation(customer_id=None, profile={})
    turn = await store.append_turn(TurnRecord(conv.id, 0, Role.CUSTOMER, ASKED))
    await store.annotate_turn(
        conv.id, turn.seq, signals={}, hits=[], decision={"action": "answer"}, latency_ms=1.0
    )
    await engine.dispose()
    return conv.id


def test_replay_lists_changed_decisions(
    tmp_path: Path, request: pytest.FixtureRequest, shared_embedder: Any, shared_understander: Any
) -> None:
    cid = asyncio.run(_seed(tmp_path))
    cache = request.config.cache
    kb_cache = cache.mkdir("warmline-eval-kb") / "index" if cache else None
    settings = Settings.for_data_dir(tmp_path)

    def run(policy: PolicySettings) -> Any:
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(
                asyncio.run,
                replay(
                    settings,
                    since=parse_since(None),
                    policy=policy,
                    progress=False,
                    embedder=shared_embedder,
                    understander=shared_understander,
                    kb_cache=kb_cache,
                ),
            ).result()

    result = run(settings.policy)
    assert (result.conversations, result.turns) == (1, 1)
    assert result.newly_escalated == [cid]
    [change] = result.changes
    assert (change.n, change.before) == (1, "answer")
    assert change.after.startswith("escalate (churn_risk")  # churn outranks the request

    # "What if churn only escalated when (almost) certain?" — other thresholds change the
    # reason the same turn would be handed over for.
    raised = run(parse_policy_sets(settings.policy, ["churn_escalate=0.99"]))
    assert raised.policy["churn_escalate"] == 0.99
    assert raised.changes[0].after.startswith("escalate (customer_asked")

    # The stored conversation itself is untouched.
    async def turns() -> list[TurnRecord]:
        engine = make_engine(sqlite_url(tmp_path))
        try:
            return await VocStore(engine).turns(cid)
        finally:
            await engine.dispose()

    assert [t.role for t in asyncio.run(turns())] == [Role.CUSTOMER]
