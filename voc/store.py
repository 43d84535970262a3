"""The VOC store: conversations, turns, handoffs, surveys. Async; one small repository.

Turn sequence numbers are allocated here (max+1 inside the write transaction) and protected by
a unique constraint, so a retried write can never create a second row for the same
``client_id`` or ``seq``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import aliased

from domain.errors import Conflict, NotFound
from domain.types import (
    ConversationRecord,
    CustomerHistory,
    HandoffRecord,
    QueuedItem,
    Role,
    TurnRecord,
)
from voc.db import sessionmaker_for
from voc.models import ConversationRow, HandoffRow, SurveyRow, TurnRow


class DuplicateTurn(Conflict):
    """A turn with this sender's ``client_id`` is already stored (a resend)."""

    code = "duplicate"

    def __init__(self, existing: TurnRecord) -> None:
        super().__init__("this message was already received")
        self.existing = existing


@dataclass(frozen=True, slots=True)
class ResumeSecret:
    """What the store keeps to check a resume: the secret's hash and when it lapses."""

    conversation: ConversationRecord
    token_hash: str | None
    expires_at: datetime | None


def new_conversation_id() -> str:
    return "c_" + secrets.token_hex(12)


def _conv(row: ConversationRow) -> ConversationRecord:
    return ConversationRecord(
        id=row.id,
        state=row.state,
        customer_id=row.customer_id,
        owner_agent=row.owner_agent,
        owner_name=row.owner_name,
        language=row.language,
        channel=row.channel or "web",
        profile=dict(row.profile or {}),
        priority=row.priority,
        queued_at=row.queued_at,
        disposition=row.disposition,
        created_at=row.created_at,
        disclosure_text=row.disclosure_text,
        disclosure_version=row.disclosure_version,
        disclosure_shown_at=row.disclosure_shown_at,
    )


def _turn(row: TurnRow) -> TurnRecord:
    return TurnRecord(
        conversation_id=row.conversation_id,
        seq=row.seq,
        role=Role(row.role),
        text=row.text,
        author=row.author,
        client_id=row.client_id,
        citations=list(row.citations or []),
        signals=dict(row.signals or {}),
        hits=list(row.hits or []),
        decision=dict(row.decision or {}),
        latency_ms=row.latency_ms,
        created_at=row.created_at,
        reply_to=row.reply_to,
    )


def _handoff(row: HandoffRow) -> HandoffRecord:
    return HandoffRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        reason=row.reason,
        priority=row.priority,
        packet=dict(row.packet or {}),
        claimed_by=row.claimed_by,
        created_at=row.created_at,
    )


class VocStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = sessionmaker_for(engine)

    # -- conversations -------------------------------------------------------------------
    async def create_conversation(
        self,
        *,
        customer_id: str | None,
        profile: dict[str, Any],
        language: str = "en",
        channel: str = "web",
        resume_hash: str | None = None,
        resume_expires_at: datetime | None = None,
    ) -> ConversationRecord:
        async with self._sessions.begin() as s:
            row = ConversationRow(
                id=new_conversation_id(),
                customer_id=customer_id,
                profile=profile,
                language=language,
                channel=channel,
                state="bot",
                resume_hash=resume_hash,
                resume_expires_at=resume_expires_at,
            )
            s.add(row)
        return _conv(row)

    async def resume_secret(self, conversation_id: str) -> ResumeSecret | None:
        async with self._sessions() as s:
            row = await s.get(ConversationRow, conversation_id)
            if row is None:
                return None
            expires = row.resume_expires_at
            if expires is not None and expires.tzinfo is None:  # SQLite drops the zone
                expires = expires.replace(tzinfo=UTC)
            return ResumeSecret(_conv(row), row.resume_hash, expires)

    async def extend_resume(self, conversation_id: str, expires_at: datetime) -> None:
        async with self._sessions.begin() as s:
            await s.execute(
                update(ConversationRow)
                .where(ConversationRow.id == conversation_id)
                .values(resume_expires_at=expires_at)
            )

    async def get_conversation(self, conversation_id: str) -> ConversationRecord:
        async with self._sessions() as s:
            row = await s.get(ConversationRow, conversation_id)
            if row is None:
                raise NotFound(f"unknown conversation {conversation_id!r}", code="not_found")
            return _conv(row)

    async def update_profile(self, conversation_id: str, profile: dict[str, Any]) -> None:
        async with self._sessions.begin() as s:
            await s.execute(
                update(ConversationRow)
                .where(ConversationRow.id == conversation_id)
                .values(profile=profile)
            )

    async def mark_disclosed(
        self, conversation_id: str, text: str, version: str
    ) -> ConversationRecord | None:
        """Record the AI disclosure as shown, once per conversation: the conversation if this
        call recorded it, None if it was already on record."""
        async with self._sessions.begin() as s:
            result = await s.execute(
                update(ConversationRow)
                .where(
                    ConversationRow.id == conversation_id,
                    ConversationRow.disclosure_shown_at.is_(None),
                )
                .values(
                    disclosure_text=text,
                    disclosure_version=version,
                    disclosure_shown_at=datetime.now(UTC),
                )
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None
            row = await s.get(ConversationRow, conversation_id)
            return _conv(row) if row else None

    async def move_state(
        self,
        conversation_id: str,
        *,
        expected: str,
        new: str,
        owner_agent: str | None = None,
        owner_name: str | None = None,
        priority: int | None = None,
        disposition: str | None = None,
        expected_owner: str | None = None,
        handoff: dict[str, Any] | None = None,
    ) -> ConversationRecord:
        """Compare-and-set the ownership state: exactly one concurrent caller can win.

        ``expected_owner`` also requires that agent to own it (a stale tab cannot act on a chat
        a colleague has since claimed). ``handoff`` (reason, priority, packet) opens the handoff
        record in the same transaction, so a queued conversation always has its packet.
        """
        values: dict[str, Any] = {
            "state": new,
            "owner_agent": owner_agent,
            "owner_name": owner_name,
            "updated_at": datetime.now(UTC),
        }
        if new == "queued":
            values["queued_at"] = datetime.now(UTC)
        if priority is not None:
            values["priority"] = priority
        if disposition is not None:
            values["disposition"] = disposition
        async with self._sessions.begin() as s:
            conditions = [ConversationRow.id == conversation_id, ConversationRow.state == expected]
            if expected_owner is not None:
                conditions.append(ConversationRow.owner_agent == expected_owner)
            result = await s.execute(update(ConversationRow).where(*conditions).values(**values))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                row = await s.get(ConversationRow, conversation_id)
                if row is None:
                    raise NotFound(f"unknown conversation {conversation_id!r}")
                raise Conflict(
                    f"conversation is {row.state}"
                    + (f" (owned by {row.owner_agent})" if row.owner_agent else ""),
                    code="already_claimed" if row.state == "human" else "conflict",
                )
            if handoff is not None:
                s.add(HandoffRow(conversation_id=conversation_id, **handoff))
            row = await s.get(ConversationRow, conversation_id)
            assert row is not None
            return _conv(row)

    async def queue_items(self) -> list[QueuedItem]:
        """Every queued conversation with its open handoff's listing fields, in ONE statement
        (a join, the packet fields extracted in SQL), so reading the queue costs the same number
        of statements at any length. Unordered: handoff/queue.py owns the queue order."""
        open_handoff = (
            select(
                HandoffRow.conversation_id.label("conversation_id"),
                func.max(HandoffRow.id).label("handoff_id"),
            )
            .where(HandoffRow.ended_at.is_(None))
            .group_by(HandoffRow.conversation_id)
            .subquery()
        )
        packet = HandoffRow.packet
        stmt = (
            select(
                ConversationRow.id,
                ConversationRow.customer_id,
                ConversationRow.priority,
                ConversationRow.queued_at,
                HandoffRow.reason,
                packet["reason_text"].as_string(),
                packet["summary"].as_string(),
                packet[("churn", "risk")].as_float(),
            )
            .select_from(ConversationRow)
            .outerjoin(open_handoff, open_handoff.c.conversation_id == ConversationRow.id)
            .outerjoin(HandoffRow, HandoffRow.id == open_handoff.c.handoff_id)
            .where(ConversationRow.state == "queued")
        )
        async with self._sessions() as s:
            rows = (await s.execute(stmt)).all()
        return [
            QueuedItem(
                conversation_id=row[0],
                customer_id=row[1],
                priority=row[2] or 0,
                queued_at=row[3],
                reason=row[4],
                reason_text=row[5],
                summary=row[6] or "",
                churn_risk=row[7],
            )
            for row in rows
        ]

    async def queued(self) -> list[ConversationRecord]:
        async with self._sessions() as s:
            rows = await s.scalars(
                select(ConversationRow)
                .where(ConversationRow.state == "queued")
                .order_by(ConversationRow.priority.desc(), ConversationRow.queued_at.asc())
            )
            return [_conv(r) for r in rows]

    async def owned_by(self, username: str) -> list[ConversationRecord]:
        async with self._sessions() as s:
            rows = await s.scalars(
                select(ConversationRow).where(
                    ConversationRow.state == "human", ConversationRow.owner_agent == username
                )
            )
            return [_conv(r) for r in rows]

    async def conversations_since(
        self, since: datetime, *, limit: int = 10_000
    ) -> list[ConversationRecord]:
        """Conversations started at or after ``since``, oldest first (eval replay). Erased ones
        are left out: their words are gone, so replaying them would only replay "[erased]"."""
        async with self._sessions() as s:
            rows = await s.scalars(
                select(ConversationRow)
                .where(ConversationRow.created_at >= since, ConversationRow.erased_at.is_(None))
                .order_by(ConversationRow.created_at.asc())
                .limit(limit)
            )
            return [_conv(r) for r in rows]

    # -- turns ---------------------------------------------------------------------------
    async def find_by_client_id(
        self, conversation_id: str, client_id: str, role: Role
    ) -> TurnRecord | None:
        async with self._sessions() as s:
            row = await s.scalar(
                select(TurnRow).where(
                    TurnRow.conversation_id == conversation_id,
                    TurnRow.role == role.value,
                    TurnRow.client_id == client_id,
                )
            )
            return _turn(row) if row else None

    @staticmethod
    async def _insert_turn(s: AsyncSession, turn: TurnRecord, customer_id: str | None) -> TurnRow:
        """Add ``turn`` with the next ``seq`` inside the caller's transaction."""
        # Row lock on the conversation serialises writers per conversation on PostgreSQL;
        # SQLite serialises writes itself (and ignores FOR UPDATE).
        await s.execute(
            select(ConversationRow.id)
            .where(ConversationRow.id == turn.conversation_id)
            .with_for_update()
        )
        last = await s.scalar(
            select(func.max(TurnRow.seq)).where(TurnRow.conversation_id == turn.conversation_id)
        )
        row = TurnRow(
            conversation_id=turn.conversation_id,
            seq=(last or 0) + 1,
            role=turn.role.value,
            author=turn.author,
            text=turn.text,
            client_id=turn.client_id,
            customer_id=customer_id,
            intent=(turn.signals or {}).get("intent"),
            citations=turn.citations,
            signals=turn.signals,
            hits=turn.hits,
            decision=turn.decision,
            latency_ms=turn.latency_ms,
            reply_to=turn.reply_to,
        )
        s.add(row)
        await s.flush()
        return row

    async def append_turn(self, turn: TurnRecord, *, customer_id: str | None = None) -> TurnRecord:
        """Store a turn, assigning the next ``seq``. A duplicate ``client_id`` raises Conflict."""
        for _attempt in range(10):
            try:
                async with self._sessions.begin() as s:
                    row = await self._insert_turn(s, turn, customer_id)
                return _turn(row)
            except IntegrityError as exc:
                if turn.client_id:
                    existing = await self.find_by_client_id(
                        turn.conversation_id, turn.client_id, turn.role
                    )
                    if existing:
                        raise DuplicateTurn(existing) from exc
                continue  # another writer took this seq; try the next one
        raise Conflict("could not allocate a sequence number")

    async def record_answer(
        self,
        customer_turn: TurnRecord,
        reply: TurnRecord,
        *,
        handoff: dict[str, Any] | None = None,
    ) -> TurnRecord | None:
        """In one transaction: store what the agent read and decided on ``customer_turn``
        (its signals, hits, decision, latency), the bot's ``reply`` to it and, with
        ``handoff`` (reason, priority, packet), the move from bot to the queue.

        A crash leaves all or nothing. ``reply.reply_to`` must be the customer turn's seq; if
        that turn already has an answer (a turn resumed after a crash, or another worker),
        nothing is written and None is returned. If the bot no longer owns the conversation
        when it hands over, nothing is written and Conflict is raised.
        """
        assert reply.reply_to == customer_turn.seq
        cid = customer_turn.conversation_id
        for _attempt in range(10):
            try:
                async with self._sessions.begin() as s:
                    if await s.scalar(self._answer_of(cid, customer_turn.seq)) is not None:
                        return None
                    await self._annotate(s, customer_turn)
                    row = await self._insert_turn(s, reply, None)
                    if handoff is not None:
                        await self._queue(s, cid, handoff)
                return _turn(row)
            except IntegrityError:
                async with self._sessions() as s:
                    if await s.scalar(self._answer_of(cid, customer_turn.seq)) is not None:
                        return None
                continue  # another writer took this seq; try the next one
        raise Conflict("could not allocate a sequence number")

    @staticmethod
    async def _queue(s: AsyncSession, conversation_id: str, handoff: dict[str, Any]) -> None:
        """bot → queued with its handoff record, inside the caller's transaction."""
        now = datetime.now(UTC)
        moved = await s.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conversation_id, ConversationRow.state == "bot")
            .values(
                state="queued",
                owner_agent=None,
                owner_name=None,
                priority=handoff["priority"],
                queued_at=now,
                updated_at=now,
            )
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("the bot no longer owns this conversation")
        s.add(HandoffRow(conversation_id=conversation_id, **handoff))

    @staticmethod
    def _answer_of(conversation_id: str, seq: int) -> Any:
        return select(TurnRow.seq).where(
            TurnRow.conversation_id == conversation_id, TurnRow.reply_to == seq
        )

    async def pending_conversations(self) -> list[str]:
        """Conversations the bot owns with a customer turn nobody has dealt with yet: no
        answer names it, no person wrote after it, and the agent never ran on it (every run,
        failed ones too, stores a latency). The switchboard re-checks each one under its lock.
        """
        t, answer, later = aliased(TurnRow), aliased(TurnRow), aliased(TurnRow)
        query = (
            select(t.conversation_id)
            .join(ConversationRow, ConversationRow.id == t.conversation_id)
            .where(
                ConversationRow.state == "bot",
                t.role == Role.CUSTOMER.value,
                t.latency_ms.is_(None),
                ~exists().where(
                    answer.conversation_id == t.conversation_id, answer.reply_to == t.seq
                ),
                ~exists().where(
                    later.conversation_id == t.conversation_id,
                    later.role == Role.HUMAN.value,
                    later.seq > t.seq,
                ),
            )
            .distinct()
        )
        async with self._sessions() as s:
            return list(await s.scalars(query))

    async def turns(self, conversation_id: str, *, after_seq: int = 0) -> list[TurnRecord]:
        async with self._sessions() as s:
            rows = await s.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id, TurnRow.seq > after_seq)
                .order_by(TurnRow.seq)
            )
            return [_turn(r) for r in rows]

    async def customer_history(
        self, customer_id: str | None, *, exclude_conversation: str | None = None, days: int = 30
    ) -> CustomerHistory:
        """Facts about a customer's last ``days`` days, for churn detection."""
        history = CustomerHistory(customer_id=customer_id)
        if not customer_id:
            return history
        since = datetime.now(UTC) - timedelta(days=days)
        async with self._sessions() as s:
            counts = dict(
                (
                    await s.execute(
                        select(TurnRow.intent, func.count())
                        .where(
                            TurnRow.customer_id == customer_id,
                            TurnRow.role == Role.CUSTOMER.value,
                            TurnRow.created_at >= since,
                            TurnRow.conversation_id != (exclude_conversation or ""),
                        )
                        .group_by(TurnRow.intent)
                    )
                ).all()
            )
            history.balance_checks_30d = int(counts.get("check_balance", 0))
            history.payoff_checks_30d = int(counts.get("payoff_quote", 0)) + int(
                counts.get("closing_fee", 0)
            )
            history.complaints_30d = int(counts.get("complaint", 0))
            history.conversations_30d = int(
                await s.scalar(
                    select(func.count())
                    .select_from(ConversationRow)
                    .where(
                        ConversationRow.customer_id == customer_id,
                        ConversationRow.created_at >= since,
                    )
                )
                or 0
            )
            history.unresolved_handoffs = int(
                await s.scalar(
                    select(func.count())
                    .select_from(HandoffRow)
                    .join(ConversationRow, ConversationRow.id == HandoffRow.conversation_id)
                    .where(
                        ConversationRow.customer_id == customer_id,
                        HandoffRow.ended_at.is_(None),
                        HandoffRow.created_at >= since,
                        HandoffRow.conversation_id != (exclude_conversation or ""),
                    )
                )
                or 0
            )
        return history

    # -- handoffs ------------------------------------------------------------------------
    async def create_handoff(
        self, conversation_id: str, *, reason: str, priority: int, packet: dict[str, Any]
    ) -> HandoffRecord:
        async with self._sessions.begin() as s:
            row = HandoffRow(
                conversation_id=conversation_id, reason=reason, priority=priority, packet=packet
            )
            s.add(row)
        return _handoff(row)

    async def open_handoff(self, conversation_id: str) -> HandoffRecord | None:
        async with self._sessions() as s:
            row = await s.scalar(
                select(HandoffRow)
                .where(HandoffRow.conversation_id == conversation_id, HandoffRow.ended_at.is_(None))
                .order_by(HandoffRow.id.desc())
            )
            return _handoff(row) if row else None

    async def mark_handoff(
        self, conversation_id: str, *, claimed_by: str | None = None, outcome: str | None = None
    ) -> None:
        now = datetime.now(UTC)
        values: dict[str, Any] = {}
        if claimed_by:
            values.update(claimed_by=claimed_by, claimed_at=now)
        if outcome:
            values.update(outcome=outcome, ended_at=now)
        async with self._sessions.begin() as s:
            await s.execute(
                update(HandoffRow)
                .where(HandoffRow.conversation_id == conversation_id, HandoffRow.ended_at.is_(None))
                .values(**values)
            )

    # -- surveys -------------------------------------------------------------------------
    async def add_survey(
        self,
        conversation_id: str,
        *,
        csat: int | None,
        ces: int | None,
        nps: int | None,
        comment: str | None,
    ) -> None:
        """One survey per conversation: rating again replaces the earlier answer, so a client
        cannot stuff CSAT by repeating itself."""
        async with self._sessions.begin() as s:
            await s.execute(delete(SurveyRow).where(SurveyRow.conversation_id == conversation_id))
            s.add(
                SurveyRow(
                    conversation_id=conversation_id, csat=csat, ces=ces, nps=nps, comment=comment
                )
            )

    async def annotate_turn(
        self,
        conversation_id: str,
        seq: int,
        *,
        signals: dict[str, Any],
        hits: list[Any],
        decision: dict[str, Any],
        latency_ms: float,
    ) -> None:
        """Attach what the agent read and decided to the customer's stored turn."""
        turn = TurnRecord(conversation_id, seq, Role.CUSTOMER, "", signals=signals, hits=hits)
        turn.decision, turn.latency_ms = decision, latency_ms
        async with self._sessions.begin() as s:
            await self._annotate(s, turn)

    @staticmethod
    async def _annotate(s: AsyncSession, turn: TurnRecord) -> None:
        await s.execute(
            update(TurnRow)
            .where(TurnRow.conversation_id == turn.conversation_id, TurnRow.seq == turn.seq)
            .values(
                signals=turn.signals,
                hits=turn.hits,
                decision=turn.decision,
                latency_ms=turn.latency_ms,
                intent=turn.signals.get("intent"),
            )
        )
