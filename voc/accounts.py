"""Human agent accounts and sign-in tokens. Passwords are hashed with Argon2id; tokens are
random and stored only as SHA-256 digests, so a leaked database does not leak sessions.

A disabled account keeps its row (transcripts name it) but its password hash is prefixed with
``!`` (the /etc/shadow convention): no password verifies against it, and no schema change is
needed."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from domain.errors import Conflict, InvalidInput, NotFound, Unauthorized
from voc import audit as au
from voc.audit import AuditKind, AuditLog
from voc.db import sessionmaker_for
from voc.models import AgentAccountRow, SessionTokenRow
from voc.privacy import redact_text

ROLES = ("agent", "lead", "admin", "auditor")
MIN_PASSWORD_CHARS = 10
_DISABLED = "!"


@dataclass(frozen=True, slots=True)
class AgentAccount:
    username: str
    display_name: str
    role: str = "agent"


@dataclass(frozen=True, slots=True)
class AccountInfo:
    username: str
    display_name: str
    role: str
    disabled: bool
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class AgentSession:
    """A valid sign-in: who, which token (its digest) and until when."""

    account: AgentAccount
    token_id: str
    expires_at: datetime


def token_id(token: str) -> str:
    """The token's stored digest: names a session without revealing the token."""
    return hashlib.sha256(token.encode()).hexdigest()


_digest = token_id


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _check_new(username: str, role: str, password: str) -> None:
    if not username or len(username) > 64 or not username.isprintable() or " " in username:
        raise InvalidInput("a username is 1-64 printable characters without spaces")
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_CHARS} characters")


class AccountStore:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        token_ttl: timedelta = timedelta(hours=12),
        audit: AuditLog | None = None,
    ) -> None:
        self._sessions = sessionmaker_for(engine)
        self.audit = audit or AuditLog(engine)
        self._hasher = PasswordHasher()
        self._ttl = token_ttl
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    async def ensure_account(
        self, username: str, password: str, display_name: str, role: str = "agent"
    ) -> AgentAccount:
        """Create the account if missing (used for demo accounts at set-up)."""
        async with self._sessions.begin() as s:
            row = await s.get(AgentAccountRow, username)
            if row is None:
                row = AgentAccountRow(
                    username=username,
                    display_name=display_name,
                    role=role,
                    password_hash=await asyncio.to_thread(self._hasher.hash, password),
                )
                s.add(row)
        return AgentAccount(row.username, row.display_name, row.role)

    async def has_password(self, username: str, password: str) -> bool:
        """Whether an enabled account ``username`` has this password (no session is made)."""
        async with self._sessions() as s:
            row = await s.get(AgentAccountRow, username)
        if row is None:
            return False
        try:
            return await asyncio.to_thread(self._hasher.verify, row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    async def sign_in(self, username: str, password: str) -> tuple[str, AgentAccount]:
        async with self._sessions() as s:
            row = await s.get(AgentAccountRow, username)
        # Argon2 is deliberately slow: verify in a worker thread so sockets keep flowing, and
        # verify against a dummy hash for unknown users so timing does not reveal who exists.
        stored = row.password_hash if row is not None else self._dummy_hash
        try:
            await asyncio.to_thread(self._hasher.verify, stored, password)
            if row is None:
                raise VerificationError
        except (VerificationError, InvalidHashError):
            # The name tried goes in the (erasable) content: it may be a typo'd password.
            await self.audit.record(
                AuditKind.LOGIN_FAILED,
                actor=au.UNKNOWN,
                content={"username": redact_text(username)},
            )
            raise Unauthorized("wrong username or password") from None
        token = secrets.token_urlsafe(32)
        async with self._sessions.begin() as s:
            await s.execute(
                delete(SessionTokenRow).where(SessionTokenRow.expires_at < datetime.now(UTC))
            )
            s.add(
                SessionTokenRow(
                    token_hash=_digest(token),
                    username=row.username,
                    expires_at=datetime.now(UTC) + self._ttl,
                )
            )
        await self.audit.record(AuditKind.LOGIN, actor=row.username, content={"role": row.role})
        return token, AgentAccount(row.username, row.display_name, row.role)

    async def authenticate(self, token: str | None) -> AgentAccount:
        return (await self.session(token)).account

    async def session(self, token: str | None) -> AgentSession:
        if not token:
            raise Unauthorized("sign in first")
        digest = _digest(token)
        async with self._sessions() as s:
            tok = await s.get(SessionTokenRow, digest)
            if tok is None:
                raise Unauthorized("invalid or expired token")
            expires = _aware(tok.expires_at)
            if expires < datetime.now(UTC):
                raise Unauthorized("invalid or expired token")
            row = await s.get(AgentAccountRow, tok.username)
            if row is None or row.password_hash.startswith(_DISABLED):
                raise Unauthorized("account no longer exists or is disabled")
            return AgentSession(
                AgentAccount(row.username, row.display_name, row.role), digest, expires
            )

    async def sign_out(self, token: str) -> None:
        async with self._sessions.begin() as s:
            tok = await s.get(SessionTokenRow, _digest(token))
            await s.execute(
                delete(SessionTokenRow).where(SessionTokenRow.token_hash == _digest(token))
            )
        if tok is not None:
            await self.audit.record(AuditKind.LOGOUT, actor=tok.username)

    async def purge_expired(self) -> int:
        async with self._sessions.begin() as s:
            result = await s.execute(
                delete(SessionTokenRow).where(SessionTokenRow.expires_at < datetime.now(UTC))
            )
        return int(getattr(result, "rowcount", 0) or 0)

    # ---- administration (`warmline accounts`)

    async def create(
        self, username: str, password: str, display_name: str, role: str = "agent"
    ) -> AgentAccount:
        _check_new(username, role, password)
        password_hash = await asyncio.to_thread(self._hasher.hash, password)
        async with self._sessions.begin() as s:
            if await s.get(AgentAccountRow, username) is not None:
                raise Conflict(f"account {username!r} already exists")
            s.add(
                AgentAccountRow(
                    username=username,
                    display_name=display_name or username,
                    role=role,
                    password_hash=password_hash,
                )
            )
        return AgentAccount(username, display_name or username, role)

    async def all_accounts(self) -> list[AccountInfo]:
        async with self._sessions() as s:
            rows = (
                await s.execute(select(AgentAccountRow).order_by(AgentAccountRow.username))
            ).scalars()
            return [
                AccountInfo(
                    r.username,
                    r.display_name,
                    r.role,
                    r.password_hash.startswith(_DISABLED),
                    r.created_at,
                )
                for r in rows
            ]

    async def set_password(self, username: str, password: str) -> None:
        """New password; every session of the account ends (a disabled account stays so)."""
        _check_new(username, "agent", password)
        password_hash = await asyncio.to_thread(self._hasher.hash, password)
        async with self._sessions.begin() as s:
            row = await self._row(s, username)
            prefix = _DISABLED if row.password_hash.startswith(_DISABLED) else ""
            row.password_hash = prefix + password_hash
            await self._end_sessions(s, username)

    async def set_disabled(self, username: str, disabled: bool) -> None:
        async with self._sessions.begin() as s:
            row = await self._row(s, username)
            bare = row.password_hash.removeprefix(_DISABLED)
            row.password_hash = _DISABLED + bare if disabled else bare
            if disabled:
                await self._end_sessions(s, username)

    async def delete(self, username: str) -> None:
        async with self._sessions.begin() as s:
            row = await self._row(s, username)
            await self._end_sessions(s, username)
            await s.delete(row)

    @staticmethod
    async def _row(s: AsyncSession, username: str) -> AgentAccountRow:
        row = await s.get(AgentAccountRow, username)
        if row is None:
            raise NotFound(f"no account {username!r}")
        return row

    @staticmethod
    async def _end_sessions(s: AsyncSession, username: str) -> None:
        await s.execute(delete(SessionTokenRow).where(SessionTokenRow.username == username))
