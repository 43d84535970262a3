"""Queue fan-out: a queue change costs the same number of store reads at any queue length, and
only the customers whose place moved are told their new position."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast

import pytest

from agent.runner import AgentRunner
from benchmarks.bench_notify import NoMemoryRunner, count_statements, fill_queue
from handoff.bus import Event, LocalBus
from handoff.notify import CONSOLE, conv_topic
from handoff.switchboard import Switchboard
from voc.db import create_schema, make_engine, sqlite_url
from voc.store import VocStore


@pytest.fixture
async def board(tmp_path: Path) -> AsyncIterator[Switchboard]:
    engine = make_engine(sqlite_url(tmp_path))
    await create_schema(engine)
    sb = Switchboard(VocStore(engine), cast(AgentRunner, NoMemoryRunner()), LocalBus())
    yield sb
    await engine.dispose()


async def escalation_statements(sb: Switchboard, queued: int) -> int:
    """SQL statements one escalation (``request_human``) costs with ``queued`` waiting."""
    already = len(await sb.queue())
    await fill_queue(sb.store, queued - already, already)
    conv = await sb.store.create_conversation(customer_id=f"probe-{queued}", profile={})
    with count_statements(sb.store.engine) as counted:
        await sb.request_human(conv.id, "probe")
    await sb.withdraw(conv.id)
    return counted.total


async def test_store_reads_per_queue_change_do_not_grow_with_the_queue(board: Switchboard) -> None:
    # Warm-up: the very first audit entry also creates the audit log's head row.
    await escalation_statements(board, 1)
    assert await escalation_statements(board, 5) == await escalation_statements(board, 50)
    conv = (await board.store.queued())[0]
    with count_statements(board.store.engine) as announcement:
        await board.notify.queue_changed(conv)
    assert announcement.total == 1  # the whole queue, packets included, in one joined read


def states(queue: asyncio.Queue[Event]) -> list[Event]:
    out = []
    while not queue.empty():
        frame = queue.get_nowait()
        if frame["type"] == "state":
            out.append(frame)
    return out


async def test_only_customers_whose_place_moved_hear_of_it(board: Switchboard) -> None:
    store, notify = board.store, board.notify
    await fill_queue(store, 6, 0)  # priorities 10..15
    order = [item["conversation_id"] for item in await board.queue()]
    async with contextlib.AsyncExitStack() as stack:
        heard = {
            cid: await stack.enter_async_context(notify.bus.subscribe(conv_topic(cid)))
            for cid in order
        }
        console = await stack.enter_async_context(notify.bus.subscribe(CONSOLE))

        # Joins at the back: only the newcomer is told a place; nobody else moved.
        low = await store.create_conversation(customer_id="low", profile={})
        heard[low.id] = await stack.enter_async_context(notify.bus.subscribe(conv_topic(low.id)))
        low = await store.move_state(
            low.id,
            expected="bot",
            new="queued",
            priority=0,
            handoff={"reason": "customer_asked", "priority": 0, "packet": {"summary": "low"}},
        )
        await notify.queue_changed(low)
        assert [s["queue_position"] for s in states(heard[low.id])] == [7]
        assert all(states(heard[cid]) == [] for cid in order)
        order.append(low.id)

        # Jumps the queue (a person was asked for: priority 60): everyone moves back one.
        urgent = await store.create_conversation(customer_id="urgent", profile={})
        heard[urgent.id] = await stack.enter_async_context(
            notify.bus.subscribe(conv_topic(urgent.id))
        )
        await board.request_human(urgent.id)
        assert [s["queue_position"] for s in states(heard[urgent.id])] == [1]
        for pos, cid in enumerate(order, 2):
            assert [s["queue_position"] for s in states(heard[cid])] == [pos]
        queue_frames = []
        while not console.empty():
            frame = console.get_nowait()
            if frame["type"] == "queue":
                queue_frames.append(frame)
        assert [i["conversation_id"] for i in queue_frames[-1]["items"]] == [urgent.id, *order]
        assert queue_frames[-1]["items"][-1]["summary"] == "low"

        # The first in line is claimed: everyone behind moves up one.
        await board.claim(urgent.id, "sam", "Sam Chen")
        for pos, cid in enumerate(order, 1):
            assert [s["queue_position"] for s in states(heard[cid])] == [pos]

        # The last one gives up waiting: nobody else moves.
        await board.withdraw(low.id)
        assert all(states(heard[cid]) == [] for cid in order[:-1])
        assert [s["state"] for s in states(heard[low.id])] == ["bot"]


async def test_positions_stay_right_when_another_worker_changed_the_queue(
    board: Switchboard,
) -> None:
    """Two workers share the store but not their buses (as when one misses the other's Redis
    events): a change on worker A still announces the places worker B's change made."""
    worker_b = Switchboard(board.store, board.runner, LocalBus())
    await fill_queue(board.store, 3, 0)
    order = [item["conversation_id"] for item in await board.queue()]
    async with contextlib.AsyncExitStack() as stack:
        heard = {
            cid: await stack.enter_async_context(board.notify.bus.subscribe(conv_topic(cid)))
            for cid in order
        }
        urgent = await board.store.create_conversation(customer_id="urgent-b", profile={})
        await worker_b.request_human(urgent.id)  # everyone moved back one; A's bus never saw it
        assert all(states(heard[cid]) == [] for cid in order)
        first = await board.store.create_conversation(customer_id="urgent-a", profile={})
        await board.request_human(first.id)  # same priority, later: joins behind `urgent`
        for pos, cid in enumerate(order, 3):
            assert [s["queue_position"] for s in states(heard[cid])] == [pos]
