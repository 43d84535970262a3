"""The audit chain on real SQLite and real PostgreSQL: every kind of tampering is caught and
named, erasure keeps the chain valid, and concurrent writers never fork it."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.audit_db import database, pg_available, private_pg_database
from voc.audit import CUSTOMER, AuditHead, AuditKind, AuditLog, canonical_json, entry_digest
from voc.audit_verify import verify_chain
from voc.db import create_schema, make_engine, sessionmaker_for
from voc.store import VocStore

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
async def pg_url() -> AsyncIterator[str | None]:
    """One private PostgreSQL database for this module (None without a server)."""
    if not await pg_available():
        yield None
        return
    async with private_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
async def db(
    request: pytest.FixtureRequest, tmp_path: Path, pg_url: str | None
) -> AsyncIterator[AsyncEngine]:
    async with database(request.param, tmp_path, pg_url) as (_url, engine):
        yield engine


async def fill(log: AuditLog, n: int = 6) -> None:
    for i in range(1, n + 1):
        await log.record(
            AuditKind.TURN_CUSTOMER,
            actor=CUSTOMER,
            subject=f"c_{i % 2}",
            content={"seq": i, "text": f"message {i}", "score": 0.1 * i},
        )


async def sql(engine: AsyncEngine, statement: str, **params: object) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(statement), params)


async def problem(engine: AsyncEngine, anchor: AuditHead | None = None) -> tuple[int, str]:
    report = await verify_chain(engine, anchor=anchor)
    assert not report.ok, "tampering went unnoticed"
    assert report.first is not None
    return report.first.seq, report.first.reason


async def test_untouched_chain_verifies_and_head_is_the_last_entry(db: AsyncEngine) -> None:
    log = AuditLog(db)
    assert str(await log.head()) == "0:" + "0" * 64
    await fill(log)
    report = await verify_chain(db)
    assert report.ok, report.problems
    assert report.entries == 6
    head = await log.head()
    assert head.seq == 6 and report.last == head
    entries = await log.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0].content == {"seq": 1, "text": "message 1", "score": 0.1}
    # The documented hash: SHA-256 over the compact JSON header, SHA-256 of canonical content.
    e = entries[2]
    assert e.content_hash == hashlib.sha256(canonical_json(e.content or {}).encode()).hexdigest()
    assert e.prev_hash == entries[1].entry_hash
    assert e.entry_hash == entry_digest(
        e.prev_hash, e.seq, e.at, e.kind, e.actor, e.subject, e.content_hash
    )


async def test_edited_content_is_named(db: AsyncEngine) -> None:
    await fill(AuditLog(db))
    await sql(
        db, "UPDATE audit_log SET content = replace(content, 'message 3', 'all fine') WHERE seq = 3"
    )
    assert await problem(db) == (3, "content_altered")


async def test_edited_content_hash_is_named(db: AsyncEngine) -> None:
    await fill(AuditLog(db))
    # A careful forger rewrites content and its hash together: the header hash catches it.
    forged = canonical_json({"seq": 4, "text": "forged"})
    await sql(
        db,
        "UPDATE audit_log SET content = :c, content_hash = :h WHERE seq = 4",
        c=forged,
        h=hashlib.sha256(forged.encode()).hexdigest(),
    )
    assert await problem(db) == (4, "header_altered")


@pytest.mark.parametrize("column", ["kind", "actor", "subject", "at"])
async def test_edited_header_field_is_named(db: AsyncEngine, column: str) -> None:
    await fill(AuditLog(db))
    value = {"kind": "survey", "actor": "mallory", "subject": "c_9", "at": "2020-01-01T00:00:00"}
    await sql(db, f"UPDATE audit_log SET {column} = :v WHERE seq = 2", v=value[column])
    assert await problem(db) == (2, "header_altered")


async def test_deleted_middle_entry_is_named(db: AsyncEngine) -> None:
    await fill(AuditLog(db))
    await sql(db, "DELETE FROM audit_log WHERE seq = 3")
    assert await problem(db) == (3, "missing")


async def test_deleted_last_entry_needs_the_head_record_or_an_anchor(db: AsyncEngine) -> None:
    log = AuditLog(db)
    await fill(log)
    anchored = await log.head()
    await sql(db, "DELETE FROM audit_log WHERE seq = 6")
    assert await problem(db) == (6, "tail_missing")
    # A forger who also rewinds the head record leaves a consistent, shorter chain: only the
    # head anchored outside the database shows it.
    await sql(
        db,
        "UPDATE audit_head SET seq = 5, entry_hash = (SELECT entry_hash FROM audit_log "
        "WHERE seq = 5)",
    )
    assert (await verify_chain(db)).ok
    assert await problem(db, anchor=anchored) == (6, "anchor_missing")
    assert await problem(db, anchor=AuditHead.parse(anchored.entry_hash)) == (6, "anchor_missing")


async def test_anchor_stays_valid_as_the_log_grows(db: AsyncEngine) -> None:
    log = AuditLog(db)
    await fill(log, 3)
    anchored = AuditHead.parse(str(await log.head()))
    await fill(log, 3)
    report = await verify_chain(db, anchor=anchored)
    assert report.ok and report.anchor_found


async def test_rewritten_history_fails_the_anchor(db: AsyncEngine) -> None:
    """Rewriting an entry and recomputing every hash after it passes the chain checks, but not
    an anchored head."""
    log = AuditLog(db)
    await fill(log, 4)
    anchored = await log.head()
    async with db.begin() as conn:
        rows = (await conn.execute(text("SELECT * FROM audit_log ORDER BY seq"))).mappings().all()
        await conn.execute(text("DELETE FROM audit_log"))
        prev = "0" * 64
        for r in rows:
            content = (
                r["content"].replace("message 2", "nothing") if r["seq"] == 2 else r["content"]
            )
            ch = hashlib.sha256(content.encode()).hexdigest()
            eh = entry_digest(prev, r["seq"], r["at"], r["kind"], r["actor"], r["subject"], ch)
            await conn.execute(
                text(
                    "INSERT INTO audit_log (seq, at, kind, actor, subject, content, "
                    "content_hash, prev_hash, entry_hash) VALUES (:s, :a, :k, :ac, :su, :c, "
                    ":ch, :p, :e)"
                ),
                dict(
                    s=r["seq"],
                    a=r["at"],
                    k=r["kind"],
                    ac=r["actor"],
                    su=r["subject"],
                    c=content,
                    ch=ch,
                    p=prev,
                    e=eh,
                ),
            )
            prev = eh
        await conn.execute(text("UPDATE audit_head SET entry_hash = :e"), {"e": prev})
    assert (await verify_chain(db)).ok  # consistent, as a thorough forger would leave it
    assert await problem(db, anchor=anchored) == (4, "anchor_missing")


async def test_forged_row_inserted_in_the_middle_is_named(db: AsyncEngine) -> None:
    await fill(AuditLog(db))
    # Make room at seq 4 (in two steps: PostgreSQL checks the key row by row) and forge it.
    await sql(db, "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 4")
    await sql(db, "UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000")
    content = canonical_json({"text": "forged"})
    ch = hashlib.sha256(content.encode()).hexdigest()
    prev = "f" * 64  # the real predecessor's hash is taken: prev_hash is unique
    at = "2026-01-01T00:00:00.000000Z"
    await sql(
        db,
        "INSERT INTO audit_log (seq, at, kind, actor, subject, content, content_hash, "
        "prev_hash, entry_hash) VALUES (4, :a, 'close', 'mallory', 'c_1', :c, :ch, :p, :e)",
        a=at,
        c=content,
        ch=ch,
        p=prev,
        e=entry_digest(prev, 4, at, "close", "mallory", "c_1", ch),
    )
    assert await problem(db) == (4, "broken_link")


async def test_forged_row_appended_outside_the_log_is_named(db: AsyncEngine) -> None:
    log = AuditLog(db)
    await fill(log)
    head = await log.head()
    content = canonical_json({"text": "forged"})
    ch = hashlib.sha256(content.encode()).hexdigest()
    at = "2026-01-01T00:00:00.000000Z"
    await sql(
        db,
        "INSERT INTO audit_log (seq, at, kind, actor, subject, content, content_hash, "
        "prev_hash, entry_hash) VALUES (7, :a, 'close', 'mallory', 'c_1', :c, :ch, :p, :e)",
        a=at,
        c=content,
        ch=ch,
        p=head.entry_hash,
        e=entry_digest(head.entry_hash, 7, at, "close", "mallory", "c_1", ch),
    )
    assert await problem(db) == (7, "past_head")


async def test_swapped_entries_are_named(db: AsyncEngine) -> None:
    await fill(AuditLog(db))
    await sql(db, "UPDATE audit_log SET seq = 100 WHERE seq = 2")
    await sql(db, "UPDATE audit_log SET seq = 2 WHERE seq = 3")
    await sql(db, "UPDATE audit_log SET seq = 3 WHERE seq = 100")
    assert await problem(db) == (2, "broken_link")


async def test_erasure_keeps_the_chain_and_silent_erasure_is_named(db: AsyncEngine) -> None:
    log = AuditLog(db)
    await fill(log)
    erasure = await log.erase_content(
        lambda e: e.subject == "c_1", actor="lee", reason="customer request", subjects=["c_1"]
    )
    assert erasure.seqs == (1, 3, 5)
    assert erasure.entry.kind == AuditKind.ERASURE and erasure.entry.seq == 7
    entries = {e.seq: e for e in await log.entries()}
    assert entries[1].content is None and entries[2].content is not None
    report = await verify_chain(db)
    assert report.ok, report.problems
    assert report.erased == 3
    # Removing content without going through erase_content is tampering.
    await sql(db, "UPDATE audit_log SET content = NULL WHERE seq = 4")
    assert await problem(db) == (4, "erased_unrecorded")


async def test_concurrent_tasks_and_engines_keep_one_chain(db: AsyncEngine, tmp_path: Path) -> None:
    url = db.url.render_as_string(hide_password=False)
    engines = [db, *(make_engine(url) for _ in range(2))]
    logs = [AuditLog(e) for e in engines]

    async def writer(log: AuditLog, w: int) -> None:
        for i in range(15):
            await log.record(AuditKind.DECISION, actor="bot", subject=f"w{w}", content={"i": i})

    try:
        await asyncio.gather(*(writer(logs[w % 3], w) for w in range(6)))
    finally:
        for e in engines[1:]:
            await e.dispose()
    report = await verify_chain(db)
    assert report.ok, report.problems
    assert report.entries == 90
    assert (await AuditLog(db).head()).seq == 90


WRITER = """
import asyncio, sys
from voc.audit import AuditKind, AuditLog
from voc.db import create_schema, make_engine, sessionmaker_for
from voc.store import VocStore

async def main(url: str, name: str) -> None:
    engine = make_engine(url)
    log = AuditLog(engine)
    for i in range(30):
        await log.record(AuditKind.DECISION, actor="bot", subject=name, content={"i": i})
    await engine.dispose()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_concurrent_processes_keep_one_chain(db: AsyncEngine) -> None:
    """Separate worker processes (as several uvicorn workers would be) appending at once."""
    url = db.url.render_as_string(hide_password=False)
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, url, f"p{i}", cwd=ROOT, stderr=subprocess.PIPE
        )
        for i in range(3)
    ]
    for proc in procs:
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()[-2000:]
    report = await verify_chain(db)
    assert report.ok, report.problems
    assert report.entries == 90


async def test_an_entry_commits_and_rolls_back_with_the_callers_transaction(
    db: AsyncEngine,
) -> None:
    log = AuditLog(db)
    await fill(log, 2)
    sessions = sessionmaker_for(db)
    with pytest.raises(RuntimeError):
        async with sessions.begin() as s:
            await log.record_in(s, AuditKind.CLOSE, actor="alex", subject="c_1")
            raise RuntimeError("the change failed")
    assert (await log.head()).seq == 2
    async with sessions.begin() as s:
        entry = await log.record_in(s, AuditKind.CLOSE, actor="alex", subject="c_1")
    assert entry.seq == 3 and (await log.head()) == entry.head
    report = await verify_chain(db)
    assert report.ok and report.entries == 3


async def test_an_older_database_gets_the_new_columns_at_start_up(db: AsyncEngine) -> None:
    """A data folder from before the disclosure columns keeps working after an upgrade."""
    store = VocStore(db)
    older = await store.create_conversation(customer_id="c-old", profile={})
    new = ("disclosure_text", "disclosure_version", "disclosure_shown_at", "channel")
    for column in new:
        await sql(db, f"ALTER TABLE conversations DROP COLUMN {column}")
    await create_schema(db)
    async with db.connect() as conn:
        columns = await conn.run_sync(
            lambda c: {col["name"] for col in inspect(c).get_columns("conversations")}
        )
    assert set(new) <= columns
    assert (await store.get_conversation(older.id)).channel == "web"
    await store.create_conversation(customer_id="c-new", profile={})
