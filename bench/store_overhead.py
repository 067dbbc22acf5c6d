"""What the store layer adds to a statement, against the raw engine client in the same run.

Starts the embedded engine in a temporary folder, creates the schema and loads the reference
taxonomies, then times each statement below many times through ``GraphStore.read`` and through
the FalkorDB client directly (same statement text, same parameters), interleaved so that both
see the same machine state. Prints a Markdown table of medians, p99 and the median ratio.

    .venv/bin/python -m bench.store_overhead [--repeat 1000]
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from falkordb.asyncio import FalkorDB

from graph_service.loaders.reference import load_reference
from graph_service.repository import ReferenceRepository
from graph_service.store import GRAPH_SCHEMA
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.falkordb import encode_parameters

CASES: list[tuple[str, dict[str, Any]]] = [
    ("reference/forces", {}),
    ("reference/perennial_issues", {}),
    ("reference/themes", {}),
]


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def _time(call: Callable[[], Awaitable[object]]) -> float:
    start = time.perf_counter()
    await call()
    return time.perf_counter() - start


async def run(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedServer(Path(folder))
        server.start()
        catalogue = StatementCatalogue.load("falkordb")
        store = EmbeddedStore(catalogue, server, graph_name="bench", timeout_ms=30_000)
        client = FalkorDB(unix_socket_path=server.socket_path)
        raw = client.select_graph("bench")
        try:
            await store.apply_schema(GRAPH_SCHEMA)
            await load_reference(ReferenceRepository(store))
            print(
                "| statement | store p50 ms | raw p50 ms | store p99 ms | raw p99 ms | p50 ratio |"
            )
            print("|---|---:|---:|---:|---:|---:|")
            for name, params in CASES:
                text = encode_parameters(name, params) + catalogue.get(name).text
                via_store: list[float] = []
                direct: list[float] = []
                for _ in range(repeat):
                    via_store.append(await _time(partial(store.read, name, params)))
                    direct.append(await _time(partial(raw.ro_query, text)))
                (s50, s99), (r50, r99) = _ms(via_store), _ms(direct)
                print(
                    f"| {name} | {s50:.3f} | {r50:.3f} | {s99:.3f} | {r99:.3f} | {s50 / r50:.2f} |"
                )
        finally:
            await client.aclose()  # the server only stops once its last client has gone
            await store.close()
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1000, help="timed runs per statement")
    asyncio.run(run(parser.parse_args().repeat))


if __name__ == "__main__":
    main()
