"""Audit search and erasure on the stores themselves, SQLite and PostgreSQL alike (the signal
filters read JSON, which each database does its own way)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.types import Role, TurnRecord
from voc.audit import AuditKind, AuditLog
from voc.audit_query import SEARCH_SUBJECT, AuditFilter, AuditQueries
from voc.audit_verify import verify_chain
from voc.db import create_schema, make_engine, sqlite_url
from voc.erasure import Eraser
from voc.models import Base
from voc.store import VocStore

PG_SERVER = os.environ.get("WARMLINE_TEST_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
PG_DB = "warmline_auditor_test"  # its own database: other suites drop tables in "test"


async def _pg_engine() -> AsyncEngine | None:
    admin = make_engine(f"{PG_SERVER}/postgres")
    try:
        async with admin.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            exists = await conn.scalar(
                text("select 1 from pg_database where datname = :d"), {"d": PG_DB}
            )
            if not exists:
                await conn.execute(text(f'create database "{PG_DB}"'))
    except Exception:
        return None
    finally:
        await admin.dispose()
    return make_engine(f"{PG_SERVER}/{PG_DB}")


@pytest.fixture(params=["sqlite", "postgres"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        eng = make_engine(sqlite_url(tmp_path))
    else:
        found = await _pg_engine()
        if found is None:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is not reachable at {PG_SERVER}")
            pytest.skip("PostgreSQL not running")
        eng = found
        async with eng.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)
    await create_schema(eng)
    yield eng
    await eng.dispose()


class Forgot:
    def __init__(self) -> None:
        self.ids: list[str] = []

    async def forget(self, conversation_ids: Any) -> None:
        self.ids += list(conversation_ids)


async def _conversation(
    store: VocStore, audit: AuditLog, customer: str, words: str, signals: dict[str, Any]
) -> str:
    conv = await store.create_conversation(customer_id=customer, profile={"nick": words})
    turn = await store.append_turn(
        TurnRecord(conv.id, 0, Role.CUSTOMER, words, client_id="c1"), customer_id=customer
    )
    decision = {
        "action": "escalate",
        "reason": "churn_risk",
        "reason_text": f"they said {words}",
        "triggers": [
            {"name": "churn_risk", "fired": True, "detail": "0.9", "evidence": [{"d": words}]}
        ],
    }
    await store.annotate_turn(
        conv.id, turn.seq, signals=signals, hits=[], decision=decision, latency_ms=5.0
    )
    await store.move_state(
        conv.id,
        expected="bot",
        new="queued",
        handoff={"reason": "churn_risk", "priority": 80, "packet": {"summary": words}},
    )
    await store.add_survey(conv.id, csat=2, ces=None, nps=3, comment=f"comment {words}")
    await audit.record(
        AuditKind.TURN_CUSTOMER, actor="customer", subject=conv.id, content={"text": words}
    )
    return conv.id


async def test_signal_filters_and_erasure(engine: AsyncEngine) -> None:
    store, audit, q = VocStore(engine), AuditLog(engine), AuditQueries(engine)
    angry = await _conversation(
        store,
        audit,
        "cust-a",
        "Zanzibarwords angry",
        {
            "intent": "complaint",
            "emotion": "angry",
            "churn_risk": 0.9,
            "injection_flag": True,
            "churn_evidence": [{"source": "words", "detail": "Zanzibarwords"}],
        },
    )
    calm = await _conversation(
        store,
        audit,
        "cust-b",
        "Quietwords calm",
        {"intent": "check_balance", "emotion": "neutral", "churn_risk": 0.1},
    )

    async def found(**kw: Any) -> set[str]:
        return {s.id for s in await q.search(AuditFilter(**kw))}

    assert await found() >= {angry, calm}
    assert await found(emotion="angry") == {angry}
    assert await found(churn_min=0.5) == {angry}
    assert await found(injection_flagged=True) == {angry}
    assert await found(injection_flagged=False) == {calm}
    assert await found(intent="check_balance") == {calm}
    assert await found(text="zanzibar") == {angry}
    assert await found(escalated=True) == {angry, calm}
    assert await found(since=datetime.now(UTC) + timedelta(hours=1)) == set()
    summary = (await q.search(AuditFilter(customer_id="cust-a")))[0]
    assert summary.injection_flagged and summary.max_churn_risk == 0.9

    # An auditor looked the customer up first: the id is now in the audit log's content too.
    await audit.record(
        AuditKind.AUDITOR_SEARCH,
        actor="ava",
        subject=SEARCH_SUBJECT,
        content={"filters": {"customer_id": "cust-a"}, "results": 1},
    )
    await audit.record(
        AuditKind.AUDITOR_SEARCH,
        actor="ava",
        subject=SEARCH_SUBJECT,
        content={"filters": {"customer_id": "cust-b"}, "results": 1},
    )
    forgot = Forgot()
    report = await Eraser(engine, threads=forgot, audit=audit).erase_customer("cust-a", actor="ava")
    assert report.conversations == [angry] and forgot.ids == [angry]
    assert report.audit_entries == 2  # the conversation's turn and the search naming them
    trace = await q.conversation(angry)
    turn = trace.turns[0]
    assert turn.text == "[erased]"
    assert turn.signals == {
        "intent": "complaint",
        "emotion": "angry",
        "churn_risk": 0.9,
        "injection_flag": True,
    }
    assert turn.decision == {
        "action": "escalate",
        "reason": "churn_risk",
        "triggers": [{"name": "churn_risk", "fired": True}],
    }
    assert trace.profile == {} and trace.summary.erased
    assert trace.summary.customer_id == report.pseudonym
    assert [(v.csat, v.nps, v.comment) for v in trace.surveys] == [(2, 3, None)]
    assert "Zanzibar" not in repr(trace)
    # Still found by what it was about, no longer by who or what they said.
    assert await found(emotion="angry") == {angry}
    assert await found(customer_id="cust-a") == set()
    assert await found(text="zanzibar") == set()
    # Eval replay has nothing left to replay in it (its words are gone).
    since = datetime.now(UTC) - timedelta(days=1)
    assert [c.id for c in await store.conversations_since(since)] == [calm]
    # The other customer is untouched.
    assert (await q.conversation(calm)).turns[0].text == "Quietwords calm"
    # The chain verifies and the erasure names no one.
    assert (await verify_chain(engine)).ok
    entries = await audit.entries(limit=10_000)
    assert not [e for e in entries if "cust-a" in str(e.content)]
    assert [e for e in entries if "cust-b" in str(e.content)]  # others' searches stay
