"""``warmline accounts``: console accounts for a real deployment (demo accounts exist only in
demo mode). Passwords come from a prompt or stdin, never from the command line, where shell
history and ``ps`` would show them."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer

from api.settings import Settings
from voc.accounts import ROLES, AccountStore

accounts_app = typer.Typer(
    help="Console accounts: create, list, change, disable, delete.", no_args_is_help=True
)
T = TypeVar("T")

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin (for scripts)"
    ),
]


def _with_accounts(work: Callable[[AccountStore], Awaitable[T]]) -> T:
    from api.wiring import open_accounts

    async def run() -> T:
        async with open_accounts(Settings()) as store:
            return await work(store)

    return asyncio.run(run())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@accounts_app.command("create")
def create(
    username: str,
    name: Annotated[str, typer.Option(help="Display name shown to customers")] = "",
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}")] = "agent",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a console account."""
    password = _password(password_stdin)
    account = _with_accounts(lambda s: s.create(username, password, name or username, role))
    typer.echo(f"created {account.username} ({account.role})")


@accounts_app.command("list")
def list_accounts(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List console accounts."""
    accounts = _with_accounts(lambda s: s.all_accounts())
    for a in accounts:
        if as_json:
            row = {
                "username": a.username,
                "display_name": a.display_name,
                "role": a.role,
                "disabled": a.disabled,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            flag = "  (disabled)" if a.disabled else ""
            typer.echo(f"{a.username:<20} {a.role:<8} {a.display_name}{flag}")


@accounts_app.command("set-password")
def set_password(username: str, password_stdin: PasswordStdin = False) -> None:
    """Change an account's password; its open sessions end."""
    password = _password(password_stdin)
    _with_accounts(lambda s: s.set_password(username, password))
    typer.echo(f"password changed for {username}; its sessions ended")


@accounts_app.command("disable")
def disable(username: str) -> None:
    """Stop an account signing in; its open sessions end."""
    _with_accounts(lambda s: s.set_disabled(username, True))
    typer.echo(f"disabled {username}")


@accounts_app.command("enable")
def enable(username: str) -> None:
    """Let a disabled account sign in again."""
    _with_accounts(lambda s: s.set_disabled(username, False))
    typer.echo(f"enabled {username}")


@accounts_app.command("delete")
def delete(username: str) -> None:
    """Delete an account (transcripts keep the name it used)."""
    _with_accounts(lambda s: s.delete(username))
    typer.echo(f"deleted {username}")
