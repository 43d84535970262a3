"""Async SQLAlchemy engine: a SQLite file by default, PostgreSQL when configured."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, event, inspect, literal
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from voc.models import Base


def sqlite_url(data_dir: Path) -> str:
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{(data_dir / 'warmline.db').resolve()}"


def make_engine(url: str) -> AsyncEngine:
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    engine = create_async_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if url.startswith("sqlite"):
        # WAL lets readers proceed while a turn is written; FKs are off by default in SQLite.
        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

    return engine


async def create_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(_add_missing_columns)


def _add_missing_columns(conn: Connection) -> None:
    """``create_all`` makes missing tables but not missing columns: add the columns a newer
    version introduced (nullable, or with a plain default) to tables an older one created, so an
    existing data folder keeps working (until migrations replace this)."""
    inspector = inspect(conn)
    for table in Base.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            ddl = column.type.compile(dialect=conn.dialect)
            if not column.nullable:
                # Existing rows need a value: only a plain scalar default can supply one.
                default = getattr(column.default, "arg", None)
                if not isinstance(default, str | int | float) or callable(default):
                    continue
                literal_default = literal(default).compile(
                    dialect=conn.dialect, compile_kwargs={"literal_binds": True}
                )
                ddl += f" NOT NULL DEFAULT {literal_default}"
            guard = "IF NOT EXISTS " if conn.dialect.name == "postgresql" else ""
            conn.exec_driver_sql(
                f'ALTER TABLE "{table.name}" ADD COLUMN {guard}"{column.name}" {ddl}'
            )


def sessionmaker_for(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    return async_sessionmaker(engine, expire_on_commit=False)
