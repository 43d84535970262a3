"""Check the audit chain end to end (``warmline audit verify``).

Walks every entry in seq order and recomputes what it commits to. Each entry gets at most one
finding — the first of: a missing predecessor (a deleted entry), a broken link to the entry
before (an inserted or reordered entry), a header that no longer matches its hash (an edited
seq, time, kind, actor, subject or content hash) and content that no longer matches its hash
(edited content) — and the walk then continues from that entry, so one edit is reported once.
After the walk: content removed without an ``erasure`` entry listing it, a log that stops short
of the head record (a deleted tail) or runs past it (an appended forgery), and an anchored head
(``--expect-head SEQ:HASH``) that is not in the log.

Deleting the newest entries *and* rewinding the head record leaves a shorter chain that is
internally consistent: only a head anchored outside the database shows that. Anchor it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from voc.audit import (
    GENESIS,
    HEAD_ID,
    AuditHead,
    AuditKind,
    content_digest,
    entry_digest,
    load_content,
)
from voc.db import sessionmaker_for
from voc.models import AuditEntryRow, AuditHeadRow

MAX_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class AuditProblem:
    seq: int  # the first entry that is wrong (or missing)
    reason: str  # missing | broken_link | header_altered | content_altered | erased_unrecorded
    #              | tail_missing | past_head | anchor_missing
    detail: str

    def __str__(self) -> str:
        return f"entry {self.seq} ({self.reason}): {self.detail}"


@dataclass(slots=True)
class VerifyReport:
    entries: int = 0
    erased: int = 0
    last: AuditHead | None = None  # the last entry walked
    head: AuditHead | None = None  # the head record (what the next append chains from)
    anchor: AuditHead | None = None
    anchor_found: bool | None = None
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> AuditProblem | None:
        return self.problems[0] if self.problems else None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "erased": self.erased,
            "last": str(self.last) if self.last else None,
            "head": str(self.head) if self.head else None,
            "anchor": str(self.anchor) if self.anchor else None,
            "anchor_found": self.anchor_found,
            "first_bad_seq": self.first.seq if self.first else None,
            "problems": [
                {"seq": p.seq, "reason": p.reason, "detail": p.detail} for p in self.problems
            ],
        }


def _check_row(row: AuditEntryRow, expected_seq: int, prev_hash: str) -> AuditProblem | None:
    if row.seq != expected_seq:
        return AuditProblem(
            expected_seq,
            "missing",
            f"the log jumps from entry {expected_seq - 1} to {row.seq}: "
            f"{row.seq - expected_seq} entr{'y' if row.seq - expected_seq == 1 else 'ies'} deleted",
        )
    if row.prev_hash != prev_hash:
        return AuditProblem(
            row.seq,
            "broken_link",
            f"does not follow entry {row.seq - 1} (prev_hash {row.prev_hash[:12]}…, "
            f"expected {prev_hash[:12]}…): inserted, reordered or its predecessor rewritten",
        )
    recomputed = entry_digest(
        row.prev_hash, row.seq, row.at, row.kind, row.actor, row.subject, row.content_hash
    )
    if recomputed != row.entry_hash:
        return AuditProblem(
            row.seq,
            "header_altered",
            "its hash does not match its seq, time, kind, actor, subject or content hash",
        )
    if row.content is not None and content_digest(row.content) != row.content_hash:
        return AuditProblem(row.seq, "content_altered", "its content does not match content_hash")
    return None


async def verify_chain(
    engine: AsyncEngine, *, anchor: AuditHead | None = None, batch: int = 1000
) -> VerifyReport:
    sessions = sessionmaker_for(engine)
    report = VerifyReport(anchor=anchor, anchor_found=None if anchor is None else False)
    problems: list[AuditProblem] = []
    erased: list[int] = []
    recorded_erasures: set[int] = set()

    async def head_record() -> AuditHead | None:
        async with sessions() as s:
            row = (
                await s.execute(
                    select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(
                        AuditHeadRow.id == HEAD_ID
                    )
                )
            ).one_or_none()
        return AuditHead(row[0], row[1]) if row else None

    head_before = await head_record()
    expected_seq, prev_hash, last_seq = 1, GENESIS, 0
    while True:
        async with sessions() as s:
            rows = list(
                await s.scalars(
                    select(AuditEntryRow)
                    .where(AuditEntryRow.seq > last_seq)
                    .order_by(AuditEntryRow.seq)
                    .limit(batch)
                )
            )
        if not rows:
            break
        for row in rows:
            problem = _check_row(row, expected_seq, prev_hash)
            if problem:
                problems.append(problem)
            if row.content is None:
                erased.append(row.seq)
            elif row.kind == AuditKind.ERASURE and problem is None:
                seqs = (load_content(row.content) or {}).get("seqs")
                if isinstance(seqs, list):
                    recorded_erasures.update(s for s in seqs if isinstance(s, int))
            if anchor is not None and row.seq == anchor.seq and row.entry_hash != anchor.entry_hash:
                problems.append(
                    AuditProblem(
                        row.seq,
                        "anchor_missing",
                        f"the anchored head says {anchor}, the log has {row.entry_hash}: "
                        "this part of the log was rewritten",
                    )
                )
            elif anchor is not None and row.entry_hash == anchor.entry_hash:
                report.anchor_found = True
            # Carry on from what this entry claims, so one edit is reported once.
            expected_seq, prev_hash, last_seq = row.seq + 1, row.entry_hash, row.seq
            report.entries += 1
            report.last = AuditHead(row.seq, row.entry_hash)
    head_after = await head_record()
    report.head = head_after
    report.erased = len(erased)

    problems += [
        AuditProblem(seq, "erased_unrecorded", "its content was removed without an erasure entry")
        for seq in erased
        if seq not in recorded_erasures
    ]
    if head_before is not None and last_seq < head_before.seq:
        problems.append(
            AuditProblem(
                last_seq + 1,
                "tail_missing",
                f"the head record is at entry {head_before.seq} but the log ends at {last_seq}: "
                "the newest entries were deleted",
            )
        )
    elif head_after is None and last_seq > 0:
        problems.append(AuditProblem(1, "past_head", "the head record is missing"))
    elif head_after is not None and last_seq > head_after.seq:
        problems.append(
            AuditProblem(
                head_after.seq + 1,
                "past_head",
                f"the log runs past the head record ({head_after}): entries were added "
                "without the audit log",
            )
        )
    elif (
        head_after is not None
        and report.last is not None
        and report.last.seq == head_after.seq
        and report.last.entry_hash != head_after.entry_hash
    ):
        problems.append(AuditProblem(last_seq, "broken_link", "the head record names another hash"))
    if (
        anchor is not None
        and not report.anchor_found
        and not any(p.reason == "anchor_missing" for p in problems)
    ):
        problems.append(
            AuditProblem(
                anchor.seq if anchor.seq >= 0 else last_seq + 1,
                "anchor_missing",
                f"the anchored head {anchor} is not in the log (which ends at {report.last}): "
                "entries were deleted or the log was rewritten",
            )
        )
    problems.sort(key=lambda p: p.seq)
    report.problems = problems[:MAX_PROBLEMS]
    return report
