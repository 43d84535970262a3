"""The VOC store on real SQLite and real PostgreSQL: claims race, seq allocation, history."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.errors import Conflict
from domain.types import Role, TurnRecord
from tests.integration.audit_db import PG_URL, pg_available
from voc.db import create_schema, make_engine, sqlite_url
from voc.models import Base
from voc.store import VocStore


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[VocStore]:
    if request.param == "sqlite":
        engine = make_engine(sqlite_url(tmp_path))
    else:
        if not await pg_available():
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is not reachable at {PG_URL}")
            pytest.skip("PostgreSQL not running")
        engine = make_engine(PG_URL)
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)
    await create_schema(engine)
    yield VocStore(engine)
    await engine.dispose()


async def test_concurrent_claims_have_exactly_one_winner(store: VocStore) -> None:
    conv = await store.create_conversation(customer_id="c1", profile={})
    await store.move_state(conv.id, expected="bot", new="queued", priority=50)

    async def claim(agent: str) -> str:
        try:
            await store.move_state(conv.id, expected="queued", new="human", owner_agent=agent)
            return agent
        except Conflict as exc:
            return exc.code

    results = await asyncio.gather(*(claim(f"agent{i}") for i in range(6)))
    winners = [r for r in results if r.startswith("agent")]
    assert len(winners) == 1
    assert results.count("already_claimed") == 5
    assert (await store.get_conversation(conv.id)).owner_agent == winners[0]


async def test_turns_get_consecutive_seq_and_client_ids_are_unique(store: VocStore) -> None:
    conv = await store.create_conversation(customer_id="c2", profile={})

    async def add(i: int) -> int:
        t = await store.append_turn(
            TurnRecord(conv.id, 0, Role.CUSTOMER, f"m{i}", client_id=f"id{i}")
        )
        return t.seq

    seqs = await asyncio.gather(*(add(i) for i in range(8)))
    assert sorted(seqs) == list(range(1, 9))
    with pytest.raises(Conflict):
        await store.append_turn(TurnRecord(conv.id, 0, Role.CUSTOMER, "again", client_id="id3"))
    assert len(await store.turns(conv.id)) == 8
    assert [t.seq for t in await store.turns(conv.id, after_seq=6)] == [7, 8]


async def test_customer_history_counts_balance_checks_and_open_handoffs(store: VocStore) -> None:
    for _ in range(3):
        conv = await store.create_conversation(customer_id="hist", profile={})
        await store.append_turn(
            TurnRecord(conv.id, 0, Role.CUSTOMER, "balance?", signals={"intent": "check_balance"}),
            customer_id="hist",
        )
    await store.create_handoff(conv.id, reason="churn_risk", priority=80, packet={})
    h = await store.customer_history("hist")
    assert h.balance_checks_30d == 3 and h.unresolved_handoffs == 1 and h.conversations_30d == 3
    assert (await store.customer_history("someone-else")).balance_checks_30d == 0
