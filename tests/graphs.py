"""Where the tests' graphs live, on either backend, behind one small interface.

A test asks its ``GraphHost`` for a graph by name: an empty one of its own (``scratch``), or
one loaded once per session with a dataset and then shared (``load``, then ``open``).

The embedded server holds any number of graphs, one per name. Neo4j Community Edition holds a
single user database, so on Neo4j a graph is a Neo4j instance of its own: a graph loaded for the
session keeps its instance, and scratch graphs take an idle instance (started when none is idle)
and give it back emptied. Instances come from tools/neo4j-launcher, or the first is the Neo4j
that GRAPH_SERVICE_NEO4J_URI names.
"""

import asyncio
import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import neo4j
import pytest

from graph_service.services import Actor, LoadService
from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue, parse_statement
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.neo4j import Neo4jStore
from tools.neo4j_launcher import Neo4jLauncher, Neo4jLaunchError

TEST_STATEMENTS = Path(__file__).parent / "cypher"
SCRATCH_TIMEOUT_MS = 30_000
LOAD_TIMEOUT_MS = 120_000


def catalogue_with_test_statements(dialect: str) -> StatementCatalogue:
    """The product catalogue plus the statements tests use to look at the graph."""
    product = StatementCatalogue.load(dialect)
    extra = {
        f"test/{path.stem}": parse_statement(f"test/{path.stem}", path)
        for path in TEST_STATEMENTS.glob("*.cypher")
    }
    return StatementCatalogue(dialect, {**{s.name: s for s in product}, **extra})


class GraphHost(ABC):
    """Graphs on one backend; ``backend`` is the test parameter's name for it."""

    backend: str

    @abstractmethod
    async def reserve(self, prefix: str) -> str:
        """A new, empty graph without schema, kept for the caller until ``release``."""

    @abstractmethod
    async def release(self, graph: str) -> None:
        """Empties ``graph``; it is not used again by its caller."""

    @abstractmethod
    def open(self, graph: str, timeout_ms: int = 60_000) -> AbstractAsyncContextManager[GraphStore]:
        """A store over ``graph`` with the test statements, closed on leaving."""

    @asynccontextmanager
    async def scratch(self, prefix: str) -> AsyncIterator[GraphStore]:
        """An empty graph of the caller's own for the block, emptied after it."""
        graph = await self.reserve(prefix)
        try:
            async with self.open(graph, SCRATCH_TIMEOUT_MS) as store:
                yield store
        finally:
            await self.release(graph)

    async def load(self, dataset: Path, prefix: str) -> str:
        """A new graph with the schema, the reference data and ``dataset``; its name."""
        graph = await self.reserve(prefix)
        async with self.open(graph, LOAD_TIMEOUT_MS) as store:
            loading = LoadService(store, Actor("test suite", "cli"))
            await loading.initialise()
            report = await loading.load_dataset(dataset)
            assert report.ok, report.problems[:3]
        return graph


class EmbeddedHost(GraphHost):
    """Graphs named on the session's embedded server."""

    backend = "embedded"

    def __init__(self, server: EmbeddedServer) -> None:
        self.server = server

    async def reserve(self, prefix: str) -> str:
        return f"{prefix}_{uuid.uuid4().hex[:12]}"

    async def release(self, graph: str) -> None:
        async with self.open(graph) as store:
            await store.write("test/clear")

    @asynccontextmanager
    async def open(self, graph: str, timeout_ms: int = 60_000) -> AsyncIterator[GraphStore]:
        store = EmbeddedStore(
            catalogue_with_test_statements("falkordb"),
            self.server,
            graph_name=graph,
            timeout_ms=timeout_ms,
        )
        try:
            yield store
        finally:
            await store.close()  # the session's server outlives this store


class Neo4jHost(GraphHost):
    """Graphs that are Neo4j instances, named by their Bolt URI."""

    backend = "neo4j"

    def __init__(self, log_folder: Path, external_uri: str | None = None) -> None:
        self.log_folder = log_folder
        self.auth = (
            os.environ.get("GRAPH_SERVICE_NEO4J_USER", "neo4j"),
            os.environ.get("GRAPH_SERVICE_NEO4J_PASSWORD", "learning-graph-dev"),
        )
        self.database = os.environ.get("GRAPH_SERVICE_NEO4J_DATABASE", "neo4j")
        self._idle: list[str] = [external_uri] if external_uri else []
        self._launchers: list[Neo4jLauncher] = []

    async def reserve(self, prefix: str) -> str:
        uri = self._idle.pop() if self._idle else await self._launch(prefix)
        await self._empty(uri)
        return uri

    async def release(self, graph: str) -> None:
        await self._empty(graph)
        self._idle.append(graph)

    @asynccontextmanager
    async def open(self, graph: str, timeout_ms: int = 60_000) -> AsyncIterator[GraphStore]:
        store = Neo4jStore(
            catalogue_with_test_statements("neo4j"),
            uri=graph,
            user=self.auth[0],
            password=self.auth[1],
            database=self.database,
            timeout_ms=timeout_ms,
        )
        try:
            yield store
        finally:
            await store.close()

    async def _launch(self, prefix: str) -> str:
        """Starts one more Neo4j. One that cannot start fails the test with its log: the
        Neo4j cases never skip."""
        log = self.log_folder / f"{len(self._launchers):02d}-{prefix}.log"
        launcher = Neo4jLauncher(log)
        try:
            uri = await asyncio.to_thread(launcher.start)
        except Neo4jLaunchError as exc:
            pytest.fail(str(exc), pytrace=False)
        self._launchers.append(launcher)
        return uri

    async def _empty(self, uri: str) -> None:
        """Deletes every node and drops every constraint and index, as a new embedded graph
        has none. Neo4j's own token look-up indexes stay."""
        async with self.open(uri) as store:
            await store.write("test/clear")
        async with neo4j.AsyncGraphDatabase.driver(uri, auth=self.auth) as driver:
            for listing, drop in (
                ("SHOW CONSTRAINTS YIELD name RETURN name", "DROP CONSTRAINT"),
                ("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", "DROP INDEX"),
            ):
                records, _, _ = await driver.execute_query(listing, database_=self.database)
                for record in records:
                    # Names come from Neo4j itself; backticks quote them whatever they contain.
                    name = str(record["name"]).replace("`", "``")
                    await driver.execute_query(
                        f"{drop} `{name}` IF EXISTS", database_=self.database
                    )

    def stop(self) -> None:
        for launcher in self._launchers:
            launcher.stop()
        self._launchers.clear()
