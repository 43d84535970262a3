"""The abuse-limit primitives, on a fake clock."""

from __future__ import annotations

import pytest
from starlette.requests import HTTPConnection

from api.buckets import KeyedBuckets
from api.limits import AbuseLimits, FailureBackoff, client_address
from api.settings import LimitSettings
from domain.errors import TooManyRequests, Unauthorized


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_buckets_are_per_key_and_refill() -> None:
    clock = Clock()
    b = KeyedBuckets(per_second=2, burst=3, clock=clock)
    assert [b.take("a") for _ in range(3)] == [0, 0, 0]
    assert b.take("a") == pytest.approx(0.5)
    assert b.take("b") == 0  # another key has its own budget
    clock.now += 0.5
    assert b.take("a") == 0
    assert b.take("a") > 0


def test_buckets_forget_idle_keys_when_full() -> None:
    clock = Clock()
    b = KeyedBuckets(per_second=1, burst=1, max_keys=10, clock=clock)
    for i in range(50):
        b.take(f"k{i}")
        clock.now += 0.01
    assert len(b._buckets) <= 10
    assert b.take("k49") > 0  # the most recent key is still remembered


def test_backoff_locks_after_the_free_failures_and_doubles() -> None:
    clock = Clock()
    f = FailureBackoff(free=3, base_s=1, max_s=8, memory_s=600, clock=clock)
    for _ in range(3):
        assert f.locked_for("u") == 0
        f.attempt("u")
    assert f.locked_for("u") == 1
    locks = []
    for _ in range(5):
        clock.now += f.locked_for("u")
        f.attempt("u")
        locks.append(f.locked_for("u"))
    assert locks == [2, 4, 8, 8, 8]
    f.clear("u")
    assert f.locked_for("u") == 0


def test_the_lockout_runs_from_when_the_failure_is_known() -> None:
    clock = Clock()
    f = FailureBackoff(free=1, base_s=1, max_s=8, memory_s=600, clock=clock)
    f.attempt("u")
    clock.now += 5  # a slow password check
    assert f.locked_for("u") == 0
    f.failed("u")
    assert f.locked_for("u") == 1


def test_backoff_forgets_after_a_quiet_spell() -> None:
    clock = Clock()
    f = FailureBackoff(free=2, base_s=1, max_s=8, memory_s=60, clock=clock)
    f.attempt("u")
    clock.now += 61
    f.attempt("u")
    assert f.locked_for("u") == 0  # the first failure was forgotten


def test_login_counts_failures_and_a_success_clears_the_username() -> None:
    clock = Clock()
    limits = AbuseLimits(
        LimitSettings(login_failures_per_username=2, login_failures_per_address=100), clock=clock
    )
    for _ in range(2):
        with pytest.raises(Unauthorized), limits.login("Sam", "10.0.0.1"):
            raise Unauthorized("wrong")
    with pytest.raises(TooManyRequests) as locked, limits.login("sam ", "10.0.0.2"):
        pass
    assert locked.value.retry_after == 1
    clock.now += 1
    with limits.login("sam", "10.0.0.2"):
        pass  # the right password, after the lockout
    with pytest.raises(Unauthorized), limits.login("sam", "10.0.0.2"):
        raise Unauthorized("wrong")
    with limits.login("sam", "10.0.0.2"):
        pass  # one failure after a success: not locked


async def test_a_message_over_either_budget_spends_neither() -> None:
    clock = Clock()
    limits = AbuseLimits(
        LimitSettings(
            conversation_message_burst=1,
            conversation_messages_per_minute=0.001,
            address_message_burst=2,
            address_messages_per_minute=0.001,
        ),
        clock=clock,
    )
    await limits.message("c1", "a")
    with pytest.raises(TooManyRequests):
        await limits.message("c1", "a")  # the conversation's budget is spent, not the address's
    await limits.message("c2", "a")
    with pytest.raises(TooManyRequests):
        await limits.message("c3", "a")


def test_socket_slots_are_released() -> None:
    limits = AbuseLimits(LimitSettings(sockets_per_address=2))
    limits.sockets.acquire("a")
    limits.sockets.acquire("a")
    with pytest.raises(TooManyRequests) as exc:
        limits.sockets.acquire("a")
    assert exc.value.code == "too_many_connections"
    limits.sockets.acquire("b")
    limits.sockets.release("a")
    limits.sockets.acquire("a")


def _conn(peer: str, *forwarded: str) -> HTTPConnection:
    headers = [(b"x-forwarded-for", v.encode()) for v in forwarded]
    return HTTPConnection({"type": "http", "client": (peer, 5000), "headers": headers})


def test_client_address_trusts_forwarded_for_only_when_told() -> None:
    conn = _conn("10.0.0.9", "6.6.6.6, 203.0.113.5")
    assert client_address(conn, 0) == "10.0.0.9"  # default: the socket peer, header ignored
    assert client_address(conn, 1) == "203.0.113.5"  # what our one proxy saw
    assert client_address(conn, 2) == "6.6.6.6"
    assert client_address(_conn("10.0.0.9", "1.1.1.1", "2.2.2.2"), 1) == "2.2.2.2"
    assert client_address(_conn("10.0.0.9"), 1) == "10.0.0.9"
