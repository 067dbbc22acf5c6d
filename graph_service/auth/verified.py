"""API keys this process verified in the last few seconds, so that a caller's next requests
need not read the key from the store again.

What is kept, by key id, is what verification needs: the key's salt and secret hash, its name
and role, and that it was active. Never a key's text or secret: the secret each request
presents is still checked against the hash. Only a key just verified (the secret matched, the
key was active) is kept; an unknown key id, a wrong secret and a revoked key are looked up
again every time. An entry lives ``ttl_s`` seconds from the store read that found it, however
often it is used.

Revoking a key through this process (``KeyService.revoke``: the ``revokeApiKey`` mutation, or
the command line) calls :func:`forget_key`, which drops it from every cache of the process at
once. A key revoked by *another* process (the command line against a running server, another
worker or replica) is still accepted here until its entry expires: ``ttl_s`` seconds at most.
"""

import time
import weakref

from graph_service.caching import Clock, Stamp, TimedCache
from graph_service.repository.keys import StoredKey

_LIVE: "weakref.WeakSet[VerifiedKeys]" = weakref.WeakSet()


class VerifiedKeys:
    """One authenticating process's recently verified keys; ``ttl_s`` 0 keeps none."""

    def __init__(self, ttl_s: float, *, clock: Clock = time.monotonic) -> None:
        self._cache: TimedCache[str, StoredKey] = TimedCache(ttl_s, clock=clock)
        _LIVE.add(self)

    def get(self, key_id: str) -> StoredKey | None:
        """The key as stored when it was verified, if that was less than ``ttl_s`` ago."""
        return self._cache.get(key_id)

    def stamp(self) -> Stamp:
        """Taken before reading a key from the store; see :meth:`TimedCache.stamp`."""
        return self._cache.stamp()

    def keep(self, verified: StoredKey, stamp: Stamp) -> None:
        """Keep a key whose secret was just checked; a revoked key is never kept."""
        if verified.key.active:
            self._cache.put(verified.key.key_id, verified, stamp)

    def forget(self, key_id: str) -> None:
        self._cache.forget(key_id)


def forget_key(key_id: str) -> None:
    """Drop ``key_id`` from every verified-key cache of this process, at once."""
    for cache in list(_LIVE):
        cache.forget(key_id)
