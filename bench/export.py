"""Export throughput against the raw engine doing the same reads and against the loader, in
the same run.

For each scale and backend (embedded FalkorDB, Neo4j) the graph kept by bench/api.py (the
synthetic dataset loaded once, under bench/data/<backend>-graph-N/) is
1. exported in the import format (``ExportService`` writing JSON Lines files into a new
   folder) ``--repeat`` times after one export to warm the engine: the median time and rows
   per second; then once more under ``tracemalloc``, untimed, for the most Python memory
   the export held at once (flat if it streams);
2. read by the raw engine: the statements the export ran, with the same parameters, replayed
   through the engine's own client (bench/raw.py), ``--repeat`` times, median;
3. loaded back by ``load_dataset`` into a fresh store with the schema and reference data:
   the loader's pace over the same rows (and a check that the counts come back).
Prints a Markdown table; ratios are export rows/s over raw and over loader rows/s.

    .venv/bin/python -m bench.export --reviews 5000 50000 [--backend embedded neo4j]
"""

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from bench.api import GRAPH, _ensure_loaded
from bench.backends import Neo4jMemory, add_backend_options, neo4j_memory, started
from bench.capture import Capturing
from bench.datasets import DATA
from bench.raw import replay
from graph_service.domain.visibility import EVERYTHING
from graph_service.exchange.archive import write_folder
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import DatasetRepository, ReferenceRepository
from graph_service.repository.derived import DERIVATION_TIMEOUT_MS
from graph_service.services.exporting import ExportService
from graph_service.store import GRAPH_SCHEMA, GraphStore

TIMEOUT_MS = 600_000
ABOUT = ExportDescription(name="bench export", description="bench/export.py", source="bench")


@dataclass(frozen=True)
class Measured:
    reviews: int
    backend: str
    rows: int
    export_s: float
    peak_mb: float
    raw_s: float
    loader_s: float | None


async def _export(store: GraphStore, folder: Path) -> tuple[float, int]:
    """Seconds and rows of one export into ``folder`` (made anew)."""
    shutil.rmtree(folder, ignore_errors=True)
    counts: dict[str, int] = {}

    def progress(stem: str, done: int) -> None:
        counts[stem] = done

    members = ExportService(store).members(format_named("dataset"), EVERYTHING, ABOUT, progress)
    start = time.perf_counter()
    await write_folder(members, folder)
    return time.perf_counter() - start, sum(counts.values())


async def _peak_memory(store: GraphStore, folder: Path) -> float:
    """Megabytes of the most Python memory one export held at once (traced, so untimed)."""
    shutil.rmtree(folder, ignore_errors=True)
    members = ExportService(store).members(format_named("dataset"), EVERYTHING, ABOUT)
    tracemalloc.start()
    try:
        await write_folder(members, folder)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


async def _measure(
    backend_name: str, reviews: int, memory: Neo4jMemory, repeat: int, loader: bool, out: Path
) -> Measured:
    folder = DATA / f"{backend_name}-graph-{reviews}"
    exported = out / f"{backend_name}-{reviews}"
    with started(backend_name, folder=folder, graph=GRAPH, memory=memory) as backend:
        await _ensure_loaded(backend, folder, reviews)
        store = backend.open_store(timeout_ms=TIMEOUT_MS)
        raw = backend.raw_engine()
        try:
            await _export(store, exported)  # warm the engine's caches as the raw reads will be
            runs = [await _export(store, exported) for _ in range(repeat)]
            peak = await _peak_memory(store, exported)
            capturing = Capturing(store)
            await write_folder(
                ExportService(capturing).members(format_named("dataset"), EVERYTHING, ABOUT),
                out / "captured",
            )
            shutil.rmtree(out / "captured")
            calls = raw.prepare(capturing.statements, timeout_ms=TIMEOUT_MS)
            raw_s = statistics.median([await replay(calls) for _ in range(repeat)])
        finally:
            await raw.close()
            await store.close()
    export_s = statistics.median(run[0] for run in runs)
    rows = runs[0][1]
    loader_s = await _load_back(backend_name, memory, exported, rows) if loader else None
    return Measured(reviews, backend_name, rows, export_s, peak, raw_s, loader_s)


async def _load_back(backend_name: str, memory: Neo4jMemory, exported: Path, rows: int) -> float:
    """Seconds the loader takes over the exported dataset, into a fresh store."""
    with started(backend_name, folder=None, graph="bench-export", memory=memory) as backend:
        store = backend.open_store(timeout_ms=DERIVATION_TIMEOUT_MS)
        try:
            await store.apply_schema(GRAPH_SCHEMA)
            await load_reference(ReferenceRepository(store))
            start = time.perf_counter()
            report = await load_dataset(exported, DatasetRepository(store))
            seconds = time.perf_counter() - start
        finally:
            await store.close()
    if not report.ok:
        raise SystemExit(f"the export did not load back: {report.problems[0]}")
    loaded = sum(summary.rows for summary in report.entities.values())
    if loaded != rows:
        raise SystemExit(f"the export held {rows} rows but {loaded} loaded back")
    return seconds


async def run(options: argparse.Namespace) -> None:
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as out:
        for reviews in options.reviews:
            for backend in options.backend:
                m = await _measure(
                    backend,
                    reviews,
                    neo4j_memory(options),
                    options.repeat,
                    not options.no_loader,
                    Path(out),
                )
                print(f"{m}", file=sys.stderr)
                export_rate = m.rows / m.export_s
                loader = (
                    f"{m.loader_s:.1f} | {m.rows / m.loader_s:,.0f} | "
                    f"{m.loader_s / m.export_s:.1f} times"
                    if m.loader_s
                    else "- | - | -"
                )
                lines.append(
                    f"| {m.reviews:,} | {m.backend} | {m.rows:,} | {m.export_s:.1f} | "
                    f"{export_rate:,.0f} | {m.peak_mb:.0f} | {m.raw_s:.1f} | "
                    f"{m.raw_s / m.export_s:.0%} | {loader} |"
                )
    print(
        "| reviews | backend | rows | export s | export rows/s | peak MB (traced) | raw s "
        "| export/raw | loader s | loader rows/s | export vs loader |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-loader", action="store_true", help="Skip loading the export back (step 3)."
    )
    add_backend_options(parser)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
