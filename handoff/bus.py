"""Event fan-out to sockets. In-process by default; Redis pub/sub across workers.

Topics: ``conv:<id>`` (the customer's sockets for one conversation) and ``console`` (every
signed-in agent). Subscribers get an ``asyncio.Queue`` each; a slow subscriber whose queue is
full loses events rather than blocking everyone else (it can re-sync with ``last_seq``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, Protocol

log = logging.getLogger(__name__)

Event = dict[str, Any]


class EventBus(Protocol):
    async def publish(self, topic: str, event: Event) -> None: ...

    def subscribe(
        self, topic: str
    ) -> contextlib.AbstractAsyncContextManager[asyncio.Queue[Event]]: ...

    async def close(self) -> None: ...


class LocalBus:
    def __init__(self, *, max_queue: int = 1000) -> None:
        self._subs: dict[str, set[asyncio.Queue[Event]]] = defaultdict(set)
        self._max = max_queue

    async def publish(self, topic: str, event: Event) -> None:
        self._deliver(topic, event)

    def _deliver(self, topic: str, event: Event) -> None:
        for q in list(self._subs.get(topic, ())):
            try:
                q.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("dropping event for slow subscriber on %s", topic)

    @contextlib.asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[asyncio.Queue[Event]]:
        q: asyncio.Queue[Event] = asyncio.Queue(self._max)
        self._subs[topic].add(q)
        try:
            yield q
        finally:
            self._subs[topic].discard(q)
            if not self._subs[topic]:
                self._subs.pop(topic, None)

    async def close(self) -> None:
        self._subs.clear()


class RedisBus(LocalBus):
    """Publishes through Redis so every worker's local subscribers receive every event."""

    def __init__(self, url: str, *, channel_prefix: str = "warmline:") -> None:
        super().__init__()
        import redis.asyncio as redis

        self._redis = redis.from_url(url)
        self._prefix = channel_prefix
        self._pubsub = self._redis.pubsub()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._pubsub.psubscribe(self._prefix + "*")
        self._task = asyncio.create_task(self._pump())

    async def _pump(self) -> None:
        delay = 0.5
        reconnect = False
        while True:
            try:
                if reconnect:
                    await self._resubscribe()
                async for msg in self._pubsub.listen():
                    delay = 0.5
                    self._on_message(msg)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Redis went away: keep trying, so fan-out resumes when it is back.
                log.warning("redis bus: %r; reconnecting in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                reconnect = True

    async def _resubscribe(self) -> None:
        old, self._pubsub = self._pubsub, self._redis.pubsub()
        # The old connection is already broken; closing it can only fail the same way.
        with contextlib.suppress(Exception):
            await old.aclose()
        await self._pubsub.psubscribe(self._prefix + "*")

    def _on_message(self, msg: dict[str, Any]) -> None:
        if msg.get("type") != "pmessage":
            return
        channel = msg["channel"]
        channel = channel.decode() if isinstance(channel, bytes) else channel
        try:
            event = json.loads(msg["data"])
        except (TypeError, ValueError):
            return
        self._deliver(channel.removeprefix(self._prefix), event)

    async def publish(self, topic: str, event: Event) -> None:
        await self._redis.publish(self._prefix + topic, json.dumps(event, default=str))

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self._pubsub.aclose()
        await self._redis.aclose()
        await super().close()
