"""Erasing the agent's memory: the LangGraph checkpoints of given conversations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class CheckpointEraser:
    """Deletes every checkpoint and pending write of a conversation's thread (the thread id is
    the conversation id). Works with any LangGraph saver (``adelete_thread``)."""

    def __init__(self, checkpointer: Any) -> None:
        self._saver = checkpointer

    async def forget(self, conversation_ids: Sequence[str]) -> None:
        for cid in conversation_ids:
            await self._saver.adelete_thread(cid)
        conn = getattr(self._saver, "conn", None)
        if conn is not None and type(conn).__module__.startswith("aiosqlite"):
            # SQLite keeps deleted rows in free pages and the WAL until the file is rewritten.
            async with self._saver.lock:
                await conn.execute("VACUUM")
                await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
