"""Abuse limits: keyed token buckets, sign-in backoff, sockets per address, and the client
address they are keyed on.

The message and new-conversation budgets are shared by every worker when Redis is configured
(``api/limits_redis.py``); otherwise, and always for sign-in backoff and socket slots, they live
in one worker process: with N workers a client gets up to N times those budgets. That still
bounds a flood; for exact limits put a proxy's rate limiting in front as well.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from api.buckets import Buckets, Clock, LocalBuckets, Rate
from api.settings import LimitSettings
from domain.errors import TooManyRequests, Unauthorized


@dataclass(slots=True)
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class FailureBackoff:
    """Exponential lockout per key after ``free`` failed attempts.

    An attempt is counted when it starts (before the slow password check), so a burst of
    concurrent guesses cannot all slip in before the first one fails. The attempt that uses
    up the free budget locks the key for ``base_s``; each later one doubles it, up to
    ``max_s``. A success clears the key; ``memory_s`` without a failure forgets it.
    """

    def __init__(
        self,
        free: int,
        base_s: float,
        max_s: float,
        memory_s: float,
        *,
        max_keys: int = 100_000,
        clock: Clock = time.monotonic,
    ) -> None:
        self.free = max(1, free)
        self.base_s = base_s
        self.max_s = max_s
        self.memory_s = memory_s
        self._max_keys = max_keys
        self._clock = clock
        self._keys: dict[str, _Failures] = {}

    def _get(self, key: str, now: float) -> _Failures | None:
        f = self._keys.get(key)
        if f is not None and now - f.last > self.memory_s and now >= f.locked_until:
            del self._keys[key]
            return None
        return f

    def locked_for(self, key: str) -> float:
        now = self._clock()
        f = self._get(key, now)
        return max(0.0, f.locked_until - now) if f else 0.0

    def attempt(self, key: str) -> None:
        now = self._clock()
        f = self._get(key, now)
        if f is None:
            if len(self._keys) >= self._max_keys:
                self._prune(now)
            f = self._keys[key] = _Failures()
        f.count += 1
        self._lock(f, now)

    def failed(self, key: str) -> None:
        """The counted attempt failed: its lockout runs from now (the check may have been slow)."""
        f = self._keys.get(key)
        if f is not None:
            self._lock(f, self._clock())

    def _lock(self, f: _Failures, now: float) -> None:
        f.last = now
        if f.count >= self.free:
            lock = min(self.max_s, self.base_s * 2 ** min(f.count - self.free, 30))
            f.locked_until = max(f.locked_until, now + lock)

    def clear(self, key: str) -> None:
        self._keys.pop(key, None)

    def forgive(self, key: str) -> None:
        """Take back one counted attempt (it succeeded, or failed for another reason)."""
        f = self._keys.get(key)
        if f is None:
            return
        f.count = max(0, f.count - 1)
        if f.count < self.free:
            f.locked_until = 0.0

    def _prune(self, now: float) -> None:
        for k in [k for k, f in self._keys.items() if now >= f.locked_until]:
            del self._keys[k]
        if len(self._keys) >= self._max_keys:  # all locked: drop the soonest to unlock
            by_unlock = sorted(self._keys, key=lambda k: self._keys[k].locked_until)
            for k in by_unlock[: len(by_unlock) // 2 + 1]:
                del self._keys[k]


class SocketSlots:
    """How many sockets each key (client address) holds open."""

    def __init__(self, per_key: int) -> None:
        self.per_key = per_key
        self._open: dict[str, int] = {}

    def acquire(self, key: str) -> None:
        """Take a slot for ``key`` or raise :class:`TooManyRequests`; pair with ``release``."""
        if self._open.get(key, 0) >= self.per_key:
            raise TooManyRequests(
                "too many open connections from your address",
                code="too_many_connections",
                retry_after=5.0,
            )
        self._open[key] = self._open.get(key, 0) + 1

    def release(self, key: str) -> None:
        left = self._open.get(key, 0) - 1
        if left > 0:
            self._open[key] = left
        else:
            self._open.pop(key, None)


class AbuseLimits:
    """Every abuse limit of one worker, built from :class:`LimitSettings`."""

    def __init__(
        self, s: LimitSettings, *, buckets: Buckets | None = None, clock: Clock = time.monotonic
    ) -> None:
        keys = s.max_tracked_keys
        self.hello_timeout_s = s.hello_timeout_s
        self.buckets = buckets or LocalBuckets(max_keys=keys, clock=clock)
        self.conversation_messages = Rate(
            "conv-msg", s.conversation_messages_per_minute / 60, s.conversation_message_burst
        )
        self.address_messages = Rate(
            "addr-msg", s.address_messages_per_minute / 60, s.address_message_burst
        )
        self.new_conversations = Rate(
            "addr-new",
            s.address_new_conversations_per_hour / 3600,
            s.address_new_conversation_burst,
        )
        self.sockets = SocketSlots(s.sockets_per_address)
        backoff = {
            "base_s": s.login_lockout_base_s,
            "max_s": s.login_lockout_max_s,
            "memory_s": s.login_failure_memory_s,
        }
        self.login_users = FailureBackoff(
            s.login_failures_per_username, **backoff, max_keys=keys, clock=clock
        )
        self.login_addresses = FailureBackoff(
            s.login_failures_per_address, **backoff, max_keys=keys, clock=clock
        )

    async def message(self, conversation_id: str, address: str) -> None:
        """A customer action that costs work: within both the conversation's and the address's
        budget, or :class:`TooManyRequests` (and neither budget is spent)."""
        wait = await self.buckets.take_all(
            [(self.conversation_messages, conversation_id), (self.address_messages, address)]
        )
        if wait > 0:
            raise TooManyRequests("too many messages; wait a moment", retry_after=wait)

    async def new_conversation(self, address: str) -> None:
        wait = await self.buckets.take_all([(self.new_conversations, address)])
        if wait > 0:
            raise TooManyRequests(
                "too many new conversations from your address; try again later",
                retry_after=wait,
            )

    @contextlib.contextmanager
    def login(self, username: str, address: str) -> Iterator[None]:
        """Wrap one sign-in attempt: refused while the username or the address is locked out;
        a wrong password counts against both, a success clears the username."""
        user = username.strip().lower()
        wait = max(self.login_users.locked_for(user), self.login_addresses.locked_for(address))
        if wait > 0:
            raise TooManyRequests("too many failed sign-ins; try again later", retry_after=wait)
        self.login_users.attempt(user)
        self.login_addresses.attempt(address)
        try:
            yield
        except Unauthorized:
            self.login_users.failed(user)
            self.login_addresses.failed(address)
            raise
        except BaseException:
            self.login_users.forgive(user)
            self.login_addresses.forgive(address)
            raise
        self.login_users.clear(user)
        self.login_addresses.forgive(address)


def client_address(conn: HTTPConnection, trusted_proxy_hops: int) -> str:
    """The client's address: the socket peer, or, behind ``trusted_proxy_hops`` proxies that
    each append the address they saw to X-Forwarded-For, the entry the outermost one wrote.
    Entries further left were written by the client and prove nothing."""
    peer = conn.client.host if conn.client else "unknown"
    if trusted_proxy_hops <= 0:
        return peer
    entries = [
        e.strip()
        for header in conn.headers.getlist("x-forwarded-for")
        for e in header.split(",")
        if e.strip()
    ]
    if not entries:
        return peer
    return entries[-min(trusted_proxy_hops, len(entries))]
