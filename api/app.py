"""The FastAPI application: lifespan wiring, routers, error mapping."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from api import routes_audit, routes_http, routes_voc, ws_console, ws_customer
from api.errors import handle_http, handle_validation
from api.retention import retention_loop
from api.runtime import Runtime
from api.settings import Settings
from api.wiring import build_services
from console import routes as console_routes
from domain.errors import WarmlineError


def create_app(settings: Settings | None = None, **overrides: Any) -> FastAPI:
    """``overrides`` (embedder, understander) let tests share models across app instances."""
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with build_services(settings, **overrides) as services:
            runtime = Runtime(services)
            app.state.runtime = runtime
            # Turns a crash or a deploy cut off are answered now, not at the customer's next
            # message (which would get the previous question's answer).
            runtime.spawn(services.switchboard.resume_pending())
            retention = None
            if settings.privacy.retention_days:
                retention = asyncio.create_task(
                    retention_loop(services.eraser, settings.privacy.retention_days)
                )
            yield
            if retention is not None:
                retention.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await retention
            await runtime.drain()

    docs = settings.server.api_docs
    app = FastAPI(
        title="Warmline",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.add_middleware(
        console_routes.HtmlSecurityHeaders,
        loose_csp_paths=frozenset({"/docs", "/redoc"} if docs else ()),
    )
    app.add_exception_handler(WarmlineError, handle_http)
    app.add_exception_handler(RequestValidationError, handle_validation)
    app.include_router(routes_http.router)
    app.include_router(routes_audit.router)
    app.include_router(routes_voc.router)
    app.include_router(ws_customer.router)
    app.include_router(ws_console.router)
    app.include_router(console_routes.router)
    console_routes.mount_static(app)
    return app
