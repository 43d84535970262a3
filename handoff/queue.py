"""Queue order: who waits for a person, in which order, and whose place a change moved.

The order is decided here and nowhere else: highest priority first (priority comes from the
escalation decision, agent/policy.py), then the longest-waiting conversation, then the id so
equal keys never swap places between two reads.

:class:`QueueView` reads the whole queue with each item's listing fields in ONE store statement,
so announcing a change costs the same number of reads at 5 or 500 waiting. A change (a
conversation joining or leaving the queue) moves only the customers behind it: those are the
ones told their new position. The places are computed from a read made after the change was
committed, never from what this process remembers, so it stays right with several workers
behind a Redis bus (a process does not see the changes other workers make).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.types import ConversationRecord, QueuedItem
from voc.store import VocStore

_EPOCH = datetime.min.replace(tzinfo=UTC)

QueueKey = tuple[int, datetime, str]


def _aware(at: datetime | None) -> datetime:
    if at is None:
        return _EPOCH
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def queue_key(priority: int, queued_at: datetime | None, conversation_id: str) -> QueueKey:
    """Sort key: smaller comes first."""
    return (-priority, _aware(queued_at), conversation_id)


def item_key(item: QueuedItem) -> QueueKey:
    return queue_key(item.priority, item.queued_at, item.conversation_id)


@dataclass(frozen=True, slots=True)
class Placed:
    """A waiting conversation and its place in the queue (1 = next to be served)."""

    position: int
    item: QueuedItem


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    items: list[QueuedItem]  # in queue order

    def position(self, conversation_id: str) -> int | None:
        for i, item in enumerate(self.items, 1):
            if item.conversation_id == conversation_id:
                return i
        return None

    def item(self, conversation_id: str) -> QueuedItem | None:
        pos = self.position(conversation_id)
        return self.items[pos - 1] if pos else None

    def moved_by(self, changed: ConversationRecord) -> list[Placed]:
        """The items whose position a change to ``changed`` set or shifted: if it joined, it and
        everyone behind it; if it left, everyone who was behind it. (The snapshot is read after
        the change, so a conversation absent from it has left.)"""
        pos = self.position(changed.id)
        if pos is not None:
            start = pos - 1
        else:
            keys = [item_key(i) for i in self.items]
            start = bisect_left(keys, queue_key(changed.priority, changed.queued_at, changed.id))
        return [Placed(i, item) for i, item in enumerate(self.items[start:], start + 1)]


class QueueView:
    """The queue as the console and the waiting customers see it."""

    def __init__(self, store: VocStore) -> None:
        self.store = store

    async def snapshot(self) -> QueueSnapshot:
        """The queue in order, from one store statement."""
        return QueueSnapshot(sorted(await self.store.queue_items(), key=item_key))
