"""The switchboard: who owns a conversation, and what happens to each message.

Customer message → stored (idempotent by ``client_id``) → if the bot owns the conversation the
agent runs and its reply is stored; if it decides to escalate, the conversation moves BOT →
QUEUED with a handoff packet and every console hears of it. While it is QUEUED or HUMAN the bot
stays silent and customer messages go to the console. Claims are compare-and-set in the store,
so two agents claiming at once get exactly one winner.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from agent.runner import AgentRunner, TurnOutcome
from domain.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from domain.types import ConversationRecord, Disclosure, Role, TurnRecord
from handoff.audit_events import (
    decision_event,
    disclosure_event,
    failed_turn_event,
    handoff_event,
    turn_event,
)
from handoff.bus import EventBus
from handoff.events import message_event
from handoff.notify import Notifier
from handoff.ownership import check_resume, new_resume_token, token_hash
from handoff.packet import build_packet
from handoff.states import Move, Ownership, next_state
from voc import audit as au
from voc.audit import AuditKind, AuditLog
from voc.privacy import redact_fields, redact_text
from voc.store import DuplicateTurn, VocStore

log = logging.getLogger(__name__)

DISPOSITIONS = {"resolved", "retained", "churned", "no_action", "other"}


def closed_error() -> InvalidInput:
    return InvalidInput("this conversation is closed; start a new one", code="conversation_closed")


@dataclass(frozen=True, slots=True)
class Limits:
    max_text_chars: int = 4000
    # Idle lifetime of a conversation's resume secret (handoff/ownership.py).
    resume_ttl: timedelta = timedelta(hours=24)


class TurnFailed(Exception):
    """The agent failed on these customer turns; each is marked failed and not retried."""

    def __init__(self, turns: list[TurnRecord]) -> None:
        super().__init__(f"{len(turns)} turn(s) failed")
        self.turns = turns


@dataclass(frozen=True, slots=True)
class Accepted:
    turn: TurnRecord
    duplicate: bool


def _handoff_row(packet: dict[str, Any]) -> dict[str, Any]:
    return {"reason": packet["reason"], "priority": packet["priority"], "packet": packet}


class Switchboard:
    def __init__(
        self,
        store: VocStore,
        runner: AgentRunner,
        bus: EventBus,
        *,
        limits: Limits | None = None,
        assistant_name: str = "Warmline assistant",
        audit: AuditLog | None = None,
    ) -> None:
        self.store = store
        # Every event is recorded right after the change it records commits (not in the same
        # transaction): a crash between the two can lose an entry, never forge one.
        self.audit = audit or AuditLog(store.engine)
        self.runner = runner
        self.notify = Notifier(store, bus)
        self.limits = limits or Limits()
        self.assistant_name = assistant_name
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock

    def _check_text(self, text: Any) -> str:
        """Valid message text with its personal data already replaced: what is stored,
        broadcast, checkpointed and read by the agent is the redacted text (voc/privacy)."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("text must be a non-empty string")
        if len(text) > self.limits.max_text_chars:
            raise InvalidInput(
                f"text exceeds {self.limits.max_text_chars} characters", code="too_large"
            )
        return redact_text(text.strip())

    # -- customer side -------------------------------------------------------------------
    async def open(
        self,
        *,
        conversation_id: str | None,
        customer_id: str | None,
        profile: dict[str, Any],
        language: str = "en",
        channel: str = "web",
        resume_token: str | None = None,
        bind_customer: bool = False,
    ) -> ConversationRecord:
        """Start a conversation (its record carries the new ``resume_token``), or continue one
        whose resume secret is ``resume_token`` (see handoff/ownership.py); anything else is
        ``not_found``. ``bind_customer``: ``customer_id`` is signed, and must match too."""
        profile = redact_fields(profile)
        now = datetime.now(UTC)
        expires = now + self.limits.resume_ttl
        if conversation_id:
            secret = await self.store.resume_secret(conversation_id)
            check_resume(
                secret,
                resume_token,
                now=now,
                customer_id=customer_id,
                bind_customer=bind_customer,
            )
            assert secret is not None
            conv = secret.conversation
            await self.store.extend_resume(conv.id, expires)
            if profile and profile != conv.profile:
                await self.store.update_profile(conv.id, {**conv.profile, **profile})
                conv.profile = {**conv.profile, **profile}
            return conv
        token = new_resume_token()
        conv = await self.store.create_conversation(
            customer_id=customer_id,
            profile=profile,
            language=language,
            channel=channel,
            resume_hash=token_hash(token),
            resume_expires_at=expires,
        )
        conv.resume_token = token
        await self.audit.record(
            AuditKind.CONVERSATION_OPENED,
            actor=au.CUSTOMER,
            subject=conv.id,
            content={"customer_id": customer_id, "language": language, "channel": channel},
        )
        return conv

    async def disclose(self, conversation_id: str, disclosure: Disclosure) -> None:
        """Put the AI disclosure on the conversation's record (once) before it is shown."""
        conv = await self.store.mark_disclosed(conversation_id, disclosure.text, disclosure.version)
        if conv is not None:
            await self.audit.record_event(disclosure_event(conv, disclosure))

    async def _store_once(self, turn: TurnRecord, customer_id: str | None = None) -> Accepted:
        """Store and publish a turn unless this sender's ``client_id`` is already stored; a
        resend (or two racing resends) gets the first one's turn back, marked duplicate."""
        if turn.client_id:
            existing = await self.store.find_by_client_id(
                turn.conversation_id, turn.client_id, turn.role
            )
            if existing:
                return Accepted(existing, duplicate=True)
        try:
            stored = await self.store.append_turn(turn, customer_id=customer_id)
        except DuplicateTurn as dup:
            return Accepted(dup.existing, duplicate=True)
        await self.notify.publish_turn(stored)
        return Accepted(stored, duplicate=False)

    async def accept_customer_message(
        self, conversation_id: str, text: Any, client_id: str | None
    ) -> Accepted:
        text = self._check_text(text)
        conv = await self.store.get_conversation(conversation_id)
        if conv.state == Ownership.CLOSED:
            # A resend of a message stored before the close is still acked; nothing new is.
            existing = client_id and await self.store.find_by_client_id(
                conversation_id, client_id, Role.CUSTOMER
            )
            if existing:
                return Accepted(existing, duplicate=True)
            raise closed_error()
        turn = TurnRecord(
            conversation_id, 0, Role.CUSTOMER, text, author="customer", client_id=client_id
        )
        accepted = await self._store_once(turn, customer_id=conv.customer_id)
        if not accepted.duplicate:
            await self.audit.record_event(turn_event(accepted.turn, au.CUSTOMER))
        return accepted

    @staticmethod
    def _next_unanswered(turns: list[TurnRecord]) -> TurnRecord | None:
        """The earliest customer turn nobody has answered yet.

        A customer turn is answered once a bot turn names it in ``reply_to``, the agent ran on
        it and failed (its decision says so), or a person has written after it. This one rule
        covers a fresh message, several sent while a turn ran, a resend after a dropped socket,
        a turn cut off by a crash, and a message that arrived just before a handback.
        """
        last_human = max((t.seq for t in turns if t.role == Role.HUMAN), default=0)
        answered = {t.reply_to for t in turns if t.reply_to is not None}
        for t in turns:
            if (
                t.role == Role.CUSTOMER
                and t.seq > last_human
                and t.seq not in answered
                and not t.decision
            ):
                return t
        return None

    async def respond(self, conversation_id: str) -> TurnOutcome | None:
        """While the bot owns the chat, answer every unanswered customer message, oldest
        first, each exactly once; returns the last outcome. Safe to call any number of times
        (each message, reconnect and start-up does): a call that finds nothing to do is cheap.

        Raises :class:`TurnFailed` after the loop if the agent failed on some turns.
        """
        cid = conversation_id
        last: TurnOutcome | None = None
        failed: list[TurnRecord] = []
        async with self._lock(cid):
            while True:
                conv = await self.store.get_conversation(cid)
                if conv.state != Ownership.BOT:
                    break  # a person owns it (or will): the bot stays silent
                turns = await self.store.turns(cid)
                pending = self._next_unanswered(turns)
                if pending is None or any(f.seq == pending.seq for f in failed):
                    break  # done, or a failure could not even be recorded: stop, don't spin
                try:
                    outcome = await self._answer(conv, turns, pending)
                except Exception:
                    log.exception("turn %s failed in %s", pending.seq, cid)
                    failed.append(pending)
                    continue
                if outcome is not None:
                    last = outcome
        if failed:
            raise TurnFailed(failed)
        return last

    async def _answer(
        self, conv: ConversationRecord, turns: list[TurnRecord], pending: TurnRecord
    ) -> TurnOutcome | None:
        """Run the agent on ``pending`` and store its decision and answer together."""
        history = await self.store.customer_history(conv.customer_id, exclude_conversation=conv.id)
        try:
            outcome = await self.runner.run_turn(
                conv.id,
                pending.text,
                turn_seq=pending.seq,
                prior_turns=[t for t in turns if t.seq < pending.seq],
                history=history,
                profile=conv.profile,
            )
        except Exception as exc:
            # Mark it answered-with-failure so one bad turn cannot block every later one.
            await self.store.annotate_turn(
                conv.id,
                pending.seq,
                signals={},
                hits=[],
                latency_ms=0.0,
                decision={"action": "failed", "error": exc.__class__.__name__},
            )
            await self.audit.record_event(failed_turn_event(conv.id, pending.seq, exc))
            raise
        pending.signals, pending.hits = outcome.signals, outcome.hits
        pending.decision, pending.latency_ms = outcome.decision, outcome.latency_ms
        packet = None
        if outcome.escalate:
            packet = build_packet(
                conv,
                turns,
                signals=outcome.signals,
                decision=outcome.decision,
                articles_tried=outcome.articles_tried,
                signal_log=outcome.signal_log,
            )
        # The decision, the answer and (when it hands over) the move to the queue with its
        # packet commit together: a crash cannot leave a "a colleague will join" answer on a
        # conversation nobody queued.
        reply = await self.store.record_answer(
            pending,
            TurnRecord(
                conversation_id=conv.id,
                seq=0,
                role=Role.BOT,
                text=outcome.reply,
                author=self.assistant_name,
                citations=outcome.citations,
                decision={
                    **outcome.decision,
                    "answer_source": outcome.answer_source,
                    "answer_model": outcome.answer_model,
                    "prompt_version": outcome.prompt_version,
                },
                latency_ms=outcome.latency_ms,
                reply_to=pending.seq,
            ),
            handoff=_handoff_row(packet) if packet else None,
        )
        if reply is None:
            return None  # answered already (by another worker); nothing more to do
        await self.audit.record_event(decision_event(conv.id, pending.seq, outcome))
        await self.audit.record_event(turn_event(reply, au.BOT))
        await self.notify.publish_turn(reply)
        if packet:
            await self._announce_handoff(conv, packet)
        return outcome

    async def resume_pending(self, concurrency: int = 4) -> int:
        """Answer what was left unanswered when the process last stopped (a crash, a deploy).

        Called once at start-up; returns how many conversations had something pending.
        """
        pending = await self.store.pending_conversations()
        gate = asyncio.Semaphore(concurrency)

        async def one(cid: str) -> None:
            async with gate:
                try:
                    await self.respond(cid)
                except Exception:
                    log.exception("resuming %s failed", cid)

        await asyncio.gather(*(one(cid) for cid in pending))
        return len(pending)

    async def request_human(self, conversation_id: str, reason: str | None = None) -> None:
        async with self._lock(conversation_id):
            conv = await self.store.get_conversation(conversation_id)
            if conv.state in (Ownership.QUEUED, Ownership.HUMAN):
                await self.notify.publish_state(conv)
                return
            if conv.state == Ownership.CLOSED:
                raise closed_error()
            memory = await self.runner.memory(conversation_id)
            signals = dict(memory.get("signals", {}))
            decision = {
                "action": "escalate",
                "reason": "customer_asked",
                "priority": 60,
                "reason_text": "customer pressed “talk to a person”"
                + (f" ({redact_text(reason)[:200]})" if reason else ""),
            }
            await self._escalate(
                conv,
                signals,
                decision,
                memory.get("articles_tried", []),
                memory.get("signal_log", []),
            )

    async def withdraw(self, conversation_id: str) -> None:
        """The customer no longer wants to wait for a person: back to the bot, off the queue."""
        async with self._lock(conversation_id):
            conv = await self.store.get_conversation(conversation_id)
            if conv.state != Ownership.QUEUED:
                raise IllegalTransition(f"not waiting for a person (conversation is {conv.state})")
            conv = await self.store.move_state(
                conversation_id,
                expected=Ownership.QUEUED,
                new=next_state(conv.state, Move.HANDBACK),
            )
            await self.store.mark_handoff(conversation_id, outcome="withdrawn")
            await self.audit.record(
                AuditKind.HANDOFF_WITHDRAWN, actor=au.CUSTOMER, subject=conversation_id
            )
            await self.notify.system_note(
                conversation_id, "You're back with the AI assistant. Ask for a person any time."
            )
            await self.notify.publish_state(conv)
            await self.notify.queue_changed(conv)

    async def rate(
        self,
        conversation_id: str,
        *,
        csat: int | None,
        ces: int | None,
        nps: int | None,
        comment: str | None,
    ) -> None:
        await self.store.get_conversation(conversation_id)
        for name, value, lo, hi in (("csat", csat, 1, 5), ("ces", ces, 1, 7), ("nps", nps, 0, 10)):
            if value is not None and (not isinstance(value, int) or not lo <= value <= hi):
                raise InvalidInput(f"{name} must be an integer from {lo} to {hi}")
        if csat is None and ces is None and nps is None:
            raise InvalidInput("give at least one of csat, ces, nps")
        if comment is not None and (not isinstance(comment, str) or len(comment) > 2000):
            raise InvalidInput("comment must be a string of at most 2000 characters")
        if comment is not None:
            comment = redact_text(comment)
        await self.store.add_survey(conversation_id, csat=csat, ces=ces, nps=nps, comment=comment)
        await self.audit.record(
            AuditKind.SURVEY,
            actor=au.CUSTOMER,
            subject=conversation_id,
            content={"csat": csat, "ces": ces, "nps": nps, "comment": comment},
        )

    # -- escalation and the queue --------------------------------------------------------
    async def _escalate(
        self,
        conv: ConversationRecord,
        signals: dict[str, Any],
        decision: dict[str, Any],
        articles_tried: list[dict[str, Any]],
        signal_log: list[dict[str, Any]],
    ) -> None:
        turns = await self.store.turns(conv.id)
        packet = build_packet(
            conv,
            turns,
            signals=signals,
            decision=decision,
            articles_tried=articles_tried,
            signal_log=signal_log,
        )
        conv = await self.store.move_state(
            conv.id,
            expected=Ownership.BOT,
            new=next_state(conv.state, Move.ESCALATE),
            priority=packet["priority"],
            handoff=_handoff_row(packet),
        )
        await self._announce_handoff(conv, packet)

    async def _announce_handoff(self, conv: ConversationRecord, packet: dict[str, Any]) -> None:
        """``conv`` has just joined the queue (a record from before the move will do: the
        queue view places it from a fresh read)."""
        await self.audit.record_event(handoff_event(conv.id, packet))
        await self.notify.system_note(conv.id, "A person from our team will join shortly.")
        await self.notify.handoff(conv.id, packet)
        await self.notify.queue_changed(conv)

    # -- human agent side ----------------------------------------------------------------
    async def claim(self, conversation_id: str, agent: str, agent_name: str) -> dict[str, Any]:
        conv = await self.store.get_conversation(conversation_id)
        if conv.state == Ownership.HUMAN:
            raise Conflict(
                f"already claimed by {conv.owner_name or conv.owner_agent}", code="already_claimed"
            )
        target = next_state(conv.state, Move.CLAIM)
        conv = await self.store.move_state(
            conversation_id,
            expected=Ownership.QUEUED,
            new=target,
            owner_agent=agent,
            owner_name=agent_name,
        )
        await self.store.mark_handoff(conversation_id, claimed_by=agent)
        await self.audit.record(
            AuditKind.CLAIM, actor=agent, subject=conversation_id, content={"name": agent_name}
        )
        await self.notify.system_note(
            conversation_id, f"{agent_name} (a person) has joined the chat."
        )
        await self.notify.publish_state(conv, agent_name=agent_name)
        await self.notify.queue_changed(conv)
        handoff = await self.store.open_handoff(conversation_id)
        turns = await self.store.turns(conversation_id)
        return {
            "type": "claimed",
            "conversation_id": conversation_id,
            "packet": handoff.packet if handoff else {},
            "messages": [message_event(t) for t in turns],
        }

    async def _owned(self, conversation_id: str, agent: str) -> ConversationRecord:
        conv = await self.store.get_conversation(conversation_id)
        if conv.state != Ownership.HUMAN or conv.owner_agent != agent:
            raise Forbidden("you do not own this conversation; claim it first", code="not_owner")
        return conv

    async def agent_message(
        self, conversation_id: str, agent: str, agent_name: str, text: Any, client_id: str | None
    ) -> TurnRecord:
        text = self._check_text(text)
        await self._owned(conversation_id, agent)
        turn = TurnRecord(
            conversation_id, 0, Role.HUMAN, text, author=agent_name, client_id=client_id
        )
        accepted = await self._store_once(turn)
        if not accepted.duplicate:
            await self.audit.record_event(turn_event(accepted.turn, agent))
        return accepted.turn

    async def handback(self, conversation_id: str, agent: str) -> None:
        conv = await self._owned(conversation_id, agent)
        conv = await self.store.move_state(
            conversation_id,
            expected=Ownership.HUMAN,
            expected_owner=agent,
            new=next_state(conv.state, Move.HANDBACK),
        )
        await self.store.mark_handoff(conversation_id, outcome="handback")
        await self.audit.record(AuditKind.HANDBACK, actor=agent, subject=conversation_id)
        await self.runner.mark_handed_back(conversation_id)
        await self.notify.system_note(conversation_id, "You're back with the AI assistant.")
        await self.notify.publish_state(conv)

    async def close(
        self, conversation_id: str, agent: str, disposition: Any, agent_name: str | None = None
    ) -> None:
        """Close a conversation you own, or one still waiting in the queue (e.g. abandoned).

        The closed conversation records who closed it, and its ``closed`` state names them.
        """
        if not isinstance(disposition, str) or disposition not in DISPOSITIONS:
            raise InvalidInput(f"disposition must be one of {sorted(DISPOSITIONS)}")
        conv = await self.store.get_conversation(conversation_id)
        if conv.state != Ownership.QUEUED:
            conv = await self._owned(conversation_id, agent)
        was = conv.state
        closer_name = agent_name or conv.owner_name or agent
        conv = await self.store.move_state(
            conversation_id,
            expected=conv.state,
            expected_owner=conv.owner_agent if conv.state == Ownership.HUMAN else None,
            new=next_state(conv.state, Move.CLOSE),
            owner_agent=agent,
            owner_name=closer_name,
            disposition=disposition,
        )
        await self.store.mark_handoff(conversation_id, outcome=f"closed:{disposition}")
        await self.audit.record(
            AuditKind.CLOSE,
            actor=agent,
            subject=conversation_id,
            content={"disposition": disposition, "from": was},
        )
        await self.notify.system_note(conversation_id, "This conversation has been closed.")
        await self.notify.publish_state(conv, agent_name=closer_name)
        await self.notify.queue_changed(conv)

    async def queue(self) -> list[dict[str, Any]]:
        return await self.notify.queue()
