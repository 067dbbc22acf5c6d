"""Values a process keeps for a few seconds, so that requests do not read again what rarely
changes (verified API keys, the reference taxonomies).

A :class:`TimedCache` is bounded in time only: keep in one just what has a small, known set of
keys. An entry lives ``ttl_s`` seconds from the moment its read from the store began, and using it
never extends that. Forgetting wins over a read already under way: a value read before a
:meth:`~TimedCache.forget` or :meth:`~TimedCache.clear` is not kept (see
:meth:`~TimedCache.stamp`), so what was dropped cannot come back stale.

Everything here runs on the event loop's thread, between awaits; nothing blocks.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

type Clock = Callable[[], float]

_PRUNE_ABOVE = 1_024  # entries; beyond it, expired ones are dropped when one is added


@dataclass(frozen=True)
class Stamp:
    """Taken as a read begins: what had been forgotten by then, and when the read began."""

    generation: int
    read_at: float


class TimedCache[K, V]:
    """Entries by key, each for ``ttl_s`` seconds; ``ttl_s`` 0 keeps nothing."""

    def __init__(self, ttl_s: float, *, clock: Clock = time.monotonic) -> None:
        if ttl_s < 0:
            raise ValueError(f"ttl_s must be 0 or more, got {ttl_s}")
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: dict[K, tuple[float, V]] = {}
        self._generation = 0

    def get(self, key: K) -> V | None:
        """The value kept for ``key``, or None when there is none or it has expired."""
        found = self._entries.get(key)
        if found is None:
            return None
        expires_at, value = found
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        return value

    def stamp(self) -> Stamp:
        """Taken before reading a value to :meth:`put`: a forget or clear after it voids the put,
        and the value's time runs from this moment, however long the read takes."""
        return Stamp(self._generation, self._clock())

    def put(self, key: K, value: V, stamp: Stamp) -> None:
        """Keep ``value`` until ``ttl_s`` seconds after its read began, unless something was
        forgotten since ``stamp``."""
        if self.ttl_s <= 0 or stamp.generation != self._generation:
            return
        now = self._clock()
        if len(self._entries) >= _PRUNE_ABOVE:
            for expired in [k for k, (until, _) in self._entries.items() if now >= until]:
                del self._entries[expired]
        self._entries[key] = (stamp.read_at + self.ttl_s, value)

    def forget(self, key: K) -> None:
        """Drop ``key`` now, and void every put whose read began before this."""
        self._generation += 1
        self._entries.pop(key, None)

    def clear(self) -> None:
        """Drop everything now, and void every put whose read began before this."""
        self._generation += 1
        self._entries.clear()
