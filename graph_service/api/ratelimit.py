"""Per-caller request budgets: a token bucket for each key, token subject or client address.

Each bucket holds up to ``per_minute`` requests and refills continuously at that rate, so a
caller may burst up to the whole minute's budget and then proceeds at the steady rate.

:class:`RateLimiter` keeps the buckets in this process: behind several processes each enforces
its own budget. :mod:`graph_service.api.shared_budget` keeps the same buckets on a server every
process reaches; both answer as a :class:`Budget`, which is all the gate knows of either.

Only callers that have spent something are remembered, oldest activity first, so that
forgetting those whose bucket has refilled costs nothing per request, and at most
``MAX_CALLERS`` are kept whatever the traffic: past that, the longest idle is forgotten (and
starts again with a full bucket).
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

MAX_CALLERS = 100_000


class Budget(Protocol):
    """A budget per caller, wherever its buckets are kept."""

    async def take(self, caller: str) -> float | None:
        """None when the request may go ahead (and is counted); else seconds until it may."""

    async def exhausted(self, caller: str) -> float | None:
        """Like :meth:`take` without spending: seconds to wait, or None."""


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``take(caller)`` spends one request of the caller's budget, or says how long to wait."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("a rate limit allows at least one request per minute")
        self._capacity = float(per_minute)
        self._per_second = per_minute / 60.0
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, caller: str) -> float | None:
        """None when the request may go ahead (and is counted); else seconds until it may."""
        now = self._clock()
        self._forget_refilled(now)
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = _Bucket(self._capacity, now)
        else:
            self._refill(bucket, now)
        if bucket.tokens < 1.0:
            return self._wait(bucket)
        bucket.tokens -= 1.0
        self._buckets[caller] = bucket
        self._buckets.move_to_end(caller)
        while len(self._buckets) > MAX_CALLERS:
            self._buckets.popitem(last=False)
        return None

    def exhausted(self, caller: str) -> float | None:
        """Like :meth:`take` without spending (nor remembering): seconds to wait, or None."""
        bucket = self._buckets.get(caller)
        if bucket is None:
            return None
        self._refill(bucket, self._clock())
        return None if bucket.tokens >= 1.0 else self._wait(bucket)

    def _refill(self, bucket: _Bucket, now: float) -> None:
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(self._capacity, bucket.tokens + elapsed * self._per_second)
        bucket.updated = now

    def _wait(self, bucket: _Bucket) -> float:
        return (1.0 - bucket.tokens) / self._per_second

    def _forget_refilled(self, now: float) -> None:
        """Drops, oldest first, the callers whose bucket would be full again by now."""
        full_after = self._capacity / self._per_second
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if now - oldest.updated < full_after:
                break
            self._buckets.popitem(last=False)


class ProcessBudget:
    """A :class:`Budget` kept in this process, by a :class:`RateLimiter`."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def take(self, caller: str) -> float | None:
        return self.limiter.take(caller)

    async def exhausted(self, caller: str) -> float | None:
        return self.limiter.exhausted(caller)
