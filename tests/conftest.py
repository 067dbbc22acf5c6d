"""Shared fixtures: real graph stores in temporary folders, never mocks.

The embedded FalkorDB server is started once per test session in a temporary data directory;
each test gets its own graph on it, so tests are isolated without restarting the server.
Contract tests also run against Neo4j when GRAPH_SERVICE_NEO4J_URI is set.
"""

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue, default_root, parse_statement
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.neo4j import Neo4jStore

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


def _backends() -> list[object]:
    neo4j = pytest.param(
        "neo4j",
        marks=[
            pytest.mark.neo4j,
            pytest.mark.skipif(NEO4J_URI is None, reason="GRAPH_SERVICE_NEO4J_URI is not set"),
        ],
    )
    return ["embedded", neo4j]


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
        assert NEO4J_URI is not None
        active = Neo4jStore(
            catalogue_with_test_statements("neo4j"),
            uri=NEO4J_URI,
            user=os.environ.get("GRAPH_SERVICE_NEO4J_USER", "neo4j"),
            password=os.environ.get("GRAPH_SERVICE_NEO4J_PASSWORD", "learning-graph-dev"),
            database=os.environ.get("GRAPH_SERVICE_NEO4J_DATABASE", "neo4j"),
            timeout_ms=30_000,
        )
        await active.write("test/clear")
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
