"""ORM rows for the VOC system of record. Mapped to domain/wire types explicitly elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str | None] = mapped_column(String(128), index=True)
    state: Mapped[str] = mapped_column(String(16), default="bot", index=True)
    owner_agent: Mapped[str | None] = mapped_column(String(64))
    owner_name: Mapped[str | None] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(8), default="en")
    channel: Mapped[str] = mapped_column(String(16), default="web")  # web widget | app
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disposition: Mapped[str | None] = mapped_column(String(32))
    # The AI disclosure as this customer was shown it (set once, when the first welcome went out).
    disclosure_text: Mapped[str | None] = mapped_column(Text)
    disclosure_version: Mapped[str | None] = mapped_column(String(64))
    disclosure_shown_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the customer's personal content was erased (on request or by retention).
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # SHA-256 (hex) of the resume secret handed to the customer's client; never the secret.
    resume_hash: Mapped[str | None] = mapped_column(String(64))
    resume_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class TurnRow(Base):
    """One stored turn: customer, bot, human or system, with what the agent read and decided."""

    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_turn_seq"),
        # client ids are the sender's: a customer's "c-17" and an agent's "c-17" are different.
        UniqueConstraint("conversation_id", "role", "client_id", name="uq_turn_client_id"),
        # One bot answer per customer turn: a turn resumed after a crash cannot answer twice.
        UniqueConstraint("conversation_id", "reply_to", name="uq_turn_reply_to"),
        Index("ix_turns_conv_created", "conversation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(128), default="")
    text: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str | None] = mapped_column(String(64))
    customer_id: Mapped[str | None] = mapped_column(String(128), index=True)
    intent: Mapped[str | None] = mapped_column(String(64), index=True)
    citations: Mapped[list[Any]] = mapped_column(default=list)
    signals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    hits: Mapped[list[Any]] = mapped_column(default=list)
    decision: Mapped[dict[str, Any]] = mapped_column(default=dict)
    latency_ms: Mapped[float | None] = mapped_column()
    reply_to: Mapped[int | None] = mapped_column(Integer)  # bot answers: the customer turn's seq
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HandoffRow(Base):
    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    packet: Mapped[dict[str, Any]] = mapped_column(default=dict)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(32))  # handback | closed:<disposition>
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgentAccountRow(Base):
    __tablename__ = "agent_accounts"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default="agent")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SessionTokenRow(Base):
    __tablename__ = "session_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("agent_accounts.username", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SurveyRow(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    csat: Mapped[int | None] = mapped_column(Integer)
    ces: Mapped[int | None] = mapped_column(Integer)
    nps: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntryRow(Base):
    """One link of the tamper-evident audit chain (see voc/audit.py). Never updated, except
    that erasure may set ``content`` to NULL: ``content_hash`` stays, so the chain holds."""

    __tablename__ = "audit_log"
    __table_args__ = (
        # Backstops for the head lock: two appends can never claim the same predecessor.
        UniqueConstraint("prev_hash", name="uq_audit_prev_hash"),
        Index("ix_audit_subject_seq", "subject", "seq"),
        Index("ix_audit_kind_seq", "kind", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # UTC, fixed-width ISO 8601: hashed as stored
    kind: Mapped[str] = mapped_column(String(48))
    actor: Mapped[str] = mapped_column(String(128))
    subject: Mapped[str] = mapped_column(String(128), default="")
    content: Mapped[str | None] = mapped_column(Text)  # canonical JSON; NULL once erased
    content_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHeadRow(Base):
    """The chain's head in one row: appends lock it, so concurrent writers queue up instead of
    forking the chain, and a deleted tail shows as a head the log no longer reaches."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # always 1
    seq: Mapped[int] = mapped_column(BigInteger)
    entry_hash: Mapped[str] = mapped_column(String(64))
