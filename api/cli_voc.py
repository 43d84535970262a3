"""``warmline voc``: the VOC insight report for CX leads, from the shell."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.settings import Settings

voc_app = typer.Typer(no_args_is_help=True)


def _date(value: str | None, name: str) -> date | None:
    from domain.errors import InvalidInput

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--{name} must be a date like 2026-11-01, not {value!r}") from None


@voc_app.command("report")
def report_cmd(
    since: Annotated[str | None, typer.Option(help="first day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="last day, YYYY-MM-DD (default today)")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="write the HTML report here")] = None,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv-dir", help="write one CSV per table into this folder")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Volume, containment, handoff reasons, intents, emotion, churn-risk outcomes, knowledge
    gaps and CSAT/CES/NPS for a date window (default: the last 30 days)."""
    from api.wiring import build_embedder, database_url
    from console.voc_report import render_html
    from voc.csv_export import to_csv
    from voc.db import create_schema, make_engine
    from voc.insight import VocInsight, report_as_json

    first, last = _date(since, "since"), _date(until, "until")
    settings = Settings()
    embedder = build_embedder(settings)

    async def run() -> None:
        engine = make_engine(database_url(settings))
        try:
            await create_schema(engine)
            report = await VocInsight(engine).report(
                since=first,
                until=last,
                churn_threshold=settings.policy.churn_probe,
                embed=embedder.encode,
            )
        finally:
            await engine.dispose()
        if html:
            html.write_text(render_html(report), encoding="utf-8")
            typer.echo(f"wrote {html}", err=True)
        if csv_dir:
            csv_dir.mkdir(parents=True, exist_ok=True)
            for t in report.tables:
                (csv_dir / f"{t.name}.csv").write_text(to_csv(t.columns, t.rows), encoding="utf-8")
            typer.echo(f"wrote {len(report.tables)} CSV files to {csv_dir}", err=True)
        if as_json:
            typer.echo(json.dumps(report_as_json(report), ensure_ascii=False, indent=1))
        elif not html and not csv_dir:
            typer.echo(f"VOC report {report.since} – {report.until}")
            for h in report.headlines:
                typer.echo(f"  {h.label:<26} {h.value:>8}  {h.detail}")

    asyncio.run(run())
