"""What the switchboard writes to the audit log for each event, built here so the switchboard
keeps one line per event. Content holds only what the store already holds (redacted text, not
the raw frame) and is erasable; the header (kind, actor, subject) holds no personal data."""

from __future__ import annotations

from agent.runner import TurnOutcome
from domain.types import ConversationRecord, Disclosure, Role, TurnRecord
from voc import audit as au
from voc.audit import AuditEvent, AuditKind

TURN_KINDS = {
    Role.CUSTOMER: AuditKind.TURN_CUSTOMER,
    Role.BOT: AuditKind.TURN_BOT,
    Role.HUMAN: AuditKind.TURN_HUMAN,
}
HANDOFF_FIELDS = ("reason", "reason_text", "priority", "triggers", "summary")
HIT_FIELDS = ("chunk_id", "article_id", "score")


def turn_event(turn: TurnRecord, actor: str) -> AuditEvent:
    """A stored customer, bot or human turn; ``actor`` is ``customer``, ``bot`` or the
    agent's username."""
    return AuditEvent(
        TURN_KINDS[turn.role],
        actor,
        turn.conversation_id,
        {
            "seq": turn.seq,
            "author": turn.author,
            "text": turn.text,
            "client_id": turn.client_id,
            "citations": turn.citations,
            "answer_source": turn.decision.get("answer_source"),
        },
    )


def decision_event(conversation_id: str, turn_seq: int, outcome: TurnOutcome) -> AuditEvent:
    """What the bot decided about one customer turn, with what it read and retrieved."""
    return AuditEvent(
        AuditKind.DECISION,
        au.BOT,
        conversation_id,
        {
            "turn_seq": turn_seq,
            "decision": outcome.decision,
            "signals": outcome.signals,
            "hits": [{k: h.get(k) for k in HIT_FIELDS} for h in outcome.hits],
            "answer_source": outcome.answer_source,
            "latency_ms": round(outcome.latency_ms, 1),
        },
    )


def failed_turn_event(conversation_id: str, turn_seq: int, exc: BaseException) -> AuditEvent:
    return AuditEvent(
        AuditKind.DECISION,
        au.BOT,
        conversation_id,
        {"turn_seq": turn_seq, "decision": {"action": "failed", "error": type(exc).__name__}},
    )


def handoff_event(conversation_id: str, packet: dict[str, object]) -> AuditEvent:
    """A move to the queue: by the customer's request, or by the bot's decision."""
    actor = au.CUSTOMER if packet.get("reason") == "customer_asked" else au.BOT
    return AuditEvent(
        AuditKind.HANDOFF, actor, conversation_id, {k: packet.get(k) for k in HANDOFF_FIELDS}
    )


def disclosure_event(conv: ConversationRecord, disclosure: Disclosure) -> AuditEvent:
    return AuditEvent(
        AuditKind.DISCLOSURE_SHOWN,
        au.SYSTEM,
        conv.id,
        {
            "text": disclosure.text,
            "version": disclosure.version,
            "shown_at": conv.disclosure_shown_at,
        },
    )
