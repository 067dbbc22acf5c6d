"""Loader throughput against the raw engine running the same statements, in the same run.

For each scale: generate a synthetic dataset (cached under bench/data/), then
1. load it with ``load_dataset`` into a fresh embedded store: reading, validation, preparing,
   writing and recomputing the derived data, all timed together;
2. into another fresh embedded store, replay exactly the statements and parameters that load
   issued (captured beforehand and encoded before timing) through the FalkorDB client: the
   raw engine doing the same writes with nothing else to do; then the statements of the
   derivation, captured on that loaded graph, likewise.
Both stores start with the schema and reference data. Prints a Markdown table; the ratio is
loader rows/s divided by raw rows/s.

    .venv/bin/python -m bench.load --reviews 5000 50000
"""

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from falkordb.asyncio import FalkorDB

from graph_service.repository import DatasetRepository, DerivedRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphSchema, GraphStore
from graph_service.store.catalogue import Statement, StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.falkordb import encode_parameters
from graph_service.store.port import Params, Row
from graph_service.store.writer import WriterLock
from loaders.dataset.load import DEFAULT_BATCH_SIZE, load_dataset
from loaders.generate import generate_dataset
from loaders.reference import load_reference

DATA = Path(__file__).parent / "data"
SEED = 1


class _Over(GraphStore):
    """A store standing in front of a real one, which stays open and unchanged by it."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(store.catalogue)
        self._store = store

    @property
    def description(self) -> str:
        return f"stand-in over {self._store.description}"

    async def apply_schema(self, schema: GraphSchema) -> list[str]:
        return []

    def _writer_lock(self) -> WriterLock:
        return self._store._writer_lock()  # writers take turns on the real store

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None


class _Recorder(_Over):
    """Reads from a real store; keeps every write it is asked for instead of running it."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(store)
        self.writes: list[tuple[str, dict[str, Any]]] = []

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        if read_only:
            return await self._store.read(statement.name, params)
        self.writes.append((statement.name, dict(params)))
        return [{"changed": 0, "created": 0, "linked": 0, "id": "x"}]


class _Capturing(_Over):
    """Runs every statement on a real store and keeps each one, with its parameters."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(store)
        self.statements: list[tuple[str, dict[str, Any]]] = []

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        self.statements.append((statement.name, dict(params)))
        if read_only:
            return await self._store.read(statement.name, params)
        return await self._store.write(statement.name, params)


async def _fresh_store(folder: Path) -> tuple[EmbeddedServer, EmbeddedStore]:
    server = EmbeddedServer(folder)
    server.start()
    store = EmbeddedStore(
        StatementCatalogue.load("falkordb"), server, graph_name="bench", timeout_ms=600_000
    )
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return server, store


async def _loader_seconds(dataset: Path, batch_size: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        server, store = await _fresh_store(Path(folder))
        try:
            start = time.perf_counter()
            report = await load_dataset(dataset, DatasetRepository(store), batch_size=batch_size)
            seconds = time.perf_counter() - start
        finally:
            await store.close()
            server.stop()
    if not report.ok:
        raise SystemExit(f"the benchmark dataset did not validate: {report.problems[0]}")
    return seconds, sum(summary.rows for summary in report.entities.values())


async def _raw_seconds(dataset: Path, batch_size: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        server, store = await _fresh_store(Path(folder))
        client = FalkorDB(unix_socket_path=server.socket_path)
        raw = client.select_graph("bench")
        try:
            # Capture what the loader writes (validation reads the real, still empty, graph),
            # and encode every statement before the clock starts.
            recorder = _Recorder(store)
            await load_dataset(dataset, DatasetRepository(recorder), batch_size=batch_size)
            # Derivation is replayed apart, below: here it ran over a graph still empty.
            queries = [
                encode_parameters(name, params) + store.catalogue.get(name).text
                for name, params in recorder.writes
                if not name.startswith("derive/")
            ]
            del recorder
            start = time.perf_counter()
            for query in queries:
                await raw.query(query, timeout=600_000)
            seconds = time.perf_counter() - start
            # The load ends by deriving; capture those statements on the loaded graph (a
            # derivation replaces what it derives, so running them again is the same work).
            capturing = _Capturing(store)
            await DerivedRepository(capturing).refresh()
            derive = [
                encode_parameters(name, params) + store.catalogue.get(name).text
                for name, params in capturing.statements
            ]
            start = time.perf_counter()
            for query in derive:
                await raw.query(query, timeout=3_600_000)
            seconds += time.perf_counter() - start
        finally:
            await client.aclose()  # the server only stops once its last client has gone
            await store.close()
            server.stop()
    return seconds


async def run(scales: list[int], batch_size: int) -> None:
    rows_out = []
    for reviews in scales:
        dataset = DATA / f"synthetic-{reviews}-seed-{SEED}"
        if not dataset.exists():
            generate_dataset(dataset, reviews=reviews, seed=SEED)
        loader, rows = await _loader_seconds(dataset, batch_size)
        raw = await _raw_seconds(dataset, batch_size)
        rows_out.append(
            f"| {reviews:,} | {rows:,} | {loader:.1f} | {rows / loader:,.0f} | {raw:.1f} "
            f"| {rows / raw:,.0f} | {raw / loader:.0%} |"
        )
    print("| reviews | rows | loader s | loader rows/s | raw s | raw rows/s | loader/raw |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows_out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.reviews, arguments.batch_size))


if __name__ == "__main__":
    main()
