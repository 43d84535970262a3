"""Console sessions: the token never rides in a URL, sign-out and expiry end an open socket at
once, expired tokens are purged, and password guessing is throttled."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from sqlalchemy import func, select
from websockets.exceptions import ConnectionClosed

from tests.integration.clients import Client, Customer, console, of_type, sign_in
from tests.integration.server import LiveServer


async def closed_with(c: Client, timeout: float = 10.0) -> int | None:
    """Wait for the server to close ``c``; the close code it sent."""
    with pytest.raises(ConnectionClosed) as closed:
        await c.expect(lambda f: False, timeout=timeout)
    return closed.value.rcvd.code if closed.value.rcvd else None


def addr(n: int) -> dict[str, str]:
    """Pose as client address 198.51.100.n (the limited server trusts one proxy hop)."""
    return {"X-Forwarded-For": f"198.51.100.{n}"}


async def test_console_socket_authenticates_with_a_first_frame_not_the_url(
    live_server: LiveServer,
) -> None:
    token = await sign_in(live_server.http, "sam")
    c = await Client.open(f"{live_server.ws}/ws/console")
    await c.send({"type": "auth", "token": token})
    await c.expect(of_type("queue"), timeout=10)
    await c.close()

    # A token in the URL (where access logs record it) is not a way in any more.
    url = await Client.open(f"{live_server.ws}/ws/console?token={token}")
    await url.send({"type": "ping"})
    assert (await url.expect(of_type("error")))["code"] == "unauthorized"
    assert await closed_with(url) == 4401


async def test_logout_stops_an_open_console_socket_at_once(live_server: LiveServer) -> None:
    http, ws = live_server.http, live_server.ws
    token = await sign_in(http, "sam")
    agent = await console(ws, token)
    async with httpx.AsyncClient(base_url=http) as client:
        r = await client.post("/api/auth/logout", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200
    # No action from the agent needed: the socket is told and closed.
    assert (await agent.expect(of_type("error"), timeout=5))["code"] == "unauthorized"
    assert await closed_with(agent, timeout=5) == 4401

    # A handoff after the sign-out reaches no one on that socket.
    customer = await Customer.start(ws)
    await customer.send({"type": "request_human"})
    await customer.expect(of_type("state", state="queued"))
    assert not [f for f in agent.frames if f.get("conversation_id") == customer.conversation_id]
    await customer.close()


async def test_an_expired_session_closes_the_socket_and_is_purged(
    limited_server: LiveServer,
) -> None:
    from voc.db import make_engine, sqlite_url
    from voc.models import SessionTokenRow

    # WARMLINE_SESSION_TTL_MINUTES=0.05 there: a token lives 3 s.
    token = await sign_in(limited_server.http, "alex", headers=addr(1))
    started = time.monotonic()
    agent = await console(limited_server.ws, token, addr(1))
    assert (await agent.expect(of_type("error"), timeout=10))["code"] == "unauthorized"
    assert await closed_with(agent) == 4401
    assert time.monotonic() - started < 6  # at expiry, not at some later action
    async with httpx.AsyncClient(base_url=limited_server.http) as client:
        r = await client.get("/api/queue", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401

    # Signing in again purges the expired token rows.
    await sign_in(limited_server.http, "alex", headers=addr(1))
    assert limited_server.data_dir is not None
    engine = make_engine(sqlite_url(limited_server.data_dir))
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(func.count()).select_from(SessionTokenRow))
            assert rows.scalar_one() == 1
    finally:
        await engine.dispose()


async def _login(client: httpx.AsyncClient, username: str, password: str, n: int) -> httpx.Response:
    return await client.post(
        "/api/auth/login", json={"username": username, "password": password}, headers=addr(n)
    )


async def test_wrong_passwords_lock_the_username_out_even_for_the_right_password(
    limited_server: LiveServer,
) -> None:
    # WARMLINE_LIMIT_LOGIN_FAILURES_PER_USERNAME=3, lockout 1 s then doubling.
    async with httpx.AsyncClient(base_url=limited_server.http) as client:
        for n in range(3):  # from different addresses: the username's own budget
            assert (await _login(client, "sam", "guess", 10 + n)).status_code == 401
        locked = await _login(client, "sam", "warmline-demo", 13)
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(locked.headers["Retry-After"]) <= 2
        await asyncio.sleep(float(locked.headers["Retry-After"]))
        assert (await _login(client, "sam", "warmline-demo", 13)).status_code == 200
        # A success clears the username's count.
        for _ in range(2):
            assert (await _login(client, "sam", "guess", 14)).status_code == 401
        assert (await _login(client, "sam", "warmline-demo", 14)).status_code == 200


async def test_one_address_guessing_many_usernames_is_locked_out(
    limited_server: LiveServer,
) -> None:
    # WARMLINE_LIMIT_LOGIN_FAILURES_PER_ADDRESS=6.
    async with httpx.AsyncClient(base_url=limited_server.http) as client:
        for i in range(6):
            assert (await _login(client, f"nobody{i}", "guess", 20)).status_code == 401
        assert (await _login(client, "lee", "warmline-demo", 20)).status_code == 429
        # The same account from another address is fine.
        assert (await _login(client, "lee", "warmline-demo", 21)).status_code == 200


async def test_concurrent_guesses_do_not_slip_past_the_limit(limited_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=limited_server.http) as client:
        answers = await asyncio.gather(*(_login(client, "ghost", "guess", 30) for _ in range(20)))
    codes = [r.status_code for r in answers]
    assert codes.count(401) <= 3  # the username's budget, however fast they come
    assert codes.count(429) >= 17
