"""Request budgets kept on the graph's server: one bucket per caller for every process, the
same bucket as the in-process one, and requests let through when the server does not answer."""

import logging
import random
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio

from graph_service.api.budgets import Budgets, open_budgets, storage_url
from graph_service.api.ratelimit import ProcessBudget, RateLimiter
from graph_service.api.shared_budget import BudgetServer, SharedBudget
from graph_service.config import Settings, load_settings
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.port import KeySpace
from tests.falkordb_server import free_port


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def settings(**overrides: object) -> Settings:
    return load_settings(_env_file=None, **overrides)


@pytest.fixture
async def graph(embedded_server: EmbeddedServer) -> AsyncIterator[EmbeddedStore]:
    """A store over a graph of its own on the session's embedded server."""
    store = EmbeddedStore(
        StatementCatalogue.load("falkordb"),
        embedded_server,
        graph_name=f"budgets_{uuid.uuid4().hex[:12]}",
        timeout_ms=30_000,
    )
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def clocked(embedded_server: EmbeddedServer) -> AsyncIterator[tuple[BudgetServer, Clock]]:
    """A connection to the embedded server whose scripts run at the time of a test clock."""
    clock = Clock()
    client = redis.asyncio.Redis(unix_socket_path=embedded_server.socket_path)
    server = BudgetServer(client, where="the test server", clock=clock)
    try:
        yield server, clock
    finally:
        await server.close()


def prefix() -> str:
    return f"graph-service:test_{uuid.uuid4().hex[:12]}:budget"


async def test_two_processes_spend_from_one_budget(graph: EmbeddedStore) -> None:
    configured = settings(rate_limit_per_minute=3, failed_auth_per_minute=2)
    # What two workers on this graph each open: separate connections, the same key space.
    first = await open_budgets(configured, graph.key_space())
    second = await open_budgets(configured, graph.key_space())
    try:
        assert isinstance(first.requests, SharedBudget)
        assert isinstance(second.requests, SharedBudget)
        assert await first.requests.take("key:a") is None
        assert await first.requests.take("key:a") is None
        assert await second.requests.take("key:a") is None
        wait = await second.requests.take("key:a")
        assert wait is not None
        assert 0 < wait <= 20.0  # one request comes back every 60 / 3 seconds
        assert await first.requests.take("key:a") is not None
        assert await first.requests.take("key:b") is None  # another caller's own bucket

        # Failed authentications too: one address's failures in one worker lock it out of both.
        assert await first.failures.take("address:192.0.2.1") is None
        assert await first.failures.take("address:192.0.2.1") is None
        assert await second.failures.exhausted("address:192.0.2.1") is not None
        assert await second.failures.exhausted("address:192.0.2.2") is None
    finally:
        await first.close()
        await second.close()


async def test_graphs_on_one_server_keep_separate_budgets(
    embedded_server: EmbeddedServer,
) -> None:
    configured = settings(rate_limit_per_minute=1)
    url = f"unix://{embedded_server.socket_path}"
    one = await open_budgets(
        configured, KeySpace(prefix="graph-service:one_" + uuid.uuid4().hex, url=url)
    )
    two = await open_budgets(
        configured, KeySpace(prefix="graph-service:two_" + uuid.uuid4().hex, url=url)
    )
    try:
        assert one.requests is not None
        assert two.requests is not None
        assert await one.requests.take("key:a") is None
        assert await one.requests.take("key:a") is not None
        assert await two.requests.take("key:a") is None
    finally:
        await one.close()
        await two.close()


async def test_the_shared_bucket_refills_continuously_and_says_how_long_to_wait(
    clocked: tuple[BudgetServer, Clock],
) -> None:
    server, clock = clocked
    budget = SharedBudget(server, prefix=prefix(), per_minute=60)  # one a second
    assert all([await budget.take("a") is None for _ in range(60)])
    assert await budget.take("a") == pytest.approx(1.0)
    clock.now += 0.5
    assert await budget.take("a") == pytest.approx(0.5)
    assert await budget.exhausted("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert await budget.exhausted("a") is None  # looking spends nothing
    assert await budget.take("a") is None
    assert await budget.take("a") == pytest.approx(1.0)
    clock.now += 3600
    assert all([await budget.take("a") is None for _ in range(60)])  # never more than full


async def test_the_shared_bucket_answers_as_the_in_process_one_does(
    clocked: tuple[BudgetServer, Clock],
) -> None:
    server, clock = clocked
    local_clock = Clock()
    shared = SharedBudget(server, prefix=prefix(), per_minute=7)
    local = ProcessBudget(RateLimiter(7, clock=local_clock))
    steps = random.Random(7)  # noqa: S311  (a repeatable sequence, not a secret)
    for _ in range(300):
        elapsed = steps.choice([0.0, 0.0, 0.3, 1.7, 4.0, 9.5, 30.0])
        clock.now += elapsed
        local_clock.now += elapsed
        caller = steps.choice(["a", "b"])
        if steps.random() < 0.8:
            expected, got = await local.take(caller), await shared.take(caller)
        else:
            expected, got = await local.exhausted(caller), await shared.exhausted(caller)
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, abs=1e-6)


async def test_a_bucket_is_forgotten_once_it_would_be_full_again(
    embedded_server: EmbeddedServer,
) -> None:
    client = redis.asyncio.Redis(unix_socket_path=embedded_server.socket_path)
    server = BudgetServer(client, where="the test server")  # the server's own clock
    keys = prefix()
    budget = SharedBudget(server, prefix=keys, per_minute=600)  # ten a second
    try:
        assert await budget.exhausted("a") is None
        assert await client.exists(f"{keys}:a") == 0  # looking remembers nothing
        assert await budget.take("a") is None
        assert 0 < await client.pttl(f"{keys}:a") <= 100  # full again in a tenth of a second
        for _ in range(9):
            await budget.take("a")
        assert 900 < await client.pttl(f"{keys}:a") <= 1_000
    finally:
        await server.close()


async def test_without_its_server_requests_go_ahead_and_failures_count_here(
    caplog: pytest.LogCaptureFixture,
) -> None:
    configured = settings(
        rate_limit_per_minute=1,
        failed_auth_per_minute=2,
        rate_limit_storage_url=f"redis://127.0.0.1:{free_port()}",  # nothing listens there
    )
    with caplog.at_level(logging.WARNING, logger="graph_service.api.shared_budget"):
        budgets = await open_budgets(configured, KeySpace(prefix=prefix(), url=None))
        try:
            assert budgets.requests is not None
            assert [await budgets.requests.take("key:a") for _ in range(5)] == [None] * 5
            assert await budgets.failures.take("address:x") is None
            assert await budgets.failures.take("address:x") is None
            assert await budgets.failures.exhausted("address:x") is not None
            assert await budgets.failures.take("address:x") is not None
        finally:
            await budgets.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings  # once per outage, not once per request
    assert "cannot reach redis://127.0.0.1" in warnings[0]


async def test_without_a_shared_server_each_process_keeps_its_own_budgets() -> None:
    configured = settings(rate_limit_per_minute=1)
    alone = KeySpace(prefix=prefix(), url=None)
    first, second = await open_budgets(configured, alone), await open_budgets(configured, alone)
    assert isinstance(first.requests, ProcessBudget)
    assert isinstance(second.requests, ProcessBudget)
    assert await first.requests.take("key:a") is None
    assert await second.requests.take("key:a") is None  # each grants the whole budget


async def test_no_request_budget_when_the_limit_is_off(graph: EmbeddedStore) -> None:
    budgets: Budgets = await open_budgets(settings(rate_limit_per_minute=0), graph.key_space())
    try:
        assert budgets.requests is None
        assert isinstance(budgets.failures, SharedBudget)
    finally:
        await budgets.close()


def test_the_storage_url_setting_wins_over_the_graphs_server() -> None:
    own = KeySpace(prefix="graph-service:g", url="unix:///srv/graph.sock")
    assert storage_url(settings(), own) == "unix:///srv/graph.sock"
    chosen = settings(rate_limit_storage_url="redis://budgets:6379")
    assert storage_url(chosen, own) == "redis://budgets:6379"
    assert storage_url(settings(), KeySpace(prefix="graph-service:g", url=None)) is None
