"""A real uvicorn server on a free loopback port, in a background thread."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from api.settings import Settings


class LiveServer:
    def __init__(self, app: Any, settings: Settings | None = None) -> None:
        from api.serving import uvicorn_config

        # Configured as `warmline serve` configures it (timeouts, pings, proxy headers).
        self.config = uvicorn_config(
            app,
            settings or Settings(),
            host="127.0.0.1",
            port=0,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(self.config)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0
        self.data_dir: Path | None = None

    def _run(self) -> None:
        asyncio.run(self.server.serve())

    def start(self, timeout: float = 600.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("server thread died during start-up")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start")
            time.sleep(0.05)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
