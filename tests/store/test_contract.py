"""The store contract, run on every configured backend with the same test bodies."""

import asyncio
import logging

import pytest

from graph_service.errors import (
    CatalogueError,
    ConstraintViolationError,
    StoreError,
    StoreQueryError,
)
from graph_service.store import GRAPH_SCHEMA, GraphStore

TRICKY_STRINGS = [
    "",
    'quote " inside',
    'back\\slash and \\" both',
    "new\nline and\ttab",
    "ünïcödé — “curly” ✓",
    "`backtick` and 'single'",
    '"}) MATCH (n) DETACH DELETE n //',
    "CYPHER value=1 RETURN 2",
]


@pytest.mark.parametrize("text", TRICKY_STRINGS)
async def test_strings_travel_as_data_not_as_cypher(store: GraphStore, text: str) -> None:
    rows = await store.read("test/echo", {"value": text})
    assert rows == [{"value": text}]


@pytest.mark.parametrize(
    "value",
    [
        0,
        -(2**53),
        2**62,
        1.5,
        -0.25,
        1e-12,
        True,
        False,
        None,
        [1, 2, 3],
        ["a", "b"],
        [],
        {"a": 1, "b": [True, None, "x"], "nested": {"c": 2.5}},
    ],
)
async def test_plain_values_round_trip(store: GraphStore, value: object) -> None:
    rows = await store.read("test/echo", {"value": value})
    assert rows == [{"value": value}]


async def test_rows_are_plain_dicts_keyed_by_column(store: GraphStore) -> None:
    await store.apply_schema(GRAPH_SCHEMA)
    await store.write(
        "reference/upsert_themes",
        {
            "rows": [{"code": "B", "name": "Bee", "definition": None, "source": None}],
            "version": "1",
        },
    )
    rows = await store.read("reference/themes")
    assert rows == [{"code": "B", "name": "Bee", "definition": None, "source": None}]
    assert type(rows[0]) is dict


async def test_missing_or_extra_parameters_are_refused_before_running(store: GraphStore) -> None:
    before = store.statements_run
    with pytest.raises(CatalogueError, match=r"missing \$value"):
        await store.read("test/echo", {})
    with pytest.raises(CatalogueError, match=r"unexpected \$other"):
        await store.read("test/echo", {"value": 1, "other": 2})
    assert store.statements_run == before


async def test_unknown_statement_names_the_file_to_add(store: GraphStore) -> None:
    with pytest.raises(CatalogueError, match=r"cypher/no/such\.cypher"):
        await store.read("no/such")


async def test_a_failing_statement_reports_its_name(store: GraphStore) -> None:
    with pytest.raises(StoreQueryError, match="test/broken"):
        await store.read("test/broken")


async def test_schema_is_applied_once_and_enforces_unique_keys(store: GraphStore) -> None:
    first = await store.apply_schema(GRAPH_SCHEMA)
    assert len(first) >= len(GRAPH_SCHEMA.keys)
    assert await store.apply_schema(GRAPH_SCHEMA) == []
    await store.write("test/create_theme", {"code": "DUP"})
    with pytest.raises(ConstraintViolationError, match="test/create_theme"):
        await store.write("test/create_theme", {"code": "DUP"})
    assert await store.read("test/count_nodes") == [{"nodes": 1}]


async def test_batched_writes_run_one_statement_per_batch(store: GraphStore) -> None:
    rows = [
        {"code": f"T{i}", "name": f"Theme {i}", "definition": None, "source": None}
        for i in range(25)
    ]
    before = store.statements_run
    result = await store.write_batches(
        "reference/upsert_themes", rows, batch_size=10, extra={"version": "1"}
    )
    assert result.batches == 3
    assert store.statements_run - before == 3
    assert sum(row["written"] for row in result.rows) == 25
    assert await store.read("test/count_nodes") == [{"nodes": 25}]


async def test_reading_a_property_no_node_has_yet_logs_no_warning(
    store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    # A growing graph meets properties and relationship types before any data has them (a
    # key never revoked has no revokedAt); that is no reason for a warning at every read.
    with caplog.at_level(logging.INFO):
        assert await store.read("test/count_unwritten_property") == [{"nodes": 0}]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_ping_answers_when_the_store_is_up(store: GraphStore) -> None:
    await store.ping()


async def test_write_each_runs_in_order_and_stops_cleanly_on_failure(store: GraphStore) -> None:
    codes = [f"W{i}" for i in range(6)]
    seen = [
        name
        async for name, _ in store.write_each(("test/create_theme", {"code": c}) for c in codes)
    ]
    assert seen == ["test/create_theme"] * 6
    # A failure at the very end (the encoder has finished and queued everything) and a
    # consumer that stops early must both return promptly, not hang.
    failing = [("test/create_theme", {"code": "X1"}), ("test/broken", {})]

    async def drain() -> None:
        async for _ in store.write_each(iter(failing)):
            pass

    with pytest.raises(StoreQueryError, match="test/broken"):
        await asyncio.wait_for(drain(), timeout=30)
    async with asyncio.timeout(30):
        async for _ in store.write_each(
            ("test/create_theme", {"code": f"Y{i}"}) for i in range(20)
        ):
            break
    assert len(await store.read("test/count_nodes")) == 1


async def test_a_store_with_a_longer_limit_runs_what_a_short_one_stops(store: GraphStore) -> None:
    slow = {"n": 30_000_000}

    with pytest.raises(StoreError):
        await store.with_timeout(1).read("test/slow", slow)
    patient = store.with_timeout(600_000)

    assert await patient.read("test/slow", slow) == [{"total": 30_000_000}]
