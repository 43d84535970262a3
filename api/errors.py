"""Maps the one error hierarchy to HTTP statuses, WebSocket error frames and close codes."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from domain.errors import (
    ConfigurationError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
    UpstreamError,
    WarmlineError,
)

HTTP_STATUS: list[tuple[type[WarmlineError], int]] = [
    (InvalidInput, 422),
    (NotFound, 404),
    (Conflict, 409),
    (Unauthorized, 401),
    (Forbidden, 403),
    (UpstreamError, 502),
    (ConfigurationError, 500),
]

WS_CLOSE_UNAUTHORIZED = 4401
WS_CLOSE_FORBIDDEN = 4403
WS_CLOSE_NOT_FOUND = 4404


def http_status(exc: WarmlineError) -> int:
    for cls, status in HTTP_STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_frame(code: str, message: str, ref: Any = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if ref is not None:
        frame["ref"] = ref
    return frame


def frame_for(exc: WarmlineError, ref: Any = None) -> dict[str, Any]:
    return error_frame(exc.code, exc.message, ref)


async def handle_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WarmlineError)
    return JSONResponse(
        {"error": {"code": exc.code, "message": exc.message}}, status_code=http_status(exc)
    )
