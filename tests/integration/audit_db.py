"""Databases for audit-log tests: a SQLite file, or a private PostgreSQL database per test.

PostgreSQL tests get a database of their own (created and dropped here), so they never touch
tables other tests or helpers use in the shared ``test`` database. Without a server they skip;
in CI (``CI`` set) a missing server fails instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from voc.db import create_schema, make_engine, sqlite_url
from voc.models import Base

PG_URL = os.environ.get("WARMLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


async def pg_available() -> bool:
    engine = make_engine(PG_URL)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("select 1"))
        return True
    except Exception:
        return False
    finally:
        await engine.dispose()


async def require_pg() -> None:
    if not await pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}")
        pytest.skip("PostgreSQL not running")


@asynccontextmanager
async def private_pg_database() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database; yields its URL and drops it afterwards."""
    name = "warmline_audit_" + secrets.token_hex(6)
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@asynccontextmanager
async def database(
    kind: str, tmp_path: Path, pg_url: str | None = None
) -> AsyncIterator[tuple[str, AsyncEngine]]:
    """(url, engine with a fresh schema) on SQLite, or on PostgreSQL in ``pg_url`` (a private
    database, emptied here) or in a private database made for this call."""
    if kind == "sqlite":
        url = sqlite_url(tmp_path)
        engine = make_engine(url)
        await create_schema(engine)
        try:
            yield url, engine
        finally:
            await engine.dispose()
        return
    await require_pg()
    async with contextlib.AsyncExitStack() as stack:
        url = pg_url or await stack.enter_async_context(private_pg_database())
        engine = make_engine(url)
        stack.push_async_callback(engine.dispose)
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)
        await create_schema(engine)
        yield url, engine
