"""Telling everyone what happened: turns and state changes go to the conversation's sockets
and to the console; when the queue changes, the console gets the queue again and the waiting
customers whose place moved get their new position (see handoff/queue.py)."""

from __future__ import annotations

from typing import Any

from domain.types import ConversationRecord, Role, TurnRecord
from handoff.bus import EventBus
from handoff.events import message_event, queue_item, queued_state_event, state_event
from handoff.queue import QueueView
from handoff.states import Ownership
from voc.store import VocStore

CONSOLE = "console"


def conv_topic(conversation_id: str) -> str:
    return f"conv:{conversation_id}"


class Notifier:
    def __init__(self, store: VocStore, bus: EventBus) -> None:
        self.store = store
        self.bus = bus
        self.queue_view = QueueView(store)

    async def queue(self) -> list[dict[str, Any]]:
        return [queue_item(item) for item in (await self.queue_view.snapshot()).items]

    async def queue_changed(self, changed: ConversationRecord) -> None:
        """``changed`` joined or left the queue (its change is committed): one read of the
        queue, the whole queue to consoles, and a new position only to the customers whose
        place it moved."""
        snapshot = await self.queue_view.snapshot()
        items = [queue_item(item) for item in snapshot.items]
        await self.bus.publish(CONSOLE, {"type": "queue", "items": items})
        for placed in snapshot.moved_by(changed):
            await self.bus.publish(
                conv_topic(placed.item.conversation_id),
                queued_state_event(placed.item, placed.position),
            )

    async def handoff(self, conversation_id: str, packet: dict[str, Any]) -> None:
        await self.bus.publish(
            CONSOLE, {"type": "handoff", "conversation_id": conversation_id, "packet": packet}
        )

    async def system_note(self, conversation_id: str, text: str) -> None:
        turn = await self.store.append_turn(
            TurnRecord(
                conversation_id=conversation_id, seq=0, role=Role.SYSTEM, text=text, author="system"
            )
        )
        await self.publish_turn(turn)

    async def publish_turn(self, turn: TurnRecord) -> None:
        event = message_event(turn)
        await self.bus.publish(conv_topic(turn.conversation_id), event)
        await self.bus.publish(CONSOLE, event)

    async def _queued_state(self, conv: ConversationRecord) -> dict[str, Any]:
        snapshot = await self.queue_view.snapshot()
        pos = snapshot.position(conv.id)
        item = snapshot.item(conv.id)
        if pos is None or item is None:  # left the queue meanwhile: say so without a place
            return state_event(conv)
        return queued_state_event(item, pos)

    async def publish_state(
        self, conv: ConversationRecord, *, agent_name: str | None = None
    ) -> None:
        if conv.state == Ownership.QUEUED:
            event = await self._queued_state(conv)
        else:
            event = state_event(conv, agent_name=agent_name)
        await self.bus.publish(conv_topic(conv.id), event)
        await self.bus.publish(CONSOLE, event)

    async def state_frame(self, conversation_id: str) -> dict[str, Any]:
        conv = await self.store.get_conversation(conversation_id)
        if conv.state == Ownership.QUEUED:
            return await self._queued_state(conv)
        return state_event(conv, agent_name=conv.owner_name)
