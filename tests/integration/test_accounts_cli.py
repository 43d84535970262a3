"""`warmline accounts`: real accounts for a deployment, passwords never on the command line;
demo accounts only in demo mode."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from api.wiring import open_accounts
from domain.errors import Conflict, InvalidInput, Unauthorized


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WARMLINE_DEMO", raising=False)
    return tmp_path


def invoke(*args: str, stdin: str = "") -> str:
    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception:
        raise result.exception
    return result.output


async def sign_in(username: str, password: str) -> str:
    async with open_accounts(Settings()) as store:
        token, _ = await store.sign_in(username, password)
        return token


async def still_valid(token: str) -> bool:
    async with open_accounts(Settings()) as store:
        try:
            await store.session(token)
        except Unauthorized:
            return False
        return True


def test_accounts_lifecycle(env: Path) -> None:
    out = invoke(
        "accounts", "create", "dana", "--name", "Dana Ruiz", "--role", "lead",
        "--password-stdin", stdin="correct horse battery\n",
    )  # fmt: skip
    assert "created dana (lead)" in out
    rows = [json.loads(line) for line in invoke("accounts", "list", "--json").splitlines()]
    assert rows == [
        {"username": "dana", "display_name": "Dana Ruiz", "role": "lead", "disabled": False}
    ]
    token = asyncio.run(sign_in("dana", "correct horse battery"))

    invoke("accounts", "set-password", "dana", "--password-stdin", stdin="a new long secret\n")
    assert not asyncio.run(still_valid(token))  # a changed password ends sessions
    with pytest.raises(Unauthorized):
        asyncio.run(sign_in("dana", "correct horse battery"))
    token = asyncio.run(sign_in("dana", "a new long secret"))

    invoke("accounts", "disable", "dana")
    assert not asyncio.run(still_valid(token))
    with pytest.raises(Unauthorized):
        asyncio.run(sign_in("dana", "a new long secret"))
    assert "(disabled)" in invoke("accounts", "list")
    invoke("accounts", "enable", "dana")
    asyncio.run(sign_in("dana", "a new long secret"))

    invoke("accounts", "delete", "dana")
    assert invoke("accounts", "list") == ""


def test_prompted_password_must_be_confirmed(env: Path) -> None:
    out = invoke("accounts", "create", "eve", stdin="long enough pw\nlong enough pw\n")
    assert "created eve (agent)" in out
    asyncio.run(sign_in("eve", "long enough pw"))


def test_bad_accounts_are_refused(env: Path) -> None:
    with pytest.raises(InvalidInput):
        invoke("accounts", "create", "x", "--role", "root", "--password-stdin", stdin="pw" * 8)
    with pytest.raises(InvalidInput):
        invoke("accounts", "create", "x", "--password-stdin", stdin="short\n")
    invoke("accounts", "create", "x", "--password-stdin", stdin="long enough pw\n")
    with pytest.raises(Conflict):
        invoke("accounts", "create", "x", "--password-stdin", stdin="long enough pw\n")


async def test_demo_accounts_only_in_demo_mode(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.wiring import seed_demo_accounts

    async def demo_accounts(demo: bool) -> list[str]:
        monkeypatch.setenv("WARMLINE_DEMO", "1" if demo else "0")
        settings = Settings()
        async with open_accounts(settings) as store:
            await seed_demo_accounts(settings, store)
            return [a.username for a in await store.all_accounts()]

    assert Settings().server.demo is False  # the default: a deployment gets no demo accounts
    assert await demo_accounts(False) == []
    assert await demo_accounts(True) == ["alex", "ava", "lee", "sam"]


async def test_leftover_demo_accounts_are_reported_outside_demo_mode(
    env: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from api.wiring import seed_demo_accounts

    monkeypatch.setenv("WARMLINE_DEMO", "1")
    async with open_accounts(Settings()) as store:
        await seed_demo_accounts(Settings(), store)  # a data folder that once ran the demo
        await store.set_password("sam", "a real password now")
    monkeypatch.setenv("WARMLINE_DEMO", "0")
    with caplog.at_level("WARNING", logger="api.wiring"):
        async with open_accounts(Settings()) as store:
            await seed_demo_accounts(Settings(), store)
    warned = sorted(r.args[0] for r in caplog.records if r.args)  # type: ignore[index]
    assert warned == ["alex", "ava", "lee"]
