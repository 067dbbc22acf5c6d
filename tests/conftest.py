"""Shared fixtures: real graph stores in temporary folders, never mocks.

The embedded FalkorDB server is started once per test session in a temporary data directory;
each test gets its own graph on it, so tests are isolated without restarting the server.
Tests that use ``graph_host`` (or a fixture built on it, such as ``store``) run on Neo4j
Community Edition as well: tests/graphs.py says how its instances are shared.
"""

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph_service.store import GraphStore
from graph_service.store.catalogue import default_root
from graph_service.store.embedded import EmbeddedServer
from tests.graphs import EmbeddedHost, GraphHost, Neo4jHost

REPO = Path(__file__).resolve().parents[1]
NEO4J_URI = os.environ.get("GRAPH_SERVICE_NEO4J_URI")


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(tmp_path_factory.mktemp("embedded"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jHost]:
    """Neo4j instances for the session, started as the tests need them.

    A Neo4j that cannot start fails the tests that need it, with its log; they never skip.
    """
    host = Neo4jHost(tmp_path_factory.mktemp("neo4j"), external_uri=NEO4J_URI)
    try:
        yield host
    finally:
        host.stop()


@pytest.fixture(
    scope="session", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]
)
def graph_host(request: pytest.FixtureRequest) -> GraphHost:
    """The backend a test runs on: every test that uses it runs on both."""
    if request.param == "embedded":
        return EmbeddedHost(request.getfixturevalue("embedded_server"))
    host: Neo4jHost = request.getfixturevalue("neo4j_host")
    return host


@pytest.fixture
async def store(graph_host: GraphHost) -> AsyncIterator[GraphStore]:
    """An empty graph of the test's own, without schema, on each backend."""
    async with graph_host.scratch("test") as active:
        yield active


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A writable copy of the product catalogue, for tests that break it on purpose."""
    target = tmp_path / "cypher"
    shutil.copytree(default_root(), target)
    return target


# A test is an engine test when it uses one of these fixtures, directly or through another
# fixture, or carries @pytest.mark.engine because it starts an engine itself; every other
# test is a unit test, so `pytest -m unit` stays a quick loop.
ENGINE_FIXTURES = frozenset(
    {"embedded_server", "neo4j_host", "graph_host", "store", "falkordb_server"}
)
ENGINE_MARKERS = ("engine", "neo4j", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        starts_engine = not ENGINE_FIXTURES.isdisjoint(fixtures) or any(
            item.get_closest_marker(marker) for marker in ENGINE_MARKERS
        )
        item.add_marker(pytest.mark.engine if starts_engine else pytest.mark.unit)
