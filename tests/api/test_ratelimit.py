"""Per-caller request budgets: bursts up to the minute's budget, then the steady rate."""

import pytest

from graph_service.api import ratelimit
from graph_service.api.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_caller_may_burst_the_whole_budget_then_waits_for_the_refill() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)  # one a second
    assert all(limiter.take("a") is None for _ in range(60))
    wait = limiter.take("a")
    assert wait == pytest.approx(1.0)
    clock.now += 0.5
    assert limiter.take("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.take("a") is None


def test_callers_have_separate_budgets() -> None:
    limiter = RateLimiter(2, clock=Clock())
    assert limiter.take("a") is None
    assert limiter.take("a") is None
    assert limiter.take("a") is not None
    assert limiter.take("b") is None


def test_exhausted_looks_without_spending() -> None:
    limiter = RateLimiter(1, clock=Clock())
    assert limiter.exhausted("a") is None
    assert limiter.exhausted("a") is None
    assert limiter.take("a") is None
    assert limiter.exhausted("a") == pytest.approx(60.0)


def test_callers_are_forgotten_once_their_bucket_has_refilled() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)
    for caller in ("a", "b", "c"):
        limiter.take(caller)
    clock.now += 59
    limiter.take("d")
    assert len(limiter._buckets) == 4  # a, b and c have not refilled yet
    clock.now += 2
    limiter.take("d")
    assert list(limiter._buckets) == ["d"]


def test_looking_does_not_remember_a_caller() -> None:
    limiter = RateLimiter(60, clock=Clock())
    for address in range(1_000):
        assert limiter.exhausted(f"address:{address}") is None
    assert len(limiter._buckets) == 0


def test_no_more_than_the_cap_of_callers_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "MAX_CALLERS", 3)
    limiter = RateLimiter(60, clock=Clock())
    for caller in ("a", "b", "c", "d"):
        limiter.take(caller)
    assert list(limiter._buckets) == ["b", "c", "d"]  # the longest idle went first


def test_a_budget_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one request"):
        RateLimiter(0)
