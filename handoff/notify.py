"""Telling everyone what happened: turns and state changes go to the conversation's sockets
and to the console; the queue (with each waiting customer's position) is re-announced when it
changes."""

from __future__ import annotations

from typing import Any

from domain.types import ConversationRecord, Role, TurnRecord
from handoff.bus import EventBus
from handoff.events import message_event, queue_item, state_event
from handoff.states import Ownership
from voc.store import VocStore

CONSOLE = "console"


def conv_topic(conversation_id: str) -> str:
    return f"conv:{conversation_id}"


class Notifier:
    def __init__(self, store: VocStore, bus: EventBus) -> None:
        self.store = store
        self.bus = bus

    async def _waiting(self) -> list[tuple[ConversationRecord, dict[str, Any]]]:
        """Queued conversations, best first, each with its open handoff packet."""
        out = []
        for conv in await self.store.queued():
            handoff = await self.store.open_handoff(conv.id)
            out.append((conv, handoff.packet if handoff else {}))
        return out

    async def queue(self) -> list[dict[str, Any]]:
        return [queue_item(conv, packet) for conv, packet in await self._waiting()]

    async def queue_position(self, conversation_id: str) -> int | None:
        for i, conv in enumerate(await self.store.queued(), 1):
            if conv.id == conversation_id:
                return i
        return None

    async def queue_changed(self) -> None:
        """Re-announce the queue to consoles and each waiting customer's position (one read)."""
        waiting = await self._waiting()
        items = [queue_item(conv, packet) for conv, packet in waiting]
        await self.bus.publish(CONSOLE, {"type": "queue", "items": items})
        for i, (conv, packet) in enumerate(waiting, 1):
            event = state_event(conv, queue_position=i, reason=packet.get("reason_text"))
            await self.bus.publish(conv_topic(conv.id), event)

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

    async def publish_state(
        self, conv: ConversationRecord, *, agent_name: str | None = None
    ) -> None:
        pos = await self.queue_position(conv.id) if conv.state == Ownership.QUEUED else None
        event = state_event(conv, queue_position=pos, agent_name=agent_name)
        await self.bus.publish(conv_topic(conv.id), event)
        await self.bus.publish(CONSOLE, event)

    async def state_frame(self, conversation_id: str) -> dict[str, Any]:
        conv = await self.store.get_conversation(conversation_id)
        pos = await self.queue_position(conv.id) if conv.state == Ownership.QUEUED else None
        return state_event(conv, queue_position=pos, agent_name=conv.owner_name)
