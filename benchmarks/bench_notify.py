"""Handoff-notification latency and store reads per queue change, by queue length.

For each queue length N (default 10, 100, 300) the script fills the queue with N waiting
conversations (each with a handoff packet), then repeatedly escalates one more conversation
(``Switchboard.request_human``) and measures, on a console subscriber of the event bus:

- ``handoff``: from the Switchboard call to the console receiving the ``handoff`` frame;
- ``queue``: from the Switchboard call to the console receiving the updated ``queue`` frame;
- ``call``: the whole call, including each waiting customer's position update;
- ``CPU``: the process CPU time one escalation costs (all threads; less sensitive than wall
  time to other work on a busy machine).

Each sample's conversation is then withdrawn (``cancel_human``), so the queue stays at N. It also
counts the SQL statements (and the SELECTs among them) one queue change costs: the
notifier's ``queue_changed`` alone, and the whole escalation. Statements are counted with a
SQLAlchemy ``before_cursor_execute`` listener on the engine.

In-process: real store (SQLite file by default, or ``--database-url postgresql://…``), the
in-process event bus, no sockets and no language model (the agent is not involved in a
``request_human`` escalation beyond reading its memory, which is stubbed to "nothing yet").

    .venv/bin/python benchmarks/bench_notify.py [--sizes 10 100 300] [--samples 30]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import inspect
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from agent.runner import AgentRunner
from handoff.bus import LocalBus
from handoff.notify import CONSOLE
from handoff.packet import build_packet
from handoff.switchboard import Switchboard
from voc.db import create_schema, make_engine, sqlite_url
from voc.store import VocStore


class NoMemoryRunner:
    """The agent port as ``request_human`` sees it: nothing remembered yet."""

    async def memory(self, conversation_id: str) -> dict[str, Any]:
        return {}


@dataclass
class StatementCounter:
    total: int = 0
    selects: int = 0

    def reset(self) -> None:
        self.total = self.selects = 0


@contextlib.contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[StatementCounter]:
    counter = StatementCounter()

    def before(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        counter.total += 1
        if statement.lstrip().upper().startswith("SELECT"):
            counter.selects += 1

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def fill_queue(store: VocStore, n: int, start: int) -> None:
    """``n`` waiting conversations with realistic packets, written straight to the store."""
    for i in range(start, start + n):
        conv = await store.create_conversation(customer_id=f"bench-{i}", profile={})
        packet = build_packet(
            conv,
            [],
            signals={"intent": "complaint", "churn_risk": 0.4},
            decision={"reason": "customer_asked", "reason_text": "asked", "priority": 10 + i % 50},
            articles_tried=[],
            signal_log=[],
        )
        await store.move_state(
            conv.id,
            expected="bot",
            new="queued",
            priority=packet["priority"],
            handoff={"reason": packet["reason"], "priority": packet["priority"], "packet": packet},
        )


@contextlib.asynccontextmanager
async def console_listener(bus: LocalBus) -> AsyncIterator[dict[str, float]]:
    """Arrival time (perf_counter) of the latest ``handoff`` and ``queue`` frame on the console."""
    arrivals: dict[str, float] = {}
    async with bus.subscribe(CONSOLE) as queue:

        async def pump() -> None:
            while True:
                frame = await queue.get()
                if frame.get("type") in {"handoff", "queue"}:
                    arrivals[frame["type"]] = time.perf_counter()

        task = asyncio.create_task(pump())
        try:
            yield arrivals
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def run(sizes: list[int], samples: int, database_url: str) -> None:
    engine = make_engine(database_url)
    await create_schema(engine)
    store = VocStore(engine)
    if await store.queued():
        raise SystemExit("the database already has queued conversations: use an empty one")
    bus = LocalBus(max_queue=100_000)
    sb = Switchboard(store, cast(AgentRunner, NoMemoryRunner()), bus)
    print(f"store: {database_url.split('://')[0]}; event bus: in-process; {samples} samples")
    print("latency measured from the Switchboard call to a console bus subscriber receiving it")
    print(
        f"{'queued':>6}  {'handoff p50/p95 ms':>19}  {'queue p50/p95 ms':>17}  "
        f"{'call p50/p95 ms':>16}  {'CPU p50 ms':>10}  {'SQL per queue change':>21}  "
        f"{'SQL per escalation':>19}"
    )
    queued = 0
    async with console_listener(bus) as arrivals:
        for size in sizes:
            await fill_queue(store, size - queued, queued)
            queued = size
            handoff_ms: list[float] = []
            queue_ms: list[float] = []
            call_ms: list[float] = []
            cpu_ms: list[float] = []
            for i in range(samples + 2):  # the first two warm the caches up
                conv = await store.create_conversation(customer_id=f"probe-{size}-{i}", profile={})
                arrivals.clear()
                cpu_started = time.process_time()
                started = time.perf_counter()
                await sb.request_human(conv.id, "benchmark")
                ended = time.perf_counter()
                cpu = time.process_time() - cpu_started
                await asyncio.sleep(0)  # let the listener take the last frame
                if i >= 2:
                    handoff_ms.append((arrivals["handoff"] - started) * 1000)
                    queue_ms.append((arrivals["queue"] - started) * 1000)
                    call_ms.append((ended - started) * 1000)
                    cpu_ms.append(cpu * 1000)
                await sb.withdraw(conv.id)
            conv = await store.create_conversation(customer_id=f"probe-{size}-x", profile={})
            with count_statements(engine) as per_escalation:
                await sb.request_human(conv.id, "benchmark")
            queued_conv = await store.get_conversation(conv.id)
            with count_statements(engine) as per_change:
                if inspect.signature(sb.notify.queue_changed).parameters:
                    await sb.notify.queue_changed(queued_conv)
                else:  # the notifier before the queue view re-read everything, unprompted
                    await sb.notify.queue_changed()  # type: ignore[call-arg]
            await sb.withdraw(conv.id)
            print(
                f"{size:>6}  {pct(handoff_ms, 0.5):>8.1f} / {pct(handoff_ms, 0.95):>7.1f}  "
                f"{pct(queue_ms, 0.5):>7.1f} / {pct(queue_ms, 0.95):>7.1f}  "
                f"{pct(call_ms, 0.5):>6.1f} / {pct(call_ms, 0.95):>7.1f}  "
                f"{pct(cpu_ms, 0.5):>10.1f}  "
                f"{per_change.total:>8} ({per_change.selects} reads)  "
                f"{per_escalation.total:>6} ({per_escalation.selects} reads)"
            )
    await bus.close()
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument(
        "--database-url", help="an EMPTY scratch database; default: SQLite in a temporary folder"
    )
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or sqlite_url(Path(tmp))
        asyncio.run(run(sizes, args.samples, url))


if __name__ == "__main__":
    main()
