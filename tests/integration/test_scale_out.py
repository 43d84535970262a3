"""Scale-out settings on real PostgreSQL and Redis: same code, different wiring."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from api.settings import Settings
from api.wiring import build_services
from handoff.bus import RedisBus
from tests.integration.audit_db import PG_URL, pg_available

REDIS_URL = os.environ.get("WARMLINE_TEST_REDIS", "redis://127.0.0.1:6379/15")


async def _redis_available() -> bool:
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        return bool(await client.ping())
    except Exception:
        return False
    finally:
        await client.aclose()


async def _need(available: bool, what: str) -> None:
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not reachable")
        pytest.skip(f"{what} not running")


async def test_redis_bus_fans_out_across_workers() -> None:
    await _need(await _redis_available(), "Redis")
    worker_a, worker_b = RedisBus(REDIS_URL), RedisBus(REDIS_URL)
    await worker_a.start()
    await worker_b.start()
    try:
        async with worker_b.subscribe("conv:x") as queue:
            await asyncio.sleep(0.2)  # let both pattern subscriptions settle
            await worker_a.publish("conv:x", {"type": "message", "seq": 1, "text": "hi"})
            event = await asyncio.wait_for(queue.get(), 5)
        assert event == {"type": "message", "seq": 1, "text": "hi"}
    finally:
        await worker_a.close()
        await worker_b.close()


async def test_a_turn_runs_on_postgres_checkpoints_and_redis(
    tmp_path: Path, shared_embedder: Any, shared_understander: Any
) -> None:
    await _need(await pg_available(), "PostgreSQL")
    await _need(await _redis_available(), "Redis")
    settings = Settings.for_data_dir(tmp_path)
    settings.store.database_url = PG_URL
    settings.store.checkpoint_url = PG_URL
    settings.store.redis_url = REDIS_URL
    settings.knowledge.backend = "memory"
    async with build_services(
        settings, embedder=shared_embedder, understander=shared_understander
    ) as services:
        sb = services.switchboard
        conv = await sb.open(conversation_id=None, customer_id="pg-cust", profile={})
        for text in ["How do I freeze my card?", "asdf qwerty zxcv", "lorem ipsum dolor"]:
            await sb.accept_customer_message(conv.id, text, None)
            out = await sb.respond(conv.id)
            assert out is not None
        memory = await services.runner.memory(conv.id)
        # The checkpointer (PostgreSQL) carried the unanswered streak across turns.
        assert out.decision["action"] == "escalate"
        assert out.decision["reason"] == "cannot_answer"
        assert memory["articles_tried"][0]["article_id"] == "cards-freeze"
        assert (await services.store.get_conversation(conv.id)).state == "queued"


async def test_redis_buckets_share_one_budget_across_workers() -> None:
    import uuid

    from api.buckets import Rate
    from api.limits_redis import RedisBuckets

    await _need(await _redis_available(), "Redis")
    worker_a, worker_b = RedisBuckets(REDIS_URL), RedisBuckets(REDIS_URL)
    conv = Rate("conv-msg", per_second=0.001, burst=3)
    addr = Rate("addr-msg", per_second=0.001, burst=4)
    key = uuid.uuid4().hex  # a fresh conversation and address for this run
    try:
        taken = [
            await w.take_all([(conv, key), (addr, key)])
            for w in (worker_a, worker_b, worker_a, worker_b)
        ]
        assert taken[:3] == [0, 0, 0]  # three between the two workers, not three each
        assert taken[3] > 100  # ~1000 s to refill at 0.001/s
        # Refused claims spent nothing: the address still has one token for another conversation.
        assert await worker_b.take_all([(conv, key + "-other"), (addr, key)]) == 0
        assert await worker_a.take_all([(addr, key)]) > 0
    finally:
        await worker_a.close()
        await worker_b.close()
