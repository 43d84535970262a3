"""Per-process runtime state shared by the routes: services plus background tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from api.wiring import Services
from domain.types import Disclosure

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.max_frame_bytes = services.settings.server.max_frame_bytes
        server = services.settings.server
        self.disclosure = Disclosure.of(server.disclosure, server.disclosure_version)
        secret = services.settings.server.widget_secret
        self.widget_secret = secret.get_secret_value() if secret else None
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run work that must finish even if the socket that asked for it goes away."""
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self, grace_s: float = 10.0) -> None:
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace_s)
