"""``warmline audit head`` and ``warmline audit verify`` as an operator runs them (real
subprocesses) against the deployment's database: a SQLite data folder or PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.audit_db import database
from voc.audit import AuditKind, AuditLog

ROOT = Path(__file__).parents[2]


@pytest.fixture(params=["sqlite", "postgres"])
async def deployment(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[dict[str, str], AsyncEngine]]:
    async with database(request.param, tmp_path) as (url, engine):
        env = {**os.environ, "WARMLINE_DATA_DIR": str(tmp_path)}
        env.pop("WARMLINE_DATABASE_URL", None)
        if request.param == "postgres":
            env["WARMLINE_DATABASE_URL"] = url
        yield env, engine


def warmline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "audit", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def test_head_and_verify_catch_an_edit_and_a_lost_anchor(
    deployment: tuple[dict[str, str], AsyncEngine],
) -> None:
    env, engine = deployment
    log = AuditLog(engine)
    for i in range(5):
        await log.record(AuditKind.SURVEY, actor="customer", subject="c_1", content={"csat": i})

    head = warmline(env, "head")
    assert head.returncode == 0, head.stderr
    anchored = head.stdout.strip()
    assert anchored == str(await log.head()) and anchored.startswith("5:")

    ok = warmline(env, "verify", "--expect-head", anchored)
    assert ok.returncode == 0, ok.stderr
    assert "audit log OK: 5 entries" in ok.stdout and "anchored head" in ok.stdout

    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE audit_log SET content = :c WHERE seq = 3"), {"c": '{"csat":5}'}
        )
    bad = warmline(env, "verify", "--json")
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["ok"] is False and report["first_bad_seq"] == 3
    assert report["problems"][0]["reason"] == "content_altered"

    # Someone deletes the newest entry and rewinds the head record: only the anchor tells.
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE audit_log SET content = :c WHERE seq = 3"), {"c": '{"csat":2}'}
        )
        await conn.execute(text("DELETE FROM audit_log WHERE seq = 5"))
        await conn.execute(
            text(
                "UPDATE audit_head SET seq = 4, entry_hash = "
                "(SELECT entry_hash FROM audit_log WHERE seq = 4)"
            )
        )
    assert warmline(env, "verify").returncode == 0
    lost = warmline(env, "verify", "--expect-head", anchored)
    assert lost.returncode == 1
    assert "TAMPERED: first bad entry is 5 (anchor_missing)" in lost.stderr
