"""Human agent accounts and sign-in tokens. Passwords are hashed with Argon2id; tokens are
random and stored only as SHA-256 digests, so a leaked database does not leak sessions."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.errors import Unauthorized
from voc import audit as au
from voc.audit import AuditKind, AuditLog
from voc.db import sessionmaker_for
from voc.models import AgentAccountRow, SessionTokenRow


@dataclass(frozen=True, slots=True)
class AgentAccount:
    username: str
    display_name: str
    role: str = "agent"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
                AuditKind.LOGIN_FAILED, actor=au.UNKNOWN, content={"username": username}
            )
            raise Unauthorized("wrong username or password") from None
        token = secrets.token_urlsafe(32)
        async with self._sessions.begin() as s:
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
        if not token:
            raise Unauthorized("sign in first")
        async with self._sessions() as s:
            tok = await s.get(SessionTokenRow, _digest(token))
            if tok is None:
                raise Unauthorized("invalid or expired token")
            expires = (
                tok.expires_at if tok.expires_at.tzinfo else tok.expires_at.replace(tzinfo=UTC)
            )
            if expires < datetime.now(UTC):
                raise Unauthorized("invalid or expired token")
            row = await s.get(AgentAccountRow, tok.username)
            if row is None:
                raise Unauthorized("account no longer exists")
            return AgentAccount(row.username, row.display_name, row.role)

    async def sign_out(self, token: str) -> None:
        async with self._sessions.begin() as s:
            tok = await s.get(SessionTokenRow, _digest(token))
            await s.execute(
                delete(SessionTokenRow).where(SessionTokenRow.token_hash == _digest(token))
            )
        if tok is not None:
            await self.audit.record(AuditKind.LOGOUT, actor=tok.username)
