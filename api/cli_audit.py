"""``warmline audit …``: check the audit chain and print its head for anchoring elsewhere.

Opens the deployment's database the way the server does (``api.wiring.open_database``), so it
checks the same log the server writes, on SQLite or PostgreSQL. No model is loaded.
"""

from __future__ import annotations

import asyncio
import getpass
import json
from collections.abc import Mapping
from typing import Annotated

import typer

from api.settings import Settings
from voc.audit import AuditHead, AuditKind, AuditLog
from voc.audit_verify import VerifyReport, verify_chain

audit_app = typer.Typer(help="Audit log: verify the chain, print its head.", no_args_is_help=True)


async def _verify(settings: Settings, anchor: AuditHead | None) -> VerifyReport:
    from api.wiring import open_database

    async with open_database(settings) as engine:
        return await verify_chain(engine, anchor=anchor)


async def _head(settings: Settings) -> AuditHead:
    from api.wiring import open_database

    async with open_database(settings) as engine:
        return await AuditLog(engine).head()


def print_report(report: VerifyReport, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        return
    if report.ok:
        anchored = f"; anchored head {report.anchor} found" if report.anchor_found else ""
        typer.echo(
            f"audit log OK: {report.entries} entries ({report.erased} with erased content), "
            f"head {report.last or '0:' + '0' * 64}{anchored}"
        )
        return
    first = report.first
    assert first is not None
    typer.echo(
        f"audit log TAMPERED: first bad entry is {first.seq} ({first.reason}): {first.detail}",
        err=True,
    )
    for problem in report.problems[1:10]:
        typer.echo(f"  also {problem}", err=True)
    if len(report.problems) > 10:
        typer.echo(f"  … and {len(report.problems) - 10} more", err=True)


@audit_app.command("verify")
def verify(
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            help="SEQ:HASH from an earlier `warmline audit head`, kept outside the database: "
            "fails if that entry is gone or different (the only way to catch a deleted tail)",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Check the whole chain; exit 1 naming the first bad entry on any edit, deletion,
    insertion or reordering."""
    try:
        anchor = AuditHead.parse(expect_head) if expect_head else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--expect-head") from None
    report = asyncio.run(_verify(Settings(), anchor))
    print_report(report, as_json)
    raise typer.Exit(0 if report.ok else 1)


@audit_app.command("head")
def head(
    as_json: Annotated[bool, typer.Option("--json", help="Print {seq, hash} as JSON")] = False,
) -> None:
    """Print the current head as SEQ:HASH; keep it somewhere the database's admins cannot
    write, and pass it to `audit verify --expect-head` later."""
    current = asyncio.run(_head(Settings()))
    if as_json:
        typer.echo(json.dumps({"seq": current.seq, "hash": current.entry_hash}))
    else:
        typer.echo(str(current))


def operator() -> str:
    """Who ran a command, as the audit log names them."""
    try:
        return "operator:" + getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "operator"


async def record_from_cli(kind: AuditKind, *, subject: str, content: Mapping[str, object]) -> None:
    """Record something a CLI command changed, in the deployment's audit log."""
    from api.wiring import open_database

    async with open_database(Settings()) as engine:
        await AuditLog(engine).record(kind, actor=operator(), subject=subject, content=content)
