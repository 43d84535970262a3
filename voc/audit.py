"""The tamper-evident audit log: an append-only hash chain in the VOC store.

Every entry commits to the entry before it and to a hash of its own content::

    content_hash = SHA-256(canonical JSON of content)
    entry_hash   = SHA-256(JSON array [prev_hash, seq, at, kind, actor, subject, content_hash])

(canonical JSON: UTF-8, keys sorted, no spaces; the header is hashed as a compact JSON array so
no field can bleed into the next). Erasing content later sets it to NULL and keeps
``content_hash``, so the chain still verifies; any other edit, deletion, insertion or
reordering breaks it (``voc/audit_verify.py``). Headers are never erased, so they hold no
personal data: a customer acts as ``"customer"`` and their id goes in the content.

Appends are serialised by writing the one-row head table first inside the append transaction:
a row lock on PostgreSQL, the database write lock on SQLite. Concurrent writers (tasks, engines,
processes, workers) therefore queue up instead of forking the chain; the primary key on ``seq``
and the unique ``prev_hash`` are the backstop.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from voc.audit_hash import GENESIS, canonical_json, content_digest, entry_digest, format_time
from voc.db import sessionmaker_for
from voc.models import AuditEntryRow, AuditHeadRow

HEAD_ID = 1

# Actors that are not a person's username.
BOT = "bot"
SYSTEM = "system"
CUSTOMER = "customer"  # the customer's id, if any, goes in the content (erasable), not here
UNKNOWN = "unknown"  # e.g. a failed sign-in: the name tried goes in the content


class AuditKind(enum.StrEnum):
    CONFIG = "config"  # settings fingerprint at start-up
    CONVERSATION_OPENED = "conversation.opened"
    DISCLOSURE_SHOWN = "disclosure.shown"
    TURN_CUSTOMER = "turn.customer"
    TURN_BOT = "turn.bot"
    TURN_HUMAN = "turn.human"
    DECISION = "decision"
    HANDOFF = "handoff"
    HANDOFF_WITHDRAWN = "handoff.withdrawn"
    CLAIM = "claim"
    HANDBACK = "handback"
    CLOSE = "close"
    SURVEY = "survey"
    KB_INGEST = "kb.ingest"
    LOGIN = "login"
    LOGIN_FAILED = "login.failed"
    LOGOUT = "logout"
    AUDITOR_READ = "auditor.read"
    AUDITOR_EXPORT = "auditor.export"
    AUDITOR_SEARCH = "auditor.search"
    ERASURE = "erasure"


class AuditError(Exception):
    """The audit log could not be appended to (an operator problem, not a client's)."""


# -- types --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AuditHead:
    """A point in the chain an operator can anchor elsewhere: ``SEQ:HASH``."""

    seq: int
    entry_hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.entry_hash}"

    @classmethod
    def parse(cls, text: str) -> AuditHead:
        """``SEQ:HASH`` as printed by ``warmline audit head``, or a bare hash (seq -1: any)."""
        seq_text, _, digest = text.strip().rpartition(":")
        digest = digest.lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("an anchored head is SEQ:HASH with a 64-digit hex SHA-256")
        if seq_text and not seq_text.isdigit():
            raise ValueError("an anchored head is SEQ:HASH; SEQ must be a number")
        return cls(int(seq_text) if seq_text else -1, digest)


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Something to record, built away from the code that records it."""

    kind: AuditKind
    actor: str
    subject: str = ""
    content: Mapping[str, object] | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str  # as hashed; see ``time`` for a datetime
    kind: str  # an AuditKind value (a tampered row may hold anything)
    actor: str
    subject: str
    content: Mapping[str, object] | None  # None once erased
    content_hash: str
    prev_hash: str
    entry_hash: str

    @property
    def erased(self) -> bool:
        return self.content is None

    @property
    def time(self) -> datetime:
        return datetime.strptime(self.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)

    @property
    def head(self) -> AuditHead:
        return AuditHead(self.seq, self.entry_hash)


@dataclass(frozen=True, slots=True)
class Erasure:
    """What ``erase_content`` did: the seqs whose content it removed and its own entry."""

    seqs: tuple[int, ...]
    entry: AuditEntry


def load_content(text: str | None) -> Mapping[str, object] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"unreadable": text[:200]}
    return value if isinstance(value, dict) else {"value": value}


def to_entry(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        kind=row.kind,
        actor=row.actor,
        subject=row.subject,
        content=load_content(row.content),
        content_hash=row.content_hash,
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
    )


# -- the log ------------------------------------------------------------------------------
class AuditLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = sessionmaker_for(engine)
        # Queues this process's writers before the database does: fewer lock waits on SQLite.
        self._local = asyncio.Lock()

    async def record(
        self,
        kind: AuditKind,
        *,
        actor: str,
        subject: str = "",
        content: Mapping[str, object] | None = None,
    ) -> AuditEntry:
        """Append one entry in its own transaction and return it."""
        for _attempt in range(5):
            try:
                async with self._local, self._sessions.begin() as s:
                    return await self.record_in(
                        s, kind, actor=actor, subject=subject, content=content
                    )
            except IntegrityError:
                continue  # two first-ever writers created the head row at once: go again
        raise AuditError("could not append to the audit log (is the head row damaged?)")

    async def record_event(self, event: AuditEvent) -> AuditEntry:
        return await self.record(
            event.kind, actor=event.actor, subject=event.subject, content=event.content
        )

    async def record_in(
        self,
        session: AsyncSession,
        kind: AuditKind,
        *,
        actor: str,
        subject: str = "",
        content: Mapping[str, object] | None = None,
    ) -> AuditEntry:
        """Append inside the caller's transaction, so the entry commits (or rolls back) with
        the change it records. The head stays locked until that transaction ends."""
        head = await self._lock_head(session)
        text = canonical_json(content or {})
        seq, at, content_hash = head.seq + 1, format_time(datetime.now(UTC)), content_digest(text)
        row = AuditEntryRow(
            seq=seq,
            at=at,
            kind=str(kind),
            actor=actor,
            subject=subject,
            content=text,
            content_hash=content_hash,
            prev_hash=head.entry_hash,
            entry_hash=entry_digest(
                head.entry_hash, seq, at, str(kind), actor, subject, content_hash
            ),
        )
        session.add(row)
        await session.execute(
            update(AuditHeadRow)
            .where(AuditHeadRow.id == HEAD_ID)
            .values(seq=row.seq, entry_hash=row.entry_hash)
            .execution_options(synchronize_session=False)
        )
        await session.flush()
        return to_entry(row)

    async def _lock_head(self, s: AsyncSession) -> AuditHead:
        # A write first: PostgreSQL locks the head row, SQLite takes its write lock (waiting out
        # busy_timeout), before anyone reads the head. So no two appends see the same head.
        locked = await s.execute(
            update(AuditHeadRow)
            .where(AuditHeadRow.id == HEAD_ID)
            .values(seq=AuditHeadRow.seq)
            .execution_options(synchronize_session=False)
        )
        if locked.rowcount == 0:  # type: ignore[attr-defined]
            # First append ever (or the head row was removed): start from the log's last entry.
            last = await s.scalar(select(AuditEntryRow).order_by(AuditEntryRow.seq.desc()).limit(1))
            s.add(
                AuditHeadRow(
                    id=HEAD_ID,
                    seq=last.seq if last else 0,
                    entry_hash=last.entry_hash if last else GENESIS,
                )
            )
            await s.flush()
        seq, entry_hash = (
            await s.execute(
                select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(AuditHeadRow.id == HEAD_ID)
            )
        ).one()
        return AuditHead(seq, entry_hash)

    # -- reading ------------------------------------------------------------------------
    async def head(self) -> AuditHead:
        """Where the next entry will chain from (``0:000…`` for an empty log)."""
        async with self._sessions() as s:
            row = (
                await s.execute(
                    select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(
                        AuditHeadRow.id == HEAD_ID
                    )
                )
            ).one_or_none()
        return AuditHead(row[0], row[1]) if row else AuditHead(0, GENESIS)

    async def entries(
        self,
        *,
        after_seq: int = 0,
        limit: int = 500,
        subjects: Collection[str] | None = None,
        kinds: Collection[AuditKind] | None = None,
    ) -> list[AuditEntry]:
        """Entries in chain order, a page at a time (``after_seq`` = the last seq you have)."""
        query = select(AuditEntryRow).where(AuditEntryRow.seq > after_seq)
        if subjects is not None:
            query = query.where(AuditEntryRow.subject.in_(list(subjects)))
        if kinds is not None:
            query = query.where(AuditEntryRow.kind.in_([str(k) for k in kinds]))
        async with self._sessions() as s:
            rows = await s.scalars(query.order_by(AuditEntryRow.seq).limit(limit))
            return [to_entry(r) for r in rows]

    async def last(self, kind: AuditKind) -> AuditEntry | None:
        async with self._sessions() as s:
            row = await s.scalar(
                select(AuditEntryRow)
                .where(AuditEntryRow.kind == str(kind))
                .order_by(AuditEntryRow.seq.desc())
                .limit(1)
            )
            return to_entry(row) if row else None

    # -- erasure ------------------------------------------------------------------------
    async def erase_content(
        self,
        predicate: Callable[[AuditEntry], bool],
        *,
        actor: str,
        reason: str,
        subjects: Collection[str] | None = None,
        details: Mapping[str, object] | None = None,
    ) -> Erasure:
        """Remove the content of every entry ``predicate`` accepts (optionally only among
        ``subjects``, e.g. one customer's conversation ids) and record an ``erasure`` entry
        listing their seqs, in one transaction. Headers and hashes stay, so the chain still
        verifies; ``audit verify`` fails on content removed without such an entry. Erasure
        entries themselves are never erased."""
        async with self._local, self._sessions.begin() as s:
            await self._lock_head(s)
            query = select(AuditEntryRow).where(
                AuditEntryRow.content.is_not(None), AuditEntryRow.kind != str(AuditKind.ERASURE)
            )
            if subjects is not None:
                query = query.where(AuditEntryRow.subject.in_(list(subjects)))
            rows = list(await s.scalars(query.order_by(AuditEntryRow.seq)))
            seqs = tuple(r.seq for r in rows if predicate(to_entry(r)))
            for start in range(0, len(seqs), 500):
                await s.execute(
                    update(AuditEntryRow)
                    .where(AuditEntryRow.seq.in_(seqs[start : start + 500]))
                    .values(content=None)
                    .execution_options(synchronize_session=False)
                )
            entry = await self.record_in(
                s,
                AuditKind.ERASURE,
                actor=actor,
                content={"reason": reason, "seqs": list(seqs), "details": dict(details or {})},
            )
        return Erasure(seqs, entry)
