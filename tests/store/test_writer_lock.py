"""The writer lock of the store port: one writer at a time, on every configured backend."""

import asyncio
import os
import socket

import pytest

from graph_service.errors import WriterBusyError
from graph_service.store import GraphStore
from graph_service.store.neo4j import LEASE_SCHEMA, ddl_statements
from tests.cypher_lint import problems


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


def test_the_lease_constraint_passes_the_neo4j_analyser() -> None:
    found = problems({f"schema DDL {name}": text for name, text in ddl_statements(LEASE_SCHEMA)})
    assert not found, found
