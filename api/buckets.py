"""Token buckets keyed by conversation or client address, in this process. ``Buckets`` is the
seam a shared store (``api/limits_redis.py``) plugs into."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

Clock = Callable[[], float]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class KeyedBuckets:
    """A token bucket per key: ``burst`` at once, then ``per_second`` on average."""

    def __init__(
        self,
        per_second: float,
        burst: int,
        *,
        max_keys: int = 100_000,
        clock: Clock = time.monotonic,
    ) -> None:
        self.per_second = per_second
        self.burst = burst
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def _refill(self, key: str) -> _Bucket:
        now = self._clock()
        b = self._buckets.get(key)
        if b is None:
            if len(self._buckets) >= self._max_keys:
                self._prune(now)
            b = self._buckets[key] = _Bucket(float(self.burst), now)
        b.tokens = min(float(self.burst), b.tokens + (now - b.at) * self.per_second)
        b.at = now
        return b

    def wait(self, key: str) -> float:
        """Seconds until ``key`` has a token (0: now). Takes nothing."""
        b = self._refill(key)
        if b.tokens >= 1:
            return 0.0
        if self.per_second <= 0:
            return math.inf
        return (1 - b.tokens) / self.per_second

    def take(self, key: str) -> float:
        """Take a token and return 0, or take nothing and return the seconds to wait."""
        wait = self.wait(key)
        if wait == 0:
            self._buckets[key].tokens -= 1
        return wait

    def _prune(self, now: float) -> None:
        # A full bucket is the same as no bucket: forget those first, then the least recent.
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.at) * self.per_second >= self.burst
        ]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self._max_keys:
            by_age = sorted(self._buckets, key=lambda k: self._buckets[k].at)
            for k in by_age[: len(by_age) // 2 + 1]:
                del self._buckets[k]


@dataclass(frozen=True, slots=True)
class Rate:
    """One kind of budget: ``burst`` at once, then ``per_second``. ``name`` keys its buckets."""

    name: str
    per_second: float
    burst: int


Claim = tuple[Rate, str]  # a budget and the key (conversation id, address) it is spent for


class Buckets(Protocol):
    async def take_all(self, claims: Sequence[Claim]) -> float:
        """Take one token from every claimed bucket and return 0, or, if any bucket is short,
        take from none and return the seconds until all could give one."""
        ...


class LocalBuckets:
    """In-process token buckets (one worker)."""

    def __init__(self, *, max_keys: int = 100_000, clock: Clock = time.monotonic) -> None:
        self._max_keys = max_keys
        self._clock = clock
        self._by_rate: dict[Rate, KeyedBuckets] = {}

    def _for(self, rate: Rate) -> KeyedBuckets:
        b = self._by_rate.get(rate)
        if b is None:
            b = self._by_rate[rate] = KeyedBuckets(
                rate.per_second, rate.burst, max_keys=self._max_keys, clock=self._clock
            )
        return b

    async def take_all(self, claims: Sequence[Claim]) -> float:
        wait = max(self._for(rate).wait(key) for rate, key in claims)
        if wait > 0:
            return wait
        for rate, key in claims:
            self._for(rate).take(key)
        return 0.0
