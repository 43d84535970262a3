"""Per-process runtime state shared by the routes: services plus background tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from starlette.requests import HTTPConnection

from api.limits import client_address
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
        self.limits = services.limits
        self._proxy_hops = services.settings.server.trusted_proxy_hops
        self._tasks: set[asyncio.Task[Any]] = set()

    def client_address(self, conn: HTTPConnection) -> str:
        """The address the per-address limits count against (see ``trusted_proxy_hops``)."""
        return client_address(conn, self._proxy_hops)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run work that must finish even if the socket that asked for it goes away."""
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self, grace_s: float = 10.0) -> None:
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace_s)
