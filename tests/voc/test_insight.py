"""The CX lead's VOC report on a seeded store: each figure checked by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from domain.types import Role, TurnRecord
from voc.csv_export import to_csv
from voc.db import create_schema, make_engine, sessionmaker_for, sqlite_url
from voc.insight import InsightReport, VocInsight, report_as_json
from voc.models import ConversationRow
from voc.store import VocStore

NOW = datetime.now(UTC)


async def _conv(
    store: VocStore,
    turns: list[tuple[str, dict[str, Any], dict[str, Any]]],
    *,
    days_ago: int,
    customer_id: str | None = None,
    channel: str = "web",
    handoff: tuple[str, str | None, str | None] | None = None,  # reason, claimed_by, outcome
    disposition: str | None = None,
    survey: dict[str, Any] | None = None,
) -> str:
    conv = await store.create_conversation(
        customer_id=customer_id, profile={}, language="en", channel=channel
    )
    for text, signals, decision in turns:
        t = await store.append_turn(
            TurnRecord(conv.id, 0, Role.CUSTOMER, text), customer_id=customer_id
        )
        await store.annotate_turn(
            conv.id, t.seq, signals=signals, hits=[], decision=decision, latency_ms=10.0
        )
    if handoff:
        reason, claimed_by, outcome = handoff
        await store.create_handoff(conv.id, reason=reason, priority=50, packet={})
        if claimed_by:
            await store.mark_handoff(conv.id, claimed_by=claimed_by)
        if outcome:
            await store.mark_handoff(conv.id, outcome=outcome)
    if survey:
        answers = {"csat": None, "ces": None, "nps": None, "comment": None, **survey}
        await store.add_survey(conv.id, **answers)
    at = NOW - timedelta(days=days_ago)
    async with sessionmaker_for(store.engine).begin() as s:
        await s.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conv.id)
            .values(created_at=at, disposition=disposition)
        )
    return conv.id


def _sig(intent: str, emotion: str = "neutral", churn: float = 0.0, **extra: Any) -> dict[str, Any]:
    return {"intent": intent, "emotion": emotion, "churn_risk": churn, **extra}


ANSWER = {"action": "answer"}
CLARIFY = {"action": "clarify", "reason": "nothing_found"}


@pytest.fixture
async def seeded(tmp_path: Path) -> AsyncIterator[VocStore]:
    engine = make_engine(sqlite_url(tmp_path))
    await create_schema(engine)
    store = VocStore(engine)
    await _conv(  # routine, kept by the bot, happy
        store,
        [("what's my balance", _sig("check_balance"), ANSWER)],
        days_ago=2,
        customer_id="cust-1",
        survey={"csat": 5, "ces": 6, "nps": 10},
    )
    await _conv(  # churn story: handed over, claimed, retained; unhappy survey with a formula
        store,
        [
            ("what's my balance", _sig("check_balance"), ANSWER),
            (
                "I'm moving everything to another bank",
                _sig(
                    "close_account",
                    "frustrated",
                    0.82,
                    churn_evidence=[{"source": "words", "detail": "another bank", "weight": 0.6}],
                ),
                {"action": "escalate", "reason": "churn_risk"},
            ),
        ],
        days_ago=1,
        customer_id="cust-2",
        channel="app",
        handoff=("churn_risk", "alex", "closed:retained"),
        disposition="retained",
        survey={"csat": 2, "ces": 2, "nps": 3, "comment": '=HYPERLINK("http://evil")'},
    )
    await _conv(  # a gap, then handed over because the bot could not answer
        store,
        [
            ("do you offer pet insurance?", _sig("out_of_scope", "confused"), CLARIFY),
            (
                "can I insure my dog with you",
                _sig("out_of_scope", "confused"),
                {"action": "escalate", "reason": "cannot_answer"},
            ),
        ],
        days_ago=1,
        handoff=("cannot_answer", None, None),
    )
    await _conv(  # the same gap again; asked for a person, then withdrew: still contained
        store,
        [("pet insurance for my cat?", _sig("out_of_scope"), CLARIFY)],
        days_ago=0,
        handoff=("customer_asked", None, "withdrawn"),
        survey={"nps": 8},
    )
    await _conv(  # outside the 30-day window
        store, [("old question", _sig("check_balance"), ANSWER)], days_ago=60
    )
    await _conv(store, [], days_ago=0)  # opened and never used: not a conversation yet
    yield store
    await engine.dispose()


async def _report(store: VocStore, embed: Any = None) -> InsightReport:
    return await VocInsight(store.engine).report(churn_threshold=0.35, embed=embed)


def _rows(report: InsightReport, name: str) -> list[tuple[Any, ...]]:
    return report.table(name).rows


async def test_headlines_count_by_the_documented_definitions(seeded: VocStore) -> None:
    report = await _report(seeded)
    heads = {h.label: h.value for h in report.headlines}
    assert heads["Conversations"] == "4"  # the 60-day-old and the empty one are not counted
    assert heads["Containment"] == "50.0%"  # routine + withdrawn; churn + cannot_answer went over
    assert heads["Handed to a person"] == "2"
    assert heads["Churn-risk conversations"] == "1"
    assert heads["CSAT"] == "50.0%"  # answers 5 and 2
    assert heads["CES (1–7)"] == "4.00"  # answers 6 and 2
    assert heads["NPS"] == "0"  # 10 promoter, 3 detractor, 8 passive → 33% − 33%


async def test_tables(seeded: VocStore) -> None:
    report = await _report(seeded)
    assert dict((r[0], r[1]) for r in _rows(report, "handoff_reasons")) == {
        "churn_risk": 1,
        "cannot_answer": 1,
    }  # the withdrawn request is not a handoff
    intents = {r[0]: r[1] for r in _rows(report, "intents")}
    assert intents == {"check_balance": 2, "out_of_scope": 3, "close_account": 1}
    emotions = {r[0]: r[1] for r in _rows(report, "emotions")}
    assert emotions == {"neutral": 3, "confused": 2, "frustrated": 1}
    (churn,) = _rows(report, "churn_conversations")
    assert churn[1] == "cust-2" and churn[3] == 0.82 and churn[-1] == "retained"
    assert "another bank" in str(churn[4])
    assert {r[0]: r[1] for r in _rows(report, "churn_outcomes")} == {
        "retained": 1,
        "left": 0,
        "unknown": 0,
    }
    volume = _rows(report, "volume")
    assert sum(int(r[1] or 0) for r in volume) == 4
    surveys = {(r[0], r[1]): r for r in _rows(report, "surveys")}
    assert surveys[("handled_by", "person")][3] == 0.0  # CSAT of the person-handled chat
    assert surveys[("handled_by", "bot")][3] == 100.0
    assert surveys[("channel", "app")][2] == 1
    assert surveys[("all", "all")][7] == 0.0  # NPS
    json_form = report_as_json(report)
    assert json_form["version"] == 1
    assert {t["name"] for t in json_form["tables"]} >= {"volume", "knowledge_gaps", "surveys"}  # type: ignore[index, union-attr]


async def test_knowledge_gaps_group_questions_by_meaning(
    seeded: VocStore, shared_embedder: Any
) -> None:
    report = await _report(seeded, embed=shared_embedder.encode)
    gaps = _rows(report, "knowledge_gaps")
    assert gaps[0][1] == 3  # three ways of asking about pet insurance: one gap
    assert "nothing_found 2" in str(gaps[0][2]) and "cannot_answer 1" in str(gaps[0][2])
    assert len(gaps) == 1


async def test_comment_export_defuses_spreadsheet_formulas(seeded: VocStore) -> None:
    table = (await _report(seeded)).table("survey_comments")
    rows = list(csv.reader(io.StringIO(to_csv(table.columns, table.rows).lstrip("\ufeff"))))
    assert rows[1][-1].startswith("'=HYPERLINK")
