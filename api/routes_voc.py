"""VOC insight for CX leads: the report as JSON (the console's lead view), as one HTML file,
and each of its tables as CSV. Leads and admins only."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.routes_http import LeadDep, RuntimeDep
from api.runtime import Runtime
from console.voc_report import render_html
from domain.errors import NotFound
from voc.csv_export import to_csv
from voc.insight import InsightReport, report_as_json

router = APIRouter(prefix="/api/voc")

Since = Annotated[date | None, Query(description="first day (UTC), default 29 days before until")]
Until = Annotated[date | None, Query(description="last day (UTC), default today")]


async def _report(rt: Runtime, since: date | None, until: date | None) -> InsightReport:
    return await rt.services.insight.report(
        since=since,
        until=until,
        churn_threshold=rt.services.settings.policy.churn_probe,
        embed=rt.services.embedder.encode,
    )


@router.get("/report")
async def report(
    rt: RuntimeDep, lead: LeadDep, since: Since = None, until: Until = None
) -> dict[str, object]:
    return report_as_json(await _report(rt, since, until))


@router.get("/report.html", response_class=HTMLResponse)
async def report_html(
    rt: RuntimeDep, lead: LeadDep, since: Since = None, until: Until = None
) -> HTMLResponse:
    report = await _report(rt, since, until)
    return HTMLResponse(
        render_html(report),
        headers={
            "Content-Disposition": f'attachment; filename="voc-{report.since}-{report.until}.html"'
        },
    )


@router.get("/export/{table}.csv")
async def export_csv(
    table: str, rt: RuntimeDep, lead: LeadDep, since: Since = None, until: Until = None
) -> Response:
    report = await _report(rt, since, until)
    try:
        t = report.table(table)
    except KeyError:
        raise NotFound(f"no table {table!r} in the VOC report") from None
    return Response(
        to_csv(t.columns, t.rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{t.name}-{report.until}.csv"'},
    )
