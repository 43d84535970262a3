"""Retention: erase the content of closed conversations older than WARMLINE_RETENTION_DAYS, at
start-up and then once a day, in the server process (``warmline erase --expired`` does the same
from the shell)."""

from __future__ import annotations

import asyncio
import logging

from voc.erasure import Eraser

log = logging.getLogger(__name__)

DAY_S = 24 * 3600.0


async def retention_loop(eraser: Eraser, days: int, *, every_s: float = DAY_S) -> None:
    while True:
        try:
            report = await eraser.erase_expired(days)
            if report.conversations:
                log.info("retention (%d days): %s", days, report.line())
        except asyncio.CancelledError:
            raise
        except Exception:  # one failed pass must not stop the next day's
            log.exception("retention pass failed")
        await asyncio.sleep(every_s)
