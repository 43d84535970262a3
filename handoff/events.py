"""Event payloads fanned out on the bus; sockets forward them as wire frames unchanged."""

from __future__ import annotations

from typing import Any

from domain.types import ConversationRecord, TurnRecord


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


def queue_item(conv: ConversationRecord, packet: dict[str, Any] | None) -> dict[str, Any]:
    packet = packet or {}
    return {
        "conversation_id": conv.id,
        "customer_id": conv.customer_id,
        "priority": conv.priority,
        "reason": packet.get("reason"),
        "reason_text": packet.get("reason_text"),
        "summary": packet.get("summary", ""),
        "churn_risk": packet.get("churn", {}).get("risk"),
        "waiting_since": conv.queued_at.isoformat() if conv.queued_at else None,
    }
