"""Exports for the auditor: JSON Lines (one conversation per line, the full trace) and CSV (one
row per turn, for a spreadsheet; BOM and formula defusing from :mod:`voc.csv_export`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from voc import csv_export
from voc.audit_query import ConversationTrace, TurnTrace
from voc.csv_export import safe_cell

__all__ = ["CSV_COLUMNS", "safe_cell", "to_csv", "to_jsonl", "trace_as_dict"]

CSV_COLUMNS = [
    "conversation_id",
    "customer_id",
    "seq",
    "at",
    "speaker",
    "author",
    "text",
    "intent",
    "emotion",
    "churn_risk",
    "injection_flag",
    "action",
    "reason",
    "triggers",
    "answer_source",
    "answer_model",
    "prompt_version",
    "citations",
    "hits",
    "latency_ms",
    "escalated",
    "disposition",
    "disclosure_version",
    "disclosure_shown_at",
    "disclosure_text",
]


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def trace_as_dict(trace: ConversationTrace) -> dict[str, Any]:
    """The JSON shape of one trace (also what the HTTP route returns)."""
    return json.loads(json.dumps(dataclasses.asdict(trace), default=_json_default))


def to_jsonl(traces: Iterable[ConversationTrace]) -> str:
    return "".join(
        json.dumps(dataclasses.asdict(t), default=_json_default, ensure_ascii=False) + "\n"
        for t in traces
    )


def _triggers(turn: TurnTrace) -> str:
    parts = []
    for t in turn.triggers:
        name = str(t.get("name", ""))
        detail = str(t.get("detail", ""))
        parts.append(f"{name}: {detail}" if detail else name)
    return "; ".join(parts)


def _row(trace: ConversationTrace, turn: TurnTrace) -> list[object]:
    s = trace.summary
    d = trace.disclosure
    return [
        s.id,
        s.customer_id,
        turn.seq,
        turn.created_at,
        turn.speaker,
        turn.author,
        turn.text,
        turn.signals.get("intent"),
        turn.signals.get("emotion"),
        turn.signals.get("churn_risk"),
        turn.injection_flag if turn.role == "customer" else None,
        turn.decision.get("action"),
        turn.decision.get("reason"),
        _triggers(turn),
        turn.answer_source,
        turn.answer_model,
        turn.prompt_version,
        "; ".join(f"{c.get('title', '')} › {c.get('section', '')}" for c in turn.citations),
        "; ".join(
            f"{h.get('title', '')} › {h.get('section', '')} ({float(h.get('score', 0)):.3f})"
            for h in turn.hits
        ),
        None if turn.latency_ms is None else round(turn.latency_ms, 1),
        s.escalated,
        s.disposition,
        d.version if d else None,
        d.shown_at if d else None,
        d.text if d else None,
    ]


def to_csv(traces: Iterable[ConversationTrace]) -> str:
    rows = (_row(trace, turn) for trace in traces for turn in trace.turns)
    return csv_export.to_csv(CSV_COLUMNS, rows)
