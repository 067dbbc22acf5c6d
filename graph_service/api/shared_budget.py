"""Request budgets kept on a Redis-protocol server, so that every worker and replica spends
from the same buckets.

The bucket is the in-process one's (:mod:`graph_service.api.ratelimit`): up to ``per_minute``
tokens, refilled continuously, a request waits ``(1 - tokens) / rate`` seconds when fewer than
one is left. Refilling and spending run as one script on the server, so two processes never
both spend the last token, and the server's clock is the only clock, so replicas whose clocks
differ still agree. A bucket's key expires when it would be full again: a caller that stopped
calling costs nothing, and a missing key is a full bucket.

When the server cannot be reached, a budget answers without it rather than refuse every
request: the request budget lets the request through (the warning is logged once per outage),
and the failed-authentication budget answers from its floor, a bucket of this process that
counts every failure all along.
"""

import logging
import time
from collections.abc import Callable

import redis.asyncio
import redis.exceptions
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph_service.api.ratelimit import RateLimiter
from graph_service.errors import StoreUnavailableError

log = logging.getLogger(__name__)

# KEYS[1] the bucket. ARGV: capacity, refill per millisecond, "take" or "look", and the time in
# milliseconds ("" for the server's own clock). Returns nil when a request may go ahead, else
# the milliseconds to wait (as text: a number reply would lose the fraction).
BUCKET_SCRIPT = """
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[4])
if not now then
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
end
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens, updated = tonumber(kept[1]), tonumber(kept[2])
if not tokens or not updated then
  tokens, updated = capacity, now
end
tokens = math.min(capacity, tokens + math.max(0, now - updated) * per_ms)
if tokens < 1 then
  return tostring((1 - tokens) / per_ms)
end
if ARGV[3] == 'take' then
  tokens = tokens - 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_ms))
end
return false
"""

# A request waits this long at most for the server; then the budget answers without it.
_TIMEOUT_S = 1.0
# After a failure the server is left alone this long, so an outage does not cost every
# request a time-out.
_RETRY_AFTER_S = 5.0


class BudgetServer:
    """The connection to the server holding the buckets, shared by the budgets on it, and
    whether it is answering."""

    def __init__(
        self,
        client: "redis.asyncio.Redis",
        *,
        where: str,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._client = client
        self._script = client.register_script(BUCKET_SCRIPT)
        self.where = where
        self._clock = clock
        self._down_until = 0.0
        self._down = False

    @classmethod
    def at(cls, url: str, *, where: str) -> "BudgetServer":
        """A server by URL (``redis://``, ``rediss://`` or ``unix://``); connects on first use."""
        client = redis.asyncio.Redis.from_url(
            url,
            socket_timeout=_TIMEOUT_S,
            socket_connect_timeout=_TIMEOUT_S,
            retry=Retry(NoBackoff(), 1),  # once more on a fresh connection, no more
        )
        return cls(client, where=where)

    async def answers(self) -> bool:
        """Whether the server answers now (for the start-up log)."""
        try:
            await self._client.ping()
        except (redis.exceptions.RedisError, OSError) as exc:
            self._went_down(exc)
            return False
        return True

    async def bucket(self, key: str, capacity: int, *, spend: bool) -> float | None:
        """Seconds to wait, None to go ahead; raises
        :class:`StoreUnavailableError` when the server does not answer."""
        if self._down and time.monotonic() < self._down_until:
            raise StoreUnavailableError(f"{self.where} did not answer a moment ago")
        now = "" if self._clock is None else repr(self._clock() * 1000)
        per_ms = capacity / 60_000
        try:
            wait_ms = await self._script(
                keys=[key], args=[capacity, repr(per_ms), "take" if spend else "look", now]
            )
        except (redis.exceptions.RedisError, OSError) as exc:
            self._went_down(exc)
            raise StoreUnavailableError(f"{self.where} does not answer: {exc}") from exc
        if self._down:
            self._down = False
            log.info("request budgets: %s answers again", self.where)
        return None if wait_ms is None else float(wait_ms) / 1000

    def _went_down(self, exc: BaseException) -> None:
        self._down_until = time.monotonic() + _RETRY_AFTER_S
        if not self._down:
            self._down = True
            log.warning(
                "request budgets: cannot reach %s (%s); until it answers, requests are let "
                "through and failed authentications are counted in this process only",
                self.where,
                type(exc).__name__,
            )

    async def close(self) -> None:
        await self._client.aclose()


class SharedBudget:
    """A :class:`~graph_service.api.ratelimit.Budget` whose buckets are on a
    :class:`BudgetServer`, under ``prefix``. With a ``floor``, every request is counted in
    this process too, and the floor answers while the server does not; without one, requests
    go ahead while the server does not answer."""

    def __init__(
        self,
        server: BudgetServer,
        *,
        prefix: str,
        per_minute: int,
        floor: RateLimiter | None = None,
    ) -> None:
        if per_minute < 1:
            raise ValueError("a rate limit allows at least one request per minute")
        self._server = server
        self._prefix = prefix
        self._capacity = per_minute
        self._floor = floor

    async def take(self, caller: str) -> float | None:
        floor_wait = self._floor.take(caller) if self._floor is not None else None
        try:
            return await self._server.bucket(self._key(caller), self._capacity, spend=True)
        except StoreUnavailableError:
            return floor_wait

    async def exhausted(self, caller: str) -> float | None:
        try:
            return await self._server.bucket(self._key(caller), self._capacity, spend=False)
        except StoreUnavailableError:
            return self._floor.exhausted(caller) if self._floor is not None else None

    def _key(self, caller: str) -> str:
        return f"{self._prefix}:{caller}"
