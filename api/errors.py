"""Maps the one error hierarchy to HTTP statuses, WebSocket error frames and close codes."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from domain.errors import (
    ConfigurationError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyRequests,
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
    (TooManyRequests, 429),
    (UpstreamError, 502),
    (ConfigurationError, 500),
]

WS_CLOSE_UNAUTHORIZED = 4401
WS_CLOSE_FORBIDDEN = 4403
WS_CLOSE_NOT_FOUND = 4404
WS_CLOSE_TIMEOUT = 4408  # no hello / auth frame in time
WS_CLOSE_TRY_AGAIN_LATER = 1013  # too many sockets from this address


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


def retry_after_s(exc: TooManyRequests) -> int:
    """Whole seconds for a Retry-After header: never 0, so a client does not retry at once."""
    return max(1, math.ceil(exc.retry_after))


def frame_for(exc: WarmlineError, ref: Any = None) -> dict[str, Any]:
    frame = error_frame(exc.code, exc.message, ref)
    if isinstance(exc, TooManyRequests):
        frame["retry_after"] = round(exc.retry_after, 1)
    return frame


def _error_response(exc: WarmlineError) -> JSONResponse:
    headers = {}
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(retry_after_s(exc))
    return JSONResponse(
        {"error": {"code": exc.code, "message": exc.message}},
        status_code=http_status(exc),
        headers=headers,
    )


async def handle_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WarmlineError)
    return _error_response(exc)


async def handle_validation(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own request validation, in the same error shape as everything else."""
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    return _error_response(InvalidInput("; ".join(problems) or "invalid request"))
