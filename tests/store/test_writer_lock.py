"""The writer lock of the store port: one writer at a time, on every configured backend."""

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio

from graph_service.errors import WriterBusyError, WriterLostError
from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.falkordb import FalkorDBStore, WriterLeaseKey
from graph_service.store.writer import WriterClaim, hold
from tests.falkordb_server import FalkorDBProcess


async def _hold_until(
    store: GraphStore, task: str, held: asyncio.Event, done: asyncio.Event
) -> None:
    async with store.writer(task):
        held.set()
        await done.wait()


async def test_a_second_writer_is_refused_with_the_name_of_the_first(store: GraphStore) -> None:
    held, done = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(_hold_until(store, "load run-1 of dataset 'first'", held, done))
    await held.wait()
    try:
        with pytest.raises(WriterBusyError) as refused:
            async with store.writer("refresh of the derived data"):
                pytest.fail("two writers held the lock at once")
    finally:
        done.set()
        await first
    message = refused.value.message
    assert "cannot start the refresh of the derived data" in message
    assert "load run-1 of dataset 'first'" in message
    assert f"process {os.getpid()} on {socket.gethostname()}" in message
    assert "since 20" in message
    assert "UTC" in message
    assert "wait until it finishes and retry" in message
    assert "\n" not in message
    async with store.writer("the next writer"):  # released when the first ended
        pass


async def test_a_writer_may_wait_for_the_one_before_it(store: GraphStore) -> None:
    held, done = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(_hold_until(store, "first writer", held, done))
    await held.wait()
    order: list[str] = []

    async def second() -> None:
        async with store.writer("second writer", wait_s=30):
            order.append("second")

    waiting = asyncio.create_task(second())
    await asyncio.sleep(0.3)
    assert order == []  # still waiting
    order.append("first ends")
    done.set()
    await asyncio.wait_for(asyncio.gather(first, waiting), timeout=30)
    assert order == ["first ends", "second"]


async def test_waiting_too_short_is_refused_after_the_wait(store: GraphStore) -> None:
    held, done = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(_hold_until(store, "first writer", held, done))
    await held.wait()
    try:
        with pytest.raises(WriterBusyError, match=r"first writer .* after waiting 0\.6 s"):
            async with store.writer("second writer", wait_s=0.6):
                pass
    finally:
        done.set()
        await first


async def test_the_holder_may_take_the_lock_again_within_its_work(store: GraphStore) -> None:
    async with store.writer("load"), store.writer("its refresh"):
        pass
    async with store.writer("after both ended"):
        pass


async def test_a_writer_that_fails_releases_the_lock(store: GraphStore) -> None:
    with pytest.raises(RuntimeError):
        async with store.writer("failing writer"):
            raise RuntimeError("boom")
    async with store.writer("next writer"):
        pass


# ---------------------------------------------------------------------------------------------
# The lease on a FalkorDB server: two stores stand for two processes on two hosts.

LEASE_KEY = "graph-service:writer:learning"


@pytest.fixture
def falkordb_server(tmp_path: Path) -> Iterator[FalkorDBProcess]:
    server = FalkorDBProcess(tmp_path / "falkordb")
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def connection(falkordb_server: FalkorDBProcess) -> AsyncIterator[redis.asyncio.Redis]:
    client = redis.asyncio.Redis.from_url(falkordb_server.url)
    yield client
    await client.aclose()


async def _server_store(server: FalkorDBProcess) -> FalkorDBStore:
    catalogue = StatementCatalogue.load("falkordb")
    return await asyncio.to_thread(
        lambda: FalkorDBStore(catalogue, graph_name="learning", timeout_ms=30_000, url=server.url)
    )


async def test_on_a_falkordb_server_a_second_writer_is_refused(
    falkordb_server: FalkorDBProcess,
) -> None:
    first, second = await _server_store(falkordb_server), await _server_store(falkordb_server)
    held, done = asyncio.Event(), asyncio.Event()
    holding = asyncio.create_task(_hold_until(first, "load run-A of dataset 'a'", held, done))
    try:
        await held.wait()
        with pytest.raises(WriterBusyError, match=r"the load run-A of dataset 'a' \(process"):
            async with second.writer("refresh of the derived data"):
                pytest.fail("two writers held the lease at once")
        done.set()
        await holding
        async with second.writer("refresh of the derived data"):
            pass
    finally:
        done.set()
        await first.close()
        await second.close()


async def test_a_lease_nobody_renews_frees_the_graph_when_it_expires(
    falkordb_server: FalkorDBProcess, connection: redis.asyncio.Redis
) -> None:
    stopped = WriterClaim.new("load of a process that was killed")
    assert await WriterLeaseKey(connection, LEASE_KEY, ttl_ms=300).try_acquire(stopped) is None
    store = await _server_store(falkordb_server)
    try:
        with pytest.raises(WriterBusyError, match="process that was killed"):
            async with store.writer("next load"):
                pass
        async with store.writer("next load", wait_s=10):  # taken once the lease ran out
            pass
    finally:
        await store.close()


async def test_a_renewed_lease_outlives_its_expiry(connection: redis.asyncio.Redis) -> None:
    lease = WriterLeaseKey(connection, LEASE_KEY, ttl_ms=400, renew_every_s=0.1)
    async with hold(lease, "long load"):
        await asyncio.sleep(1.2)
        holder = await WriterLeaseKey(connection, LEASE_KEY).try_acquire(WriterClaim.new("other"))
        assert holder is not None
        assert holder.task == "long load"
    assert await connection.get(LEASE_KEY) is None  # released at the end


async def test_a_writer_whose_lease_was_taken_is_stopped(connection: redis.asyncio.Redis) -> None:
    late = WriterLeaseKey(connection, LEASE_KEY, ttl_ms=200, renew_every_s=0.6)
    other = WriterClaim.new("other writer")

    async def long_load() -> None:
        async with hold(late, "long load"):
            await asyncio.sleep(0.4)  # the lease expired before its renewal
            assert await WriterLeaseKey(connection, LEASE_KEY).try_acquire(other) is None
            await asyncio.sleep(10)
            pytest.fail("the writer went on after losing its lease")

    with pytest.raises(WriterLostError, match="long load stopped"):
        await long_load()
    # Its release left the other writer's lease alone.
    assert WriterClaim.from_json(await connection.get(LEASE_KEY)) == other
