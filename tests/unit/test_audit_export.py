"""The auditor's exports: CSV that a spreadsheet opens safely, JSONL with the whole trace."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from voc.audit_export import CSV_COLUMNS, safe_cell, to_csv, to_jsonl
from voc.audit_query import ConversationSummary, ConversationTrace, Disclosure, TurnTrace

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def turn(seq: int, role: str, text: str, **kw: object) -> TurnTrace:
    base: dict[str, object] = dict(
        seq=seq,
        role=role,
        speaker={"customer": "customer", "bot": "AI", "human": "person"}[role],
        author={"customer": "customer", "bot": "Warmline assistant", "human": "Alex Morgan"}[role],
        text=text,
        created_at=NOW,
        signals={},
        decision={},
        triggers=[],
        hits=[],
        citations=[],
        answer_source=None,
        answer_model=None,
        prompt_version=None,
        latency_ms=None,
        injection_flag=False,
    )
    base.update(kw)
    return TurnTrace(**base)  # type: ignore[arg-type]


def trace() -> ConversationTrace:
    decision = {
        "action": "escalate",
        "reason": "churn_risk",
        "triggers": [{"name": "churn_risk", "fired": True, "detail": "risk 0.82 ≥ 0.6"}],
    }
    return ConversationTrace(
        summary=ConversationSummary(
            id="c_1",
            customer_id="=cmd|' /C calc'!A0",
            state="closed",
            disposition="retained",
            owner_agent="alex",
            owner_name="Alex Morgan",
            created_at=NOW,
            turns=3,
            escalated=True,
        ),
        language="zh",
        profile={},
        disclosure=Disclosure(text="你在和AI助手聊天", version="v2", shown_at=NOW),
        handoffs=[],
        surveys=[],
        turns=[
            turn(
                1,
                "customer",
                '=HYPERLINK("http://evil.example","click") 我要转到别的银行',
                signals={"intent": "switch_away", "churn_risk": 0.82, "injection_flag": True},
                decision=decision,
                triggers=decision["triggers"],
                injection_flag=True,
            ),
            turn(2, "bot", "+44 line, @mention, -minus", answer_source="canned", latency_ms=12.34),
            turn(3, "human", 'Hello,\nI\'m Alex; "quoted"'),
        ],
    )


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["hello", "1+1", "a=b", "", "我要转账"])
def test_ordinary_cells_are_unchanged(text: str) -> None:
    assert safe_cell(text) == text


def test_csv_has_a_bom_one_row_per_turn_and_no_live_formula() -> None:
    out = to_csv([trace()])
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["seq"] for r in rows] == ["1", "2", "3"]
    assert [r["speaker"] for r in rows] == ["customer", "AI", "person"]
    assert rows[0]["text"].startswith("'=HYPERLINK")
    assert rows[0]["text"].endswith("我要转到别的银行")
    assert rows[0]["customer_id"].startswith("'=")
    assert rows[0]["triggers"] == "churn_risk: risk 0.82 ≥ 0.6"
    assert rows[0]["injection_flag"] == "True"
    assert rows[1]["text"].startswith("'+44")
    assert rows[1]["latency_ms"] == "12.3"
    assert rows[2]["text"] == 'Hello,\nI\'m Alex; "quoted"'
    assert rows[2]["disclosure_version"] == "v2"
    assert rows[2]["disclosure_text"] == "你在和AI助手聊天"
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_jsonl_is_one_full_trace_per_line() -> None:
    lines = to_jsonl([trace(), trace()]).splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["summary"]["id"] == "c_1"
    assert first["disclosure"]["version"] == "v2"
    assert first["turns"][0]["triggers"][0]["name"] == "churn_risk"
    assert "我要转到别的银行" in lines[0]  # not \u-escaped: readable as it is
