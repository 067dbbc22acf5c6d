"""Shared fixtures: real graph stores in temporary folders, never mocks.

The embedded FalkorDB server is started once per test session in a temporary data directory;
each test gets its own graph on it, so tests are isolated without restarting the server.
The same tests run on Neo4j Community Edition, started once per session by the first test that
needs it (tools/neo4j_launcher.py), or on the Neo4j that GRAPH_SERVICE_NEO4J_URI names.
"""

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import neo4j
import pytest

from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue, default_root, parse_statement
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.neo4j import Neo4jStore
from tools.neo4j_launcher import Neo4jLauncher, Neo4jLaunchError

REPO = Path(__file__).resolve().parents[1]
TEST_STATEMENTS = Path(__file__).parent / "cypher"
NEO4J_URI = os.environ.get("GRAPH_SERVICE_NEO4J_URI")


def catalogue_with_test_statements(dialect: str) -> StatementCatalogue:
    """The product catalogue plus the statements tests use to look at the graph."""
    product = StatementCatalogue.load(dialect)
    extra = {
        f"test/{path.stem}": parse_statement(f"test/{path.stem}", path)
        for path in TEST_STATEMENTS.glob("*.cypher")
    }
    return StatementCatalogue(dialect, {**{s.name: s for s in product}, **extra})


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(tmp_path_factory.mktemp("embedded"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Neo4j the tests use: GRAPH_SERVICE_NEO4J_URI's, or one started for this session.

    A Neo4j that cannot start fails the tests that need it, with its log; they never skip.
    """
    if NEO4J_URI is not None:
        yield NEO4J_URI
        return
    launcher = Neo4jLauncher(tmp_path_factory.mktemp("neo4j") / "launcher.log")
    try:
        uri = launcher.start()
    except Neo4jLaunchError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield uri
    finally:
        launcher.stop()


async def drop_neo4j_schema(uri: str, auth: tuple[str, str], database: str) -> None:
    """Drops every constraint and index, as a new embedded graph has none.

    Neo4j Community has one user database, so the tests share it: without this, a test would
    find the schema an earlier test applied. Neo4j's own token look-up indexes stay.
    """
    async with neo4j.AsyncGraphDatabase.driver(uri, auth=auth) as driver:
        for listing, drop in (
            ("SHOW CONSTRAINTS YIELD name RETURN name", "DROP CONSTRAINT"),
            ("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", "DROP INDEX"),
        ):
            records, _, _ = await driver.execute_query(listing, database_=database)
            for record in records:
                # Names come from Neo4j itself; backticks quote them whatever they contain.
                name = str(record["name"]).replace("`", "``")
                await driver.execute_query(f"{drop} `{name}` IF EXISTS", database_=database)


def _backends() -> list[object]:
    return ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=_backends())
async def store(
    request: pytest.FixtureRequest, embedded_server: EmbeddedServer
) -> AsyncIterator[GraphStore]:
    """An empty graph on each configured backend (the contract tests' parameter)."""
    backend: str = request.param
    active: GraphStore
    if backend == "embedded":
        active = EmbeddedStore(
            catalogue_with_test_statements("falkordb"),
            embedded_server,
            graph_name=f"test_{uuid.uuid4().hex[:12]}",
            timeout_ms=30_000,
        )
    else:
        uri: str = request.getfixturevalue("neo4j_uri")
        auth = (
            os.environ.get("GRAPH_SERVICE_NEO4J_USER", "neo4j"),
            os.environ.get("GRAPH_SERVICE_NEO4J_PASSWORD", "learning-graph-dev"),
        )
        database = os.environ.get("GRAPH_SERVICE_NEO4J_DATABASE", "neo4j")
        active = Neo4jStore(
            catalogue_with_test_statements("neo4j"),
            uri=uri,
            user=auth[0],
            password=auth[1],
            database=database,
            timeout_ms=30_000,
        )
        await active.write("test/clear")
        await drop_neo4j_schema(uri, auth, database)
    try:
        yield active
    finally:
        await active.write("test/clear")
        await active.close()  # the session's embedded server outlives this store


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A writable copy of the product catalogue, for tests that break it on purpose."""
    target = tmp_path / "cypher"
    shutil.copytree(default_root(), target)
    return target


# A test is an engine test when it uses one of these fixtures, directly or through another
# fixture, or carries @pytest.mark.engine because it starts an engine itself; every other
# test is a unit test, so `pytest -m unit` stays a quick loop.
ENGINE_FIXTURES = frozenset({"embedded_server", "neo4j_uri", "store", "falkordb_server"})
ENGINE_MARKERS = ("engine", "neo4j", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        starts_engine = not ENGINE_FIXTURES.isdisjoint(fixtures) or any(
            item.get_closest_marker(marker) for marker in ENGINE_MARKERS
        )
        item.add_marker(pytest.mark.engine if starts_engine else pytest.mark.unit)
