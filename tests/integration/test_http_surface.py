"""What the HTTP side shows to anyone: pages carry their protection, API docs stay off, and bad
input gets a clear error, never a traceback."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from console.routes import SECURITY_HEADERS
from tests.integration.clients import sign_in
from tests.integration.server import LiveServer

HTML_PAGES = ["/", "/console", "/static/console.html", "/static/index.html"]


@pytest.mark.parametrize("path", HTML_PAGES)
async def test_every_html_page_carries_the_security_headers(
    live_server: LiveServer, path: str
) -> None:
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, name
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


async def test_api_docs_are_off_by_default(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            assert (await http.get(path)).status_code == 404, path


async def test_api_docs_can_be_switched_on(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARMLINE_API_DOCS", "true")
    app = create_app(Settings.for_data_dir(tmp_path))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/openapi.json")).json()["info"]["title"] == "Warmline"
        docs = await http.get("/docs")
        assert docs.status_code == 200
        # framing is still refused on the docs page
        assert docs.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "bad_name",
    ["\x00", "en\x00/x.md", "a" * 300, "\u202edm.exe", "line\nbreak"],
    ids=["nul", "nul-inside", "name-too-long", "bidi-control", "newline"],
)
async def test_invalid_ingest_paths_get_a_clear_error(
    live_server: LiveServer, bad_name: str
) -> None:
    kb_path = live_server.config.app.state.runtime.services.settings.knowledge.kb_path
    bad_path = f"{kb_path}/{bad_name}"
    token = await sign_in(live_server.http, "lee")
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.post(
            "/api/kb/ingest",
            json={"path": bad_path},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert r.status_code in (400, 422), r.text
    error = r.json()["error"]
    assert error["code"] == "invalid" and "path" in error["message"]
    assert "Traceback" not in r.text and "ValueError" not in r.text


async def test_request_validation_errors_use_the_one_error_shape(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.http) as http:
        r = await http.post("/api/auth/login", json={"username": "", "password": 7})
        assert r.status_code == 422
        body = r.json()
        assert set(body) == {"error"} and body["error"]["code"] == "invalid"
        assert "username" in body["error"]["message"]
        r = await http.post(
            "/api/auth/login", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid"
