"""Serves the web pages: the demo page with the widget, the widget script and the console."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = Path(__file__).parent / "static"

router = APIRouter()

# Pages must not be framed by other sites, and scripts only come from us.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
}


class HtmlSecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every ``text/html`` response, whichever route or mount
    served it (``/static/*.html`` included), so no page can be framed by another site.

    ``loose_csp_paths`` (the API docs, when switched on) load their scripts from a CDN: they get
    every header except that their CSP only forbids framing.
    """

    def __init__(self, app: ASGIApp, loose_csp_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.loose_csp_paths = loose_csp_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loose = scope.get("path") in self.loose_csp_paths

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    for name, value in SECURITY_HEADERS.items():
                        if loose and name == "Content-Security-Policy":
                            value = "frame-ancestors 'none'"
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _page(name: str, media_type: str = "text/html") -> FileResponse:
    return FileResponse(STATIC / name, media_type=media_type, headers=SECURITY_HEADERS)


@router.get("/", include_in_schema=False)
async def demo_page() -> FileResponse:
    return _page("index.html")


@router.get("/console", include_in_schema=False)
async def console_page() -> FileResponse:
    return _page("console.html")


@router.get("/lead", include_in_schema=False)
async def lead_page() -> FileResponse:
    return _page("lead.html")


@router.get("/audit", include_in_schema=False)
async def audit_page() -> FileResponse:
    return _page("audit.html")


@router.get("/widget.js", include_in_schema=False)
async def widget_script() -> FileResponse:
    # The widget is embedded on other sites: allow cross-origin loading of the script itself.
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript",
        headers={"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"},
    )


def mount_static(app) -> None:  # type: ignore[no-untyped-def]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
