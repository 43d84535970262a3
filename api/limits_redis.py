"""Token buckets in Redis, so every worker spends from the same message and new-conversation
budgets. One Lua script checks and takes all claimed buckets atomically, on Redis's clock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.buckets import Claim

# KEYS: one hash per bucket; ARGV: per_second, burst for each key in order.
# Returns the wait in seconds as a string (a Lua number would be truncated to an integer).
_TAKE_ALL = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tokens, wait = {}, 0
for i = 1, #KEYS do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local b = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tk = tonumber(b[1]) or burst
  local at = tonumber(b[2]) or now
  tk = math.min(burst, tk + math.max(0, now - at) * rate)
  tokens[i] = tk
  if tk < 1 then
    local w = 1e9
    if rate > 0 then w = (1 - tk) / rate end
    if w > wait then wait = w end
  end
end
for i = 1, #KEYS do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tk = tokens[i]
  if wait == 0 then tk = tk - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tk), 'at', tostring(now))
  local ttl = 86400
  if rate > 0 then ttl = math.ceil(burst / rate) + 1 end
  redis.call('EXPIRE', KEYS[i], ttl)
end
return tostring(wait)
"""


class RedisBuckets:
    def __init__(self, url: str, *, prefix: str = "warmline:limit:") -> None:
        import redis.asyncio as redis

        self._redis: Any = redis.from_url(url)
        self._script = self._redis.register_script(_TAKE_ALL)
        self._prefix = prefix

    async def take_all(self, claims: Sequence[Claim]) -> float:
        keys = [f"{self._prefix}{rate.name}:{key}" for rate, key in claims]
        args: list[float] = []
        for rate, _ in claims:
            args += [rate.per_second, rate.burst]
        wait = await self._script(keys=keys, args=args)
        return float(wait)

    async def close(self) -> None:
        await self._redis.aclose()
