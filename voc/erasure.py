"""Erasure on request and by retention: remove a customer's personal content, keep the counts.

What goes: turn text (→ ``[erased]``), the evidence inside signals and decisions (it quotes the
customer's words), handoff packets' transcript, summary and profile, conversation profiles,
survey comments, the LangGraph checkpoints of those conversations, and the audit log's content
for them. What stays: one row per conversation, turn, handoff and survey with its intent,
emotion, churn risk, decision, scores and times, so every aggregate still counts. The customer
id is replaced by a random pseudonym (one per erasure), so "how many customers" still counts
while nothing links the rows back to the person; their VOC history reads as empty.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.errors import InvalidInput
from voc.audit import AuditEntry, AuditLog
from voc.audit_query import SEARCH_SUBJECT
from voc.db import sessionmaker_for
from voc.models import ConversationRow, HandoffRow, SurveyRow, TurnRow

ERASED_TEXT = "[erased]"
ERASED_PREFIX = "erased:"

# Signal fields that are labels and numbers, not the customer's words.
SIGNAL_KEEP = {
    "language",
    "intent",
    "intent_confidence",
    "top_intents",
    "emotion",
    "emotion_intensity",
    "emotion_trajectory",
    "wants_human",
    "wants_human_score",
    "churn_risk",
    "latent_intent",
    "injection",
    "injection_flag",
}
DECISION_KEEP = {
    "action",
    "reason",
    "priority",
    "answer_source",
    "answer_model",
    "prompt_version",
    "answer_path",
    "error",
}
PACKET_KEEP = {"conversation_id", "reason", "priority", "intents", "latent_intent", "language"}


class ThreadForgetter(Protocol):
    """Deletes the agent's checkpointed memory of conversations (LangGraph threads)."""

    async def forget(self, conversation_ids: Sequence[str]) -> None: ...


@dataclass(slots=True)
class ErasureReport:
    pseudonym: str | None
    conversations: list[str] = field(default_factory=list)
    turns: int = 0
    handoffs: int = 0
    surveys: int = 0
    audit_entries: int = 0

    def line(self) -> str:
        return (
            f"erased {len(self.conversations)} conversation(s), {self.turns} turn(s), "
            f"{self.handoffs} handoff packet(s), {self.surveys} survey comment(s), "
            f"{self.audit_entries} audit entry content(s)"
        )


def new_pseudonym() -> str:
    return ERASED_PREFIX + secrets.token_hex(8)


def scrub_signals(signals: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in signals.items() if k in SIGNAL_KEEP}


def scrub_decision(decision: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in decision.items() if k in DECISION_KEEP}
    triggers = decision.get("triggers")
    if isinstance(triggers, list):
        out["triggers"] = [
            {"name": t.get("name"), "fired": t.get("fired", True)}
            for t in triggers
            if isinstance(t, dict)
        ]
    return out


def scrub_packet(packet: dict[str, Any], pseudonym: str | None) -> dict[str, Any]:
    out = {k: v for k, v in packet.items() if k in PACKET_KEEP}
    emotion = packet.get("emotion")
    if isinstance(emotion, dict):
        out["emotion"] = {k: emotion.get(k) for k in ("current", "intensity", "trajectory")}
    churn = packet.get("churn")
    if isinstance(churn, dict):
        out["churn"] = {"risk": churn.get("risk")}
    out["customer_id"] = pseudonym
    out["erased"] = True
    return out


class Eraser:
    """Runs an erasure across the VOC tables, the checkpoints and the audit log's content."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        threads: ThreadForgetter | None = None,
        audit: AuditLog,
    ) -> None:
        self._engine = engine
        self._sessions = sessionmaker_for(engine)
        self._threads = threads
        self._audit = audit

    async def erase_customer(self, customer_id: str, *, actor: str) -> ErasureReport:
        customer_id = customer_id.strip()
        if not customer_id or customer_id.startswith(ERASED_PREFIX):
            raise InvalidInput("give the customer id to erase")
        async with self._sessions() as s:
            ids = list(
                await s.scalars(
                    select(ConversationRow.id).where(ConversationRow.customer_id == customer_id)
                )
            )
        pseudonym = new_pseudonym()
        report = await self._erase(
            ids, pseudonym, actor=actor, reason="customer request", mentioned=customer_id
        )
        # Turns can carry the id even where the conversation row does not (defensive).
        async with self._sessions.begin() as s:
            await s.execute(
                update(TurnRow)
                .where(TurnRow.customer_id == customer_id)
                .values(customer_id=pseudonym)
            )
        await self._compact()
        return report

    async def expired(self, days: int, *, now: datetime | None = None) -> list[str]:
        """Closed conversations last touched more than ``days`` ago and not yet erased."""
        if days < 1:
            raise InvalidInput("retention must be at least one day")
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        async with self._sessions() as s:
            return list(
                await s.scalars(
                    select(ConversationRow.id).where(
                        ConversationRow.state == "closed",
                        ConversationRow.updated_at < cutoff,
                        ConversationRow.erased_at.is_(None),
                    )
                )
            )

    async def erase_expired(
        self, days: int, *, actor: str = "system", now: datetime | None = None
    ) -> ErasureReport:
        """Retention: erase the content of closed conversations older than ``days``."""
        ids = await self.expired(days, now=now)
        report = ErasureReport(pseudonym=None)
        async with self._sessions() as s:
            rows = (
                await s.execute(
                    select(ConversationRow.id, ConversationRow.customer_id).where(
                        ConversationRow.id.in_(ids)
                    )
                )
            ).all()
        by_customer: dict[str | None, list[str]] = defaultdict(list)
        for cid, customer in rows:
            by_customer[customer].append(cid)
        for customer, conv_ids in by_customer.items():
            part = await self._erase(
                conv_ids,
                new_pseudonym() if customer else None,
                actor=actor,
                reason=f"retention ({days} days)",
            )
            report.conversations += part.conversations
            report.turns += part.turns
            report.handoffs += part.handoffs
            report.surveys += part.surveys
            report.audit_entries += part.audit_entries
        if ids:
            await self._compact()
        return report

    async def _erase(
        self,
        ids: list[str],
        pseudonym: str | None,
        *,
        actor: str,
        reason: str,
        mentioned: str | None = None,
    ) -> ErasureReport:
        report = ErasureReport(pseudonym=pseudonym, conversations=list(ids))
        now = datetime.now(UTC)
        if ids:
            async with self._sessions.begin() as s:
                for turn in await s.scalars(
                    select(TurnRow).where(TurnRow.conversation_id.in_(ids))
                ):
                    turn.text = ERASED_TEXT
                    turn.signals = scrub_signals(dict(turn.signals or {}))
                    turn.decision = scrub_decision(dict(turn.decision or {}))
                    if turn.customer_id is not None:
                        turn.customer_id = pseudonym
                    report.turns += 1
                for h in await s.scalars(
                    select(HandoffRow).where(HandoffRow.conversation_id.in_(ids))
                ):
                    h.packet = scrub_packet(dict(h.packet or {}), pseudonym)
                    report.handoffs += 1
                for v in await s.scalars(
                    select(SurveyRow).where(SurveyRow.conversation_id.in_(ids))
                ):
                    if v.comment is not None:
                        v.comment = None
                        report.surveys += 1
                for c in await s.scalars(
                    select(ConversationRow).where(ConversationRow.id.in_(ids))
                ):
                    c.profile = {}
                    if c.customer_id is not None:
                        c.customer_id = pseudonym
                    c.erased_at = now
            if self._threads is not None:
                await self._threads.forget(ids)
        # The audit entries about these conversations lose their content (hashes stay, so the
        # chain verifies), and so do auditors' searches that named the customer; the erasure
        # itself goes on the record, naming no one.
        conversations = set(ids)

        def about_them(entry: AuditEntry) -> bool:
            if entry.subject in conversations:
                return True
            return mentioned is not None and mentioned in json.dumps(entry.content or {})

        erasure = await self._audit.erase_content(
            about_them,
            actor=actor,
            reason=reason,
            subjects=[*ids, SEARCH_SUBJECT] if mentioned else ids,
            details={
                "pseudonym": pseudonym,
                "conversations": ids,
                "turns": report.turns,
                "handoffs": report.handoffs,
                "survey_comments": report.surveys,
            },
        )
        report.audit_entries = len(erasure.seqs)
        return report

    async def _compact(self) -> None:
        """On SQLite, rewrite the file so the old text is not left in free pages or the WAL."""
        if self._engine.dialect.name != "sqlite":
            return
        async with self._engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM"))
            await conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
