"""The auditor's HTTP routes: search, read a trace, export, erase. Thin: parse, call, record.

Every route needs a Bearer token of role ``auditor`` (or ``admin``), and every access is itself
recorded in the audit log (``auditor_search``, ``auditor_read``, ``auditor_export``,
``erasure``), so who looked at which conversation is on the record too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.routes_http import AgentDep, RuntimeDep
from api.runtime import Runtime
from domain.errors import Forbidden, InvalidInput
from voc.accounts import AgentAccount
from voc.audit import AuditKind
from voc.audit_export import to_csv, to_jsonl, trace_as_dict
from voc.audit_query import SEARCH_SUBJECT, AuditFilter, AuditQueries, ConversationTrace

router = APIRouter(prefix="/api/audit")

AUDIT_ROLES = {"auditor", "admin"}


def auditor(agent: AgentDep) -> AgentAccount:
    if agent.role not in AUDIT_ROLES:
        raise Forbidden("only auditors and admins may read the audit view")
    return agent


AuditorDep = Annotated[AgentAccount, Depends(auditor)]


class SearchParams(BaseModel):
    customer_id: str | None = Field(default=None, max_length=128)
    since: date | None = None  # first day, inclusive (UTC)
    until: date | None = None  # last day, inclusive (UTC)
    intent: str | None = Field(default=None, max_length=64)
    escalated: bool | None = None
    churn_min: float | None = Field(default=None, ge=0.0, le=1.0)
    emotion: str | None = Field(default=None, max_length=32)
    agent: str | None = Field(default=None, max_length=128)
    disposition: str | None = Field(default=None, max_length=32)
    injection: bool | None = None
    q: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=100, ge=1, le=500)

    def to_filter(self) -> AuditFilter:
        def blank(v: str | None) -> str | None:
            return v.strip() or None if v else None

        return AuditFilter(
            customer_id=blank(self.customer_id),
            since=datetime.combine(self.since, time.min, UTC) if self.since else None,
            until=(
                datetime.combine(self.until + timedelta(days=1), time.min, UTC)
                if self.until
                else None
            ),
            intent=blank(self.intent),
            escalated=self.escalated,
            churn_min=self.churn_min,
            emotion=blank(self.emotion),
            agent=blank(self.agent),
            disposition=blank(self.disposition),
            injection_flagged=self.injection,
            text=blank(self.q),
            limit=self.limit,
        )


class ExportParams(SearchParams):
    format: Literal["csv", "jsonl"] = "csv"
    conversation_id: str | None = Field(default=None, max_length=64)


class EraseIn(BaseModel):
    customer_id: str = Field(min_length=1, max_length=128)
    # The auditor types the customer id again: an erasure cannot be undone.
    confirm: str = Field(min_length=1, max_length=128)


def queries(rt: Runtime) -> AuditQueries:
    return AuditQueries(rt.services.store.engine)


async def _record(
    rt: Runtime, kind: AuditKind, actor: AgentAccount, subject: str, content: dict[str, Any]
) -> None:
    await rt.services.audit.record(kind, actor=actor.username, subject=subject, content=content)


@router.get("/conversations")
async def search(
    params: Annotated[SearchParams, Query()], rt: RuntimeDep, who: AuditorDep
) -> dict[str, Any]:
    f = params.to_filter()
    items = await queries(rt).search(f)
    await _record(
        rt,
        AuditKind.AUDITOR_SEARCH,
        who,
        SEARCH_SUBJECT,
        {"filters": f.described(), "results": len(items)},
    )
    return {"items": items}


@router.get("/conversations/{conversation_id}")
async def read(conversation_id: str, rt: RuntimeDep, who: AuditorDep) -> dict[str, Any]:
    trace = await queries(rt).conversation(conversation_id)
    await _record(rt, AuditKind.AUDITOR_READ, who, conversation_id, {"turns": len(trace.turns)})
    return trace_as_dict(trace)


@router.get("/export")
async def export(
    params: Annotated[ExportParams, Query()], rt: RuntimeDep, who: AuditorDep
) -> Response:
    q = queries(rt)
    traces: list[ConversationTrace]
    if params.conversation_id:
        traces = [await q.conversation(params.conversation_id)]
        scope: dict[str, Any] = {"conversation_id": params.conversation_id}
    else:
        f = params.to_filter()
        traces = await q.conversations([s.id for s in await q.search(f)])
        scope = {"filters": f.described()}
    await _record(
        rt,
        AuditKind.AUDITOR_EXPORT,
        who,
        params.conversation_id or SEARCH_SUBJECT,
        {**scope, "format": params.format, "conversations": [t.summary.id for t in traces]},
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"warmline-audit-{params.conversation_id or 'search'}-{stamp}.{params.format}"
    if params.format == "csv":
        body, media = to_csv(traces), "text/csv; charset=utf-8"
    else:
        body, media = to_jsonl(traces), "application/x-ndjson; charset=utf-8"
    return Response(
        body.encode("utf-8"),
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/erase")
async def erase(body: EraseIn, rt: RuntimeDep, who: AuditorDep) -> dict[str, Any]:
    if body.confirm.strip() != body.customer_id.strip():
        raise InvalidInput("type the customer id again to confirm the erasure", code="unconfirmed")
    report = await rt.services.eraser.erase_customer(body.customer_id, actor=who.username)
    return {
        "conversations": len(report.conversations),
        "turns": report.turns,
        "handoffs": report.handoffs,
        "surveys": report.surveys,
        "audit_entries": report.audit_entries,
        "pseudonym": report.pseudonym,
    }
