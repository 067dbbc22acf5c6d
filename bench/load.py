"""Loader throughput against the raw engine running the same statements, in the same run.

For each scale and backend (embedded FalkorDB, Neo4j): generate a synthetic dataset (cached
under bench/data/), then
1. load it with ``load_dataset`` into a fresh store: reading, validation, preparing, writing
   and recomputing the derived data, all timed together; the statements of that derivation
   are kept as they run, with their parameters;
2. into another fresh store, replay exactly the statements and parameters that load wrote
   (captured beforehand and prepared before timing) through the engine's own client (the
   FalkorDB client; the official Neo4j driver, in managed transactions as the store adapter
   runs them): the raw engine doing the same writes with nothing else to do; then, on the
   graph this leaves (the same facts, nothing derived yet), the derivation's statements kept
   in step 1, likewise.
Every store starts with the schema and reference data; each is a new server (Neo4j: a new
one over a new temporary store). Prints a Markdown table, whose ratio is loader rows/s
divided by raw rows/s, and on standard error how much of each time went to deriving.

    .venv/bin/python -m bench.load --reviews 5000 50000 [--backend embedded neo4j]
"""

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass

from bench.backends import Backend, Neo4jMemory, add_backend_options, neo4j_memory, started
from bench.capture import Captured, Capturing, WriteRecorder
from bench.datasets import synthetic_dataset
from bench.raw import replay
from graph_service.loaders.dataset.load import DEFAULT_BATCH_SIZE, load_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import DatasetRepository, ReferenceRepository
from graph_service.repository.derived import DERIVATION_TIMEOUT_MS
from graph_service.store import GRAPH_SCHEMA, GraphStore

GRAPH = "bench"
TIMEOUT_MS = 600_000  # per load statement; derivation gives its own statements longer


@dataclass(frozen=True)
class LoaderRun:
    seconds: float
    deriving_seconds: float
    rows: int
    derivation: list[Captured]  # what its derivation ran, in order


@dataclass(frozen=True)
class RawRun:
    writing_seconds: float
    deriving_seconds: float


def _is_derivation(statement: str) -> bool:
    return statement.startswith("derived/")


async def _fresh_store(backend: Backend) -> GraphStore:
    store = backend.open_store(timeout_ms=TIMEOUT_MS)
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return store


async def _load(backend_name: str, memory: Neo4jMemory, reviews: int, batch_size: int) -> LoaderRun:
    dataset = synthetic_dataset(reviews)
    with started(backend_name, folder=None, graph=GRAPH, memory=memory) as backend:
        store = await _fresh_store(backend)
        # Keeps the derivation's statements for the raw engine; the load runs as it would.
        capturing = Capturing(store, keep=_is_derivation)
        try:
            start = time.perf_counter()
            report = await load_dataset(
                dataset, DatasetRepository(capturing), batch_size=batch_size
            )
            seconds = time.perf_counter() - start
        finally:
            await store.close()
    if not report.ok:
        raise SystemExit(f"the benchmark dataset did not validate: {report.problems[0]}")
    rows = sum(summary.rows for summary in report.entities.values())
    return LoaderRun(seconds, report.derive_seconds, rows, capturing.statements)


async def _raw(
    backend_name: str, memory: Neo4jMemory, reviews: int, batch_size: int, loader: LoaderRun
) -> RawRun:
    dataset = synthetic_dataset(reviews)
    with started(backend_name, folder=None, graph=GRAPH, memory=memory) as backend:
        store = await _fresh_store(backend)
        raw = backend.raw_engine()
        try:
            # Capture what the loader writes (validation reads the real, still empty, graph),
            # and prepare every statement before the clock starts.
            recorder = WriteRecorder(store)
            await load_dataset(dataset, DatasetRepository(recorder), batch_size=batch_size)
            # The derivation here ran over a graph still empty: the loader's is replayed below.
            writes = raw.prepare(
                (s for s in recorder.statements if not _is_derivation(s.name)),
                timeout_ms=TIMEOUT_MS,
            )
            del recorder
            writing = await replay(writes)
            del writes
            derive = raw.prepare(loader.derivation, timeout_ms=DERIVATION_TIMEOUT_MS)
            deriving = await replay(derive)
        finally:
            await raw.close()
            await store.close()
    return RawRun(writing, deriving)


async def run(scales: list[int], backends: list[str], memory: Neo4jMemory, batch_size: int) -> None:
    rows_out = []
    for reviews in scales:
        for backend in backends:
            loader = await _load(backend, memory, reviews, batch_size)
            raw = await _raw(backend, memory, reviews, batch_size, loader)
            print(
                f"{reviews:,} reviews on {backend}: loader {loader.seconds:.1f} s, of which "
                f"deriving {loader.deriving_seconds:.1f} s; raw {raw.writing_seconds:.1f} s "
                f"writing, {raw.deriving_seconds:.1f} s deriving",
                file=sys.stderr,
            )
            rows, loader_s = loader.rows, loader.seconds
            raw_s = raw.writing_seconds + raw.deriving_seconds
            rows_out.append(
                f"| {reviews:,} | {backend} | {rows:,} | {loader_s:.1f} | {rows / loader_s:,.0f} "
                f"| {raw_s:.1f} | {rows / raw_s:,.0f} | {raw_s / loader_s:.0%} |"
            )
    print(
        "| reviews | backend | rows | loader s | loader rows/s | raw s | raw rows/s | loader/raw |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows_out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    add_backend_options(parser)
    arguments = parser.parse_args()
    asyncio.run(
        run(arguments.reviews, arguments.backend, neo4j_memory(arguments), arguments.batch_size)
    )


if __name__ == "__main__":
    main()
