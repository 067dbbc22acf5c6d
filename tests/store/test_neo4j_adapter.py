"""The Neo4j adapter as far as the driver goes without a server."""

import logging

import neo4j.time
import pytest

from graph_service.config import Settings
from graph_service.errors import StoreUnavailableError
from graph_service.store import GRAPH_SCHEMA, open_store
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.neo4j import Neo4jStore, ddl_statements, to_plain
from tests.falkordb_server import free_port


def _store(uri: str) -> Neo4jStore:
    return Neo4jStore(
        StatementCatalogue.load("neo4j"),
        uri=uri,
        user="neo4j",
        password="not-a-real-password",
        database="neo4j",
        timeout_ms=2_000,
        retry_time_s=0.5,
    )


async def test_the_settings_open_a_neo4j_store() -> None:
    settings = Settings(
        backend="neo4j",
        neo4j_uri="neo4j://db.example:7687",
        neo4j_password="pw",
        neo4j_database="learning",
        _env_file=None,
    )
    store = await open_store(settings)
    try:
        assert isinstance(store, Neo4jStore)
        assert store.description == "Neo4j database 'learning' at neo4j://db.example:7687"
        assert "pw" not in store.description
    finally:
        await store.close()


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
async def test_an_unreachable_server_is_a_clear_unavailable_error(scheme: str) -> None:
    store = _store(f"{scheme}://127.0.0.1:{free_port()}")
    try:
        with pytest.raises(StoreUnavailableError, match="unavailable"):
            await store.ping()
        with pytest.raises(StoreUnavailableError, match="GRAPH_SERVICE_NEO4J_URI"):
            await store.read("reference/themes")
    finally:
        await store.close()


def test_driver_values_become_plain_values() -> None:
    assert to_plain(neo4j.time.Date(2024, 10, 1)) == "2024-10-01"
    assert to_plain(neo4j.time.DateTime(2024, 10, 1, 12, 30, 0)).startswith("2024-10-01T12:30:00")
    assert to_plain({"d": [neo4j.time.Date(2020, 1, 2)], "n": None}) == {
        "d": ["2020-01-02"],
        "n": None,
    }
    assert to_plain((1, "a", 2.5, True)) == [1, "a", 2.5, True]


def test_ddl_covers_every_key_and_index_idempotently() -> None:
    statements = dict(ddl_statements(GRAPH_SCHEMA))
    assert len(statements) == (
        len(GRAPH_SCHEMA.keys) + len(GRAPH_SCHEMA.indexes) + len(GRAPH_SCHEMA.fulltext)
    )
    assert all("IF NOT EXISTS" in text for text in statements.values())
    assert (
        statements["review_id_unique"]
        == "CREATE CONSTRAINT review_id_unique IF NOT EXISTS FOR (n:Review) REQUIRE n.id IS UNIQUE"
    )
    assert statements["finding_fulltext"].endswith("ON EACH [n.text]")


@pytest.mark.parametrize(
    ("service_level", "driver_level"),
    [(logging.DEBUG, logging.INFO), (logging.INFO, logging.INFO), (logging.ERROR, logging.ERROR)],
)
async def test_the_driver_never_logs_below_info_nor_below_the_service(
    service_level: int, driver_level: int
) -> None:
    root, driver_log = logging.getLogger(), logging.getLogger("neo4j")
    saved = root.level, driver_log.level
    root.setLevel(service_level)
    try:
        store = _store(f"bolt://127.0.0.1:{free_port()}")
        await store.close()
        assert driver_log.level == driver_level
    finally:
        root.setLevel(saved[0])
        driver_log.setLevel(saved[1])
