"""What the AI-ethics owner reads: conversation search and a per-turn decision trace.

Read-only queries over the VOC store, returned as dataclasses (the HTTP layer serialises them,
the exporters in ``voc/audit_export.py`` flatten them). Filters work the same on SQLite and
PostgreSQL: signal filters read the turns' JSON with SQLAlchemy's portable JSON accessors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.errors import NotFound
from voc.db import sessionmaker_for
from voc.models import ConversationRow, HandoffRow, SurveyRow, TurnRow

MAX_RESULTS = 500
# The audit-log subject of an auditor's searches and search exports (their filters, which may
# name a customer, are the content).
SEARCH_SUBJECT = "search"

# Who spoke, as the auditor reads it: the bot is the AI, a human agent is a person.
SPEAKER = {"customer": "customer", "bot": "AI", "human": "person", "system": "system"}


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Every field narrows the search; ``None`` means "any"."""

    customer_id: str | None = None
    since: datetime | None = None  # conversation started at or after
    until: datetime | None = None  # conversation started before
    intent: str | None = None  # any customer turn read as this intent
    escalated: bool | None = None  # handed to a person at least once (or never)
    churn_min: float | None = None  # any turn's churn risk at least this
    emotion: str | None = None  # any turn read as this emotion
    agent: str | None = None  # a person who owned or claimed it (username or name)
    disposition: str | None = None
    injection_flagged: bool | None = None  # any turn flagged as a prompt-injection attempt
    text: str | None = None  # words in any turn (case-insensitive substring)
    limit: int = 100

    def described(self) -> dict[str, str]:
        """The filters that were set, as text (what the audit log records for a search)."""
        out: dict[str, str] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and name != "limit":
                out[name] = value.isoformat() if isinstance(value, datetime) else str(value)
        return out


@dataclass(frozen=True, slots=True)
class Disclosure:
    """The AI disclosure the customer was shown."""

    text: str
    version: str
    shown_at: datetime | None


@dataclass(slots=True)
class ConversationSummary:
    id: str
    customer_id: str | None
    state: str
    disposition: str | None
    owner_agent: str | None
    owner_name: str | None
    created_at: datetime | None
    turns: int = 0
    intents: list[str] = field(default_factory=list)
    escalated: bool = False
    max_churn_risk: float = 0.0
    injection_flagged: bool = False
    erased: bool = False


@dataclass(slots=True)
class TurnTrace:
    """One turn with everything the agent read and decided about it."""

    seq: int
    role: str
    speaker: str  # customer | AI | person | system
    author: str
    text: str
    created_at: datetime | None
    signals: dict[str, Any]
    decision: dict[str, Any]
    triggers: list[dict[str, Any]]
    hits: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    answer_source: str | None  # offline | llm | llm-uncited | llm-fallback | canned
    answer_model: str | None
    prompt_version: str | None
    latency_ms: float | None
    injection_flag: bool


@dataclass(slots=True)
class HandoffTrace:
    reason: str
    priority: int
    claimed_by: str | None
    outcome: str | None
    created_at: datetime | None
    ended_at: datetime | None


@dataclass(slots=True)
class SurveyTrace:
    csat: int | None
    ces: int | None
    nps: int | None
    comment: str | None
    created_at: datetime | None


@dataclass(slots=True)
class ConversationTrace:
    summary: ConversationSummary
    language: str
    profile: dict[str, Any]
    disclosure: Disclosure | None
    handoffs: list[HandoffTrace]
    surveys: list[SurveyTrace]
    turns: list[TurnTrace]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _turn_exists(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(
        select(TurnRow.id).where(TurnRow.conversation_id == ConversationRow.id, *conditions)
    )


def _handoff_exists(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(
        select(HandoffRow.id).where(HandoffRow.conversation_id == ConversationRow.id, *conditions)
    )


def search_statement(f: AuditFilter) -> Select[ConversationRow]:
    q = select(ConversationRow)
    if f.customer_id:
        q = q.where(ConversationRow.customer_id == f.customer_id)
    if f.since:
        q = q.where(ConversationRow.created_at >= f.since)
    if f.until:
        q = q.where(ConversationRow.created_at < f.until)
    if f.disposition:
        q = q.where(ConversationRow.disposition == f.disposition)
    if f.agent:
        q = q.where(
            or_(
                ConversationRow.owner_agent == f.agent,
                ConversationRow.owner_name == f.agent,
                _handoff_exists(HandoffRow.claimed_by == f.agent),
                _turn_exists(TurnRow.role == "human", TurnRow.author == f.agent),
            )
        )
    if f.escalated is not None:
        q = q.where(_handoff_exists() if f.escalated else ~_handoff_exists())
    if f.intent:
        q = q.where(_turn_exists(TurnRow.intent == f.intent))
    if f.emotion:
        q = q.where(_turn_exists(TurnRow.signals["emotion"].as_string() == f.emotion))
    if f.churn_min is not None:
        q = q.where(_turn_exists(TurnRow.signals["churn_risk"].as_float() >= f.churn_min))
    if f.injection_flagged is not None:
        flagged = _turn_exists(TurnRow.signals["injection_flag"].as_boolean().is_(True))
        q = q.where(flagged if f.injection_flagged else ~flagged)
    if f.text:
        q = q.where(_turn_exists(TurnRow.text.ilike(_like(f.text), escape="\\")))
    limit = max(1, min(f.limit, MAX_RESULTS))
    return q.order_by(ConversationRow.created_at.desc(), ConversationRow.id).limit(limit)


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _summary(row: ConversationRow, turns: list[TurnRow], escalated: bool) -> ConversationSummary:
    intents: list[str] = []
    for t in turns:
        if t.role == "customer" and t.intent and t.intent not in intents:
            intents.append(t.intent)
    return ConversationSummary(
        id=row.id,
        customer_id=row.customer_id,
        state=row.state,
        disposition=row.disposition,
        owner_agent=row.owner_agent,
        owner_name=row.owner_name,
        created_at=row.created_at,
        turns=len(turns),
        intents=intents,
        escalated=escalated,
        max_churn_risk=max(
            (_float((t.signals or {}).get("churn_risk")) for t in turns), default=0.0
        ),
        injection_flagged=any(bool((t.signals or {}).get("injection_flag")) for t in turns),
        erased=row.erased_at is not None,
    )


def _trace(row: TurnRow) -> TurnTrace:
    decision = dict(row.decision or {})
    signals = dict(row.signals or {})
    return TurnTrace(
        seq=row.seq,
        role=row.role,
        speaker=SPEAKER.get(row.role, row.role),
        author=row.author,
        text=row.text,
        created_at=row.created_at,
        signals=signals,
        decision=decision,
        triggers=[t for t in decision.get("triggers", []) if isinstance(t, dict)],
        hits=list(row.hits or []),
        citations=list(row.citations or []),
        answer_source=decision.get("answer_source"),
        answer_model=decision.get("answer_model"),
        prompt_version=decision.get("prompt_version"),
        latency_ms=row.latency_ms,
        injection_flag=bool(signals.get("injection_flag")),
    )


def _disclosure(row: ConversationRow) -> Disclosure | None:
    if not row.disclosure_text:
        return None
    return Disclosure(
        text=row.disclosure_text,
        version=row.disclosure_version or "",
        shown_at=row.disclosure_shown_at,
    )


class AuditQueries:
    """Read-only: nothing here writes (the caller records the access in the audit log)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = sessionmaker_for(engine)

    async def search(self, f: AuditFilter) -> list[ConversationSummary]:
        async with self._sessions() as s:
            rows = list(await s.scalars(search_statement(f)))
            ids = [r.id for r in rows]
            if not ids:
                return []
            by_conv: dict[str, list[TurnRow]] = defaultdict(list)
            for t in await s.scalars(
                select(TurnRow).where(TurnRow.conversation_id.in_(ids)).order_by(TurnRow.seq)
            ):
                by_conv[t.conversation_id].append(t)
            escalated = set(
                await s.scalars(
                    select(HandoffRow.conversation_id).where(HandoffRow.conversation_id.in_(ids))
                )
            )
        return [_summary(r, by_conv[r.id], r.id in escalated) for r in rows]

    async def conversation(self, conversation_id: str) -> ConversationTrace:
        async with self._sessions() as s:
            row = await s.get(ConversationRow, conversation_id)
            if row is None:
                raise NotFound(f"unknown conversation {conversation_id!r}")
            turns = list(
                await s.scalars(
                    select(TurnRow)
                    .where(TurnRow.conversation_id == conversation_id)
                    .order_by(TurnRow.seq)
                )
            )
            handoffs = list(
                await s.scalars(
                    select(HandoffRow)
                    .where(HandoffRow.conversation_id == conversation_id)
                    .order_by(HandoffRow.id)
                )
            )
            surveys = list(
                await s.scalars(
                    select(SurveyRow)
                    .where(SurveyRow.conversation_id == conversation_id)
                    .order_by(SurveyRow.id)
                )
            )
        return ConversationTrace(
            summary=_summary(row, turns, bool(handoffs)),
            language=row.language,
            profile=dict(row.profile or {}),
            disclosure=_disclosure(row),
            handoffs=[
                HandoffTrace(
                    reason=h.reason,
                    priority=h.priority,
                    claimed_by=h.claimed_by,
                    outcome=h.outcome,
                    created_at=h.created_at,
                    ended_at=h.ended_at,
                )
                for h in handoffs
            ],
            surveys=[
                SurveyTrace(
                    csat=v.csat, ces=v.ces, nps=v.nps, comment=v.comment, created_at=v.created_at
                )
                for v in surveys
            ],
            turns=[_trace(t) for t in turns],
        )

    async def conversations(self, ids: list[str]) -> list[ConversationTrace]:
        return [await self.conversation(i) for i in ids]
