"""Per-caller request budgets: a token bucket for each key, token subject or client address.

Each bucket holds up to ``per_minute`` requests and refills continuously at that rate, so a
caller may burst up to the whole minute's budget and then proceeds at the steady rate. The
buckets live in this process: behind several processes each enforces its own budget.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

# Past this many buckets, those that have refilled completely (idle callers) are dropped.
MAX_IDLE_BUCKETS = 10_000


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
        self._buckets: dict[str, _Bucket] = {}

    def take(self, caller: str) -> float | None:
        """None when the request may go ahead (and is counted); else seconds until it may."""
        bucket = self._refilled(caller)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return (1.0 - bucket.tokens) / self._per_second

    def exhausted(self, caller: str) -> float | None:
        """Like :meth:`take` without spending: seconds to wait, or None if one is left."""
        bucket = self._refilled(caller)
        return None if bucket.tokens >= 1.0 else (1.0 - bucket.tokens) / self._per_second

    def _refilled(self, caller: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(caller)
        if bucket is None:
            if len(self._buckets) >= MAX_IDLE_BUCKETS:
                self._forget_idle(now)
            bucket = self._buckets[caller] = _Bucket(self._capacity, now)
            return bucket
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(self._capacity, bucket.tokens + elapsed * self._per_second)
        bucket.updated = now
        return bucket

    def _forget_idle(self, now: float) -> None:
        full_after = self._capacity / self._per_second
        self._buckets = {
            caller: bucket
            for caller, bucket in self._buckets.items()
            if now - bucket.updated < full_after
        }
