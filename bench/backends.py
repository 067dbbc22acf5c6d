"""The graph backends the benchmarks compare, each started for a run: the embedded FalkorDB
server and Neo4j Community (from tools/neo4j_launcher.py, with more memory than the tests give
it). A running backend opens the service's store on it, its engine's own client for the raw
replay, and names the settings that point `graph-service serve` at it.

Over a folder, a backend's graph is kept there and used again by the next run (bench/api.py
keeps each loaded scale); without one, it lives in a temporary folder for the run.
"""

import argparse
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.datasets import DATA
from bench.raw import FalkorDBEngine, Neo4jEngine, RawEngine
from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.neo4j import Neo4jStore
from tools.neo4j_launcher import Neo4jLauncher
from tools.run_neo4j import LOCAL_PASSWORD

BACKENDS = ("embedded", "neo4j")
NEO4J_USER = "neo4j"
NEO4J_DATABASE = "neo4j"  # Community Edition has one user database
NEO4J_HEAP = "4g"
NEO4J_PAGE_CACHE = "3g"


@dataclass(frozen=True)
class Neo4jMemory:
    """What Neo4j may use: its JVM heap and its page cache (sizes such as ``4g``)."""

    heap: str
    page_cache: str


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend", nargs="+", choices=BACKENDS, default=list(BACKENDS), help="default: both"
    )
    parser.add_argument(
        "--neo4j-heap", default=NEO4J_HEAP, help=f"Neo4j's JVM heap (default {NEO4J_HEAP})"
    )
    parser.add_argument(
        "--neo4j-page-cache",
        default=NEO4J_PAGE_CACHE,
        help=f"Neo4j's page cache (default {NEO4J_PAGE_CACHE})",
    )


def neo4j_memory(arguments: argparse.Namespace) -> Neo4jMemory:
    return Neo4jMemory(heap=arguments.neo4j_heap, page_cache=arguments.neo4j_page_cache)


class Backend(ABC):
    """A backend running for a benchmark, with one graph the benchmark measures."""

    name: str

    @abstractmethod
    def open_store(self, *, timeout_ms: int) -> GraphStore:
        """The service's store on the graph; the caller closes it."""

    @abstractmethod
    def raw_engine(self) -> RawEngine:
        """The engine's own client on the graph; the caller closes it."""

    @abstractmethod
    def service_environment(self) -> dict[str, str]:
        """The GRAPH_SERVICE_* settings that serve this graph."""


class EmbeddedBackend(Backend):
    name = "embedded"

    def __init__(self, server: EmbeddedServer, folder: Path, graph: str) -> None:
        self._server = server
        self._folder = folder
        self._graph = graph
        self._catalogue = StatementCatalogue.load("falkordb")

    def open_store(self, *, timeout_ms: int) -> GraphStore:
        return EmbeddedStore(
            self._catalogue, self._server, graph_name=self._graph, timeout_ms=timeout_ms
        )

    def raw_engine(self) -> RawEngine:
        return FalkorDBEngine(self._catalogue, self._server.socket_path, self._graph)

    def service_environment(self) -> dict[str, str]:
        # The service attaches to the server this process started on the folder.
        return {
            "GRAPH_SERVICE_BACKEND": "embedded",
            "GRAPH_SERVICE_DATA_DIR": str(self._folder),
            "GRAPH_SERVICE_GRAPH_NAME": self._graph,
        }


class Neo4jBackend(Backend):
    name = "neo4j"

    def __init__(self, uri: str, budgets: str) -> None:
        self._uri = uri
        self._budgets = budgets
        self._catalogue = StatementCatalogue.load("neo4j")

    def open_store(self, *, timeout_ms: int) -> GraphStore:
        return Neo4jStore(
            self._catalogue,
            uri=self._uri,
            user=NEO4J_USER,
            password=LOCAL_PASSWORD,  # the launcher's Neo4j checks no credentials
            database=NEO4J_DATABASE,
            timeout_ms=timeout_ms,
        )

    def raw_engine(self) -> RawEngine:
        return Neo4jEngine(self._catalogue, self._uri, (NEO4J_USER, LOCAL_PASSWORD), NEO4J_DATABASE)

    def service_environment(self) -> dict[str, str]:
        return {
            "GRAPH_SERVICE_BACKEND": "neo4j",
            "GRAPH_SERVICE_NEO4J_URI": self._uri,
            "GRAPH_SERVICE_NEO4J_USER": NEO4J_USER,
            "GRAPH_SERVICE_NEO4J_PASSWORD": LOCAL_PASSWORD,
            "GRAPH_SERVICE_NEO4J_DATABASE": NEO4J_DATABASE,
            # Neo4j keeps no request budgets: several workers share them on a Redis-protocol
            # server, as a deployment would.
            "GRAPH_SERVICE_RATE_LIMIT_STORAGE_URL": self._budgets,
        }


def started(
    name: str, *, folder: Path | None, graph: str, memory: Neo4jMemory
) -> AbstractContextManager[Backend]:
    """Backend ``name`` running over ``folder`` (kept; made if missing) or a temporary one.

    ``graph`` names the embedded graph; Neo4j Community has its one database. Stores and
    clients opened on the backend must be closed before the block ends.
    """
    if name == "embedded":
        return _embedded(folder, graph)
    if name == "neo4j":
        return _neo4j(folder, memory)
    raise ValueError(f"unknown backend {name!r}; expected one of {BACKENDS}")


@contextmanager
def _embedded(folder: Path | None, graph: str) -> Iterator[Backend]:
    with tempfile.TemporaryDirectory(prefix="bench-embedded-") as temporary:
        server = EmbeddedServer(folder or Path(temporary))
        server.start()
        try:
            yield EmbeddedBackend(server, folder or Path(temporary), graph)
        finally:
            server.stop()


@contextmanager
def _neo4j(folder: Path | None, memory: Neo4jMemory) -> Iterator[Backend]:
    DATA.mkdir(exist_ok=True)
    launcher = Neo4jLauncher(
        DATA / "neo4j-launcher.log",
        jvm_options=(f"-Xms{memory.heap}", f"-Xmx{memory.heap}"),
        page_cache=memory.page_cache,
        store_dir=folder,  # without one, the launcher's own temporary store
        # Opening a large store, or writing out a loaded one when stopping, takes minutes.
        start_timeout_s=900,
        stop_timeout_s=900,
    )
    uri = launcher.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-budgets-") as budgets:
            server = EmbeddedServer(Path(budgets))
            server.start()
            try:
                yield Neo4jBackend(uri, f"unix://{quote(server.socket_path)}")
            finally:
                server.stop()
    finally:
        launcher.stop()
