"""VOC insight for CX leads: what customers asked, how they felt, who was about to leave,
where the help centre had no answer, and what they said in surveys.

Reads the system of record (conversations, turns, handoffs, surveys) for a date window and
returns an :class:`InsightReport`: headline figures plus named tables. Every renderer (the
``warmline voc report`` HTML, the console's lead view, CSV export) works from the same tables,
so a figure means the same thing everywhere.

Definitions:
- a conversation is *handed over* when it has a handoff the customer did not withdraw;
  *contained* otherwise. Containment = contained / conversations with a customer message.
- a *churn-risk* conversation has a customer turn with churn risk ≥ the threshold (the policy's
  probe level by default). Its outcome comes from the disposition a person gave it:
  ``retained`` → retained, ``churned`` → left, anything else → unknown.
- a *knowledge gap* is a customer question that got "nothing found" or was handed over because
  the bot could not answer; similar questions are grouped by embedding.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from voc.db import sessionmaker_for
from voc.gaps import GapCluster, cluster_questions
from voc.models import ConversationRow, HandoffRow, SurveyRow, TurnRow
from voc.survey_metrics import SurveyAnswer, SurveySummary

Cell = str | int | float | None
Embed = Callable[[list[str]], Any]  # texts → L2-normalised vectors (numpy array)

OUTCOME = {"retained": "retained", "churned": "left"}


@dataclass(frozen=True, slots=True)
class Table:
    """One report table: ``name`` is its CSV file name, ``columns`` its header."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Headline:
    label: str
    value: str
    detail: str = ""


@dataclass(slots=True)
class InsightReport:
    since: date
    until: date
    generated_at: datetime
    headlines: list[Headline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def table(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)


@dataclass(slots=True)
class _Conv:
    row: ConversationRow
    turns: list[TurnRow] = field(default_factory=list)
    handoffs: list[HandoffRow] = field(default_factory=list)
    surveys: list[SurveyRow] = field(default_factory=list)

    @property
    def day(self) -> date:
        return _as_utc(self.row.created_at).date()

    @property
    def handed_over(self) -> bool:
        return any(h.outcome != "withdrawn" for h in self.handoffs)

    @property
    def handled_by(self) -> str:
        return "person" if any(h.claimed_by for h in self.handoffs) else "bot"

    @property
    def first_intent(self) -> str:
        for t in self.turns:
            if t.intent:
                return t.intent
        return "unknown"

    @property
    def max_churn(self) -> float:
        return max((_churn_risk(t) for t in self.turns), default=0.0)


def _churn_risk(t: TurnRow) -> float:
    return float((t.signals or {}).get("churn_risk") or 0.0)


def _emotion(t: TurnRow) -> str:
    return str((t.signals or {}).get("emotion") or "neutral")


def _as_utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _fmt(value: float | None, suffix: str = "", digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


class VocInsight:
    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = sessionmaker_for(engine)

    async def _load(self, since: date, until: date) -> list[_Conv]:
        start = datetime.combine(since, time.min, UTC)
        end = datetime.combine(until + timedelta(days=1), time.min, UTC)
        async with self._sessions() as s:
            rows = (
                await s.scalars(
                    select(ConversationRow)
                    .where(ConversationRow.created_at >= start, ConversationRow.created_at < end)
                    .order_by(ConversationRow.created_at)
                )
            ).all()
            convs = {r.id: _Conv(r) for r in rows}
            if not convs:
                return []
            ids = list(convs)
            for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                for t in await s.scalars(
                    select(TurnRow)
                    .where(TurnRow.conversation_id.in_(chunk), TurnRow.role == "customer")
                    .order_by(TurnRow.conversation_id, TurnRow.seq)
                ):
                    convs[t.conversation_id].turns.append(t)
                for h in await s.scalars(
                    select(HandoffRow).where(HandoffRow.conversation_id.in_(chunk))
                ):
                    convs[h.conversation_id].handoffs.append(h)
                for v in await s.scalars(
                    select(SurveyRow).where(SurveyRow.conversation_id.in_(chunk))
                ):
                    convs[v.conversation_id].surveys.append(v)
        return list(convs.values())

    async def report(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        churn_threshold: float = 0.35,
        embed: Embed | None = None,
        top_intents: int = 10,
    ) -> InsightReport:
        until = until or datetime.now(UTC).date()
        since = since or until - timedelta(days=29)
        convs = [c for c in await self._load(since, until) if c.turns]
        report = InsightReport(since=since, until=until, generated_at=datetime.now(UTC))
        report.tables = [
            _volume(convs),
            _handoff_reasons(convs),
            *_intents(convs, top_intents),
            _emotions(convs),
            *_churn(convs, churn_threshold),
            # Embedding is CPU work: off the event loop.
            await asyncio.to_thread(_gaps, convs, embed),
            *_surveys(convs),
        ]
        report.headlines = _headlines(convs, churn_threshold)
        return report


def _headlines(convs: Sequence[_Conv], churn_threshold: float) -> list[Headline]:
    n = len(convs)
    contained = sum(1 for c in convs if not c.handed_over)
    risky = [c for c in convs if c.max_churn >= churn_threshold]
    known = [c for c in risky if c.row.disposition in OUTCOME]
    retained = sum(1 for c in known if c.row.disposition == "retained")
    surveys = SurveySummary.of(_answers(convs))
    return [
        Headline("Conversations", str(n), f"{sum(len(c.turns) for c in convs)} customer messages"),
        Headline("Containment", _fmt(_pct(contained, n), "%"), f"{contained} kept by the AI"),
        Headline("Handed to a person", str(n - contained)),
        Headline(
            "Churn-risk conversations",
            str(len(risky)),
            f"{retained} of {len(known)} with a known outcome retained",
        ),
        Headline("CSAT", _fmt(surveys.csat, "%"), f"{surveys.csat_n} answered"),
        Headline("CES (1–7)", _fmt(surveys.ces, digits=2), f"{surveys.ces_n} answered"),
        Headline("NPS", _fmt(surveys.nps, digits=0), f"{surveys.nps_n} answered"),
    ]


def _volume(convs: Sequence[_Conv]) -> Table:
    by_day: dict[date, list[_Conv]] = defaultdict(list)
    for c in convs:
        by_day[c.day].append(c)
    rows: list[tuple[Cell, ...]] = []
    for day in sorted(by_day):
        day_convs = by_day[day]
        over = sum(1 for c in day_convs if c.handed_over)
        rows.append(
            (
                day.isoformat(),
                len(day_convs),
                sum(len(c.turns) for c in day_convs),
                over,
                _pct(len(day_convs) - over, len(day_convs)),
            )
        )
    return Table(
        "volume",
        "Volume by day",
        ("day", "conversations", "customer_messages", "handed_over", "containment_pct"),
        rows,
    )


def _handoff_reasons(convs: Sequence[_Conv]) -> Table:
    counts = Counter(h.reason for c in convs for h in c.handoffs if h.outcome != "withdrawn")
    total = sum(counts.values())
    return Table(
        "handoff_reasons",
        "Why conversations went to a person",
        ("reason", "handoffs", "share_pct"),
        [(r, n, _pct(n, total)) for r, n in counts.most_common()],
    )


def _intents(convs: Sequence[_Conv], top: int) -> list[Table]:
    turns = [t for c in convs for t in c.turns if t.intent]
    counts = Counter(t.intent for t in turns)
    days = sorted({_as_utc(t.created_at).date() for t in turns})
    # Trend: share of messages in the later half of the window vs the earlier half.
    mid = days[len(days) // 2] if days else None
    early: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for t in turns:
        (late if mid and _as_utc(t.created_at).date() >= mid else early)[t.intent or ""] += 1
    n_early, n_late = sum(early.values()), sum(late.values())
    rows: list[tuple[Cell, ...]] = []
    for intent, n in counts.most_common(top):
        assert intent is not None
        e, la = _pct(early[intent], n_early), _pct(late[intent], n_late)
        trend = None if e is None or la is None else round(la - e, 1)
        rows.append((intent, n, _pct(n, len(turns)), trend))
    by_day: Counter[tuple[str, str]] = Counter(
        (_as_utc(t.created_at).date().isoformat(), t.intent or "") for t in turns
    )
    top_names = {r[0] for r in rows}
    trend_rows: list[tuple[Cell, ...]] = [
        (day, intent, n) for (day, intent), n in sorted(by_day.items()) if intent in top_names
    ]
    return [
        Table(
            "intents",
            "Top intents",
            ("intent", "messages", "share_pct", "trend_pts"),
            rows,
            "trend_pts: share in the later half of the window minus the earlier half, in points",
        ),
        Table("intent_trend", "Top intents by day", ("day", "intent", "messages"), trend_rows),
    ]


def _emotions(convs: Sequence[_Conv]) -> Table:
    counts = Counter(_emotion(t) for c in convs for t in c.turns)
    total = sum(counts.values())
    return Table(
        "emotions",
        "Emotion mix (customer messages)",
        ("emotion", "messages", "share_pct"),
        [(e, n, _pct(n, total)) for e, n in counts.most_common()],
    )


def _top_evidence(c: _Conv) -> str:
    best = max(c.turns, key=_churn_risk)
    items = (best.signals or {}).get("churn_evidence") or []
    items = sorted(items, key=lambda e: -float(e.get("weight") or 0.0))[:2]
    return "; ".join(f"{e.get('source')}: {e.get('detail')}" for e in items)


def _churn(convs: Sequence[_Conv], threshold: float) -> list[Table]:
    risky = sorted((c for c in convs if c.max_churn >= threshold), key=lambda c: -c.max_churn)
    rows: list[tuple[Cell, ...]] = [
        (
            c.row.id,
            c.row.customer_id,
            c.day.isoformat(),
            round(c.max_churn, 2),
            _top_evidence(c),
            "yes" if c.handed_over else "no",
            c.row.disposition,
            OUTCOME.get(c.row.disposition or "", "unknown"),
        )
        for c in risky
    ]
    outcomes = Counter(str(r[-1]) for r in rows)
    return [
        Table(
            "churn_conversations",
            f"Churn-risk conversations (risk ≥ {threshold:.2f})",
            (
                "conversation_id",
                "customer_id",
                "day",
                "churn_risk",
                "evidence",
                "handed_over",
                "disposition",
                "outcome",
            ),
            rows,
        ),
        Table(
            "churn_outcomes",
            "Churn-risk outcomes",
            ("outcome", "conversations", "share_pct"),
            [
                (o, outcomes[o], _pct(outcomes[o], len(rows)))
                for o in ("retained", "left", "unknown")
            ],
        ),
    ]


def _gap_reason(t: TurnRow) -> str | None:
    decision = t.decision or {}
    if decision.get("reason") == "cannot_answer":
        return "cannot_answer"
    if decision.get("action") == "clarify":
        return "nothing_found"
    return None


def _gaps(convs: Sequence[_Conv], embed: Embed | None) -> Table:
    questions: list[tuple[str, str]] = []
    for c in convs:
        for t in c.turns:
            reason = _gap_reason(t)
            if reason:
                questions.append((t.text, reason))
    clusters: list[GapCluster] = cluster_questions(questions[-2000:], embed)
    return Table(
        "knowledge_gaps",
        "Knowledge gaps (no answer found, grouped by meaning)",
        ("cluster", "questions", "reasons", "examples"),
        [
            (
                i,
                g.count,
                ", ".join(f"{r} {n}" for r, n in g.reasons.most_common()),
                " | ".join(g.examples),
            )
            for i, g in enumerate(clusters, 1)
        ],
    )


def _answers(convs: Sequence[_Conv]) -> list[SurveyAnswer]:
    return [SurveyAnswer(s.csat, s.ces, s.nps) for c in convs for s in c.surveys]


def _surveys(convs: Sequence[_Conv]) -> list[Table]:
    slices: list[tuple[str, Callable[[_Conv], str]]] = [
        ("all", lambda c: "all"),
        ("channel", lambda c: c.row.channel or "web"),
        ("handled_by", lambda c: c.handled_by),
        ("intent", lambda c: c.first_intent),
        ("language", lambda c: c.row.language or "?"),
        ("week", lambda c: (c.day - timedelta(days=c.day.weekday())).isoformat()),
    ]
    rows: list[tuple[Cell, ...]] = []
    for dimension, key in slices:
        groups: dict[str, list[_Conv]] = defaultdict(list)
        for c in convs:
            if c.surveys:
                groups[key(c)].append(c)
        for value in sorted(groups):
            s = SurveySummary.of(_answers(groups[value]))
            rows.append(
                (
                    dimension,
                    value,
                    s.responses,
                    None if s.csat is None else round(s.csat, 1),
                    s.csat_n,
                    None if s.ces is None else round(s.ces, 2),
                    s.ces_n,
                    None if s.nps is None else round(s.nps, 1),
                    s.nps_n,
                )
            )
    overall = SurveySummary.of(_answers(convs))
    comments: list[tuple[Cell, ...]] = [
        (c.row.id, _as_utc(s.created_at).date().isoformat(), s.csat, s.ces, s.nps, s.comment)
        for c in convs
        for s in c.surveys
        if s.comment
    ]
    return [
        Table(
            "surveys",
            "Surveys: CSAT, CES, NPS",
            (
                "slice",
                "value",
                "responses",
                "csat_pct",
                "csat_n",
                "ces_mean",
                "ces_n",
                "nps",
                "nps_n",
            ),
            rows,
            "CSAT = % answering 4–5 of 5; CES = mean of 1–7; NPS = % 9–10 minus % 0–6",
        ),
        Table(
            "ces_distribution",
            "CES answers (1 = very hard, 7 = very easy)",
            ("score", "answers"),
            [(k, v) for k, v in overall.ces_distribution.items()],
        ),
        Table(
            "survey_comments",
            "Survey comments",
            ("conversation_id", "day", "csat", "ces", "nps", "comment"),
            comments[-200:],
        ),
    ]


def report_as_json(report: InsightReport) -> dict[str, object]:
    """The stable JSON form (CLI ``--json``, the console's lead view): version 1."""
    return {
        "version": 1,
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "generated_at": report.generated_at.isoformat(),
        "headlines": [
            {"label": h.label, "value": h.value, "detail": h.detail} for h in report.headlines
        ],
        "tables": [
            {
                "name": t.name,
                "title": t.title,
                "columns": list(t.columns),
                "rows": [list(r) for r in t.rows],
                "note": t.note,
            }
            for t in report.tables
        ],
    }
