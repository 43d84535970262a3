"""Event payloads fanned out on the bus; sockets forward them as wire frames unchanged."""

from __future__ import annotations

from typing import Any

from domain.types import ConversationRecord, QueuedItem, TurnRecord


def message_event(turn: TurnRecord) -> dict[str, Any]:
    return {
        "type": "message",
        "conversation_id": turn.conversation_id,
        "seq": turn.seq,
        "role": turn.role.value,
        "author": turn.author,
        "text": turn.text,
        "citations": turn.citations,
        "client_id": turn.client_id,
        "reply_to": turn.reply_to,
        "at": turn.created_at.isoformat() if turn.created_at else None,
    }


def state_event(
    conv: ConversationRecord,
    *,
    queue_position: int | None = None,
    agent_name: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "type": "state",
        "conversation_id": conv.id,
        "state": conv.state,
        "queue_position": queue_position,
        "agent": agent_name,
        "reason": reason,
    }


def queue_item(item: QueuedItem) -> dict[str, Any]:
    return {
        "conversation_id": item.conversation_id,
        "customer_id": item.customer_id,
        "priority": item.priority,
        "reason": item.reason,
        "reason_text": item.reason_text,
        "summary": item.summary,
        "churn_risk": item.churn_risk,
        "waiting_since": item.queued_at.isoformat() if item.queued_at else None,
    }


def queued_state_event(item: QueuedItem, position: int) -> dict[str, Any]:
    """The ``state`` frame a waiting customer gets: where they are in the queue, and why."""
    return {
        "type": "state",
        "conversation_id": item.conversation_id,
        "state": "queued",
        "queue_position": position,
        "agent": None,
        "reason": item.reason_text,
    }
