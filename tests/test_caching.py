"""What a process keeps for a few seconds: kept only that long from the read, never longer for
being used, and never brought back by a read that began before it was forgotten."""

import pytest

from graph_service.auth.verified import VerifiedKeys, forget_key
from graph_service.caching import TimedCache
from graph_service.domain.access import ApiKey, Role
from graph_service.repository.keys import StoredKey


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_lives_its_time_from_the_read_however_often_it_is_used() -> None:
    clock = Clock()
    cache: TimedCache[str, int] = TimedCache(5, clock=clock)
    cache.put("a", 1, cache.stamp())
    for moment in (100.0, 102.0, 104.9):
        clock.now = moment
        assert cache.get("a") == 1
    clock.now = 105.0
    assert cache.get("a") is None
    assert cache.get("b") is None


def test_a_time_of_zero_keeps_nothing() -> None:
    cache: TimedCache[str, int] = TimedCache(0, clock=Clock())
    cache.put("a", 1, cache.stamp())
    assert cache.get("a") is None
    with pytest.raises(ValueError, match="0 or more"):
        TimedCache(-1)


@pytest.mark.parametrize("drop", ["forget", "clear"])
def test_a_value_read_before_it_was_dropped_is_not_kept(drop: str) -> None:
    cache: TimedCache[str, int] = TimedCache(5, clock=Clock())
    cache.put("a", 1, cache.stamp())
    stamp = cache.stamp()  # a read of "a" begins...
    if drop == "forget":  # ...it is dropped meanwhile...
        cache.forget("a")
    else:
        cache.clear()
    cache.put("a", 1, stamp)  # ...and what that read found comes back too late
    assert cache.get("a") is None
    cache.put("a", 2, cache.stamp())  # a read begun after it is kept
    assert cache.get("a") == 2


def _stored(key_id: str, *, revoked: bool = False) -> StoredKey:
    key = ApiKey(
        key_id=key_id,
        name=f"name-{key_id}",
        role=Role.ANALYST,
        created_at="2026-01-01T00:00:00Z",
        revoked_at="2026-01-02T00:00:00Z" if revoked else None,
    )
    return StoredKey(key=key, salt="00" * 16, secret_hash="11" * 32)


def test_a_revoked_key_is_never_kept() -> None:
    verified = VerifiedKeys(5, clock=Clock())
    verified.keep(_stored("AAAAAAAAAAAA", revoked=True), verified.stamp())
    assert verified.get("AAAAAAAAAAAA") is None
    verified.keep(_stored("BBBBBBBBBBBB"), verified.stamp())
    assert verified.get("BBBBBBBBBBBB") == _stored("BBBBBBBBBBBB")


def test_forgetting_a_key_reaches_every_cache_of_the_process() -> None:
    caches = [VerifiedKeys(5, clock=Clock()) for _ in range(3)]
    for cache in caches:
        cache.keep(_stored("CCCCCCCCCCCC"), cache.stamp())
        cache.keep(_stored("DDDDDDDDDDDD"), cache.stamp())
    forget_key("CCCCCCCCCCCC")
    assert [cache.get("CCCCCCCCCCCC") for cache in caches] == [None] * 3
    assert all(cache.get("DDDDDDDDDDDD") is not None for cache in caches)


def test_an_entry_lives_its_time_from_when_its_read_began_however_long_the_read_took() -> None:
    clock = Clock()
    cache: TimedCache[str, int] = TimedCache(5, clock=clock)
    stamp = cache.stamp()  # the read begins at 100 s...
    clock.now = 103.0  # ...and takes 3 s: what it found may have changed meanwhile
    cache.put("a", 1, stamp)
    clock.now = 104.9
    assert cache.get("a") == 1
    clock.now = 105.0
    assert cache.get("a") is None
