"""Change feed pages against the raw engine running the same statements, in the same run.

For each scale and backend (embedded FalkorDB, Neo4j) the synthetic dataset is loaded into a
fresh graph (the loader stamps every entity with its load run, which the feed reads), then:
1. a follower replays the whole feed from the start, as an analyst, in pages of ``--first``
   changes: the median and slowest page, and the whole replay's time;
2. a caught-up follower asks again with nothing new (the poll most followers make most of
   the time): the median of ``--repeat`` polls;
3. the statements both ran, replayed by the engine's own client (bench/raw.py).
Prints Markdown tables.

    .venv/bin/python -m bench.feed --reviews 5000 [--backend embedded neo4j] [--first 1000]
"""

import argparse
import asyncio
import statistics
import sys
import time

from bench.backends import Neo4jMemory, add_backend_options, neo4j_memory, started
from bench.capture import Capturing
from bench.datasets import synthetic_dataset
from bench.raw import replay
from graph_service.domain.visibility import EVERYTHING
from graph_service.repository.derived import DERIVATION_TIMEOUT_MS
from graph_service.services import Actor, LoadService
from graph_service.services.feed import ChangeFeed
from graph_service.store import GraphStore

TIMEOUT_MS = 600_000


async def _replay_feed(store: GraphStore, first: int) -> tuple[list[float], int, str]:
    """Each page's seconds and the changes listed, following the feed to its end."""
    feed = ChangeFeed(store)
    cursor: str | None = None
    pages: list[float] = []
    changes = 0
    while True:
        start = time.perf_counter()
        page = await feed.page(cursor, first, EVERYTHING, with_runs=True)
        pages.append(time.perf_counter() - start)
        changes += len(page.changes)
        cursor = page.cursor
        if not page.has_more:
            return pages, changes, cursor


async def _measure(
    backend_name: str, reviews: int, memory: Neo4jMemory, first: int, repeat: int
) -> tuple[str, str]:
    with started(backend_name, folder=None, graph="bench-feed", memory=memory) as backend:
        store = backend.open_store(timeout_ms=DERIVATION_TIMEOUT_MS)
        raw = backend.raw_engine()
        try:
            loading = LoadService(store, Actor("bench/feed.py", "cli"))
            await loading.initialise()
            report = await loading.load_dataset(synthetic_dataset(reviews))
            if not report.ok:
                raise SystemExit(f"the benchmark dataset did not validate: {report.problems[0]}")
            capturing = Capturing(store)
            pages, changes, end = await _replay_feed(capturing, first)
            replay_calls = raw.prepare(capturing.statements, timeout_ms=TIMEOUT_MS)
            raw_replay = await replay(replay_calls)
            feed = ChangeFeed(store)
            polls = []
            for _ in range(repeat):
                start = time.perf_counter()
                await feed.page(end, first, EVERYTHING, with_runs=True)
                polls.append(time.perf_counter() - start)
            polling = Capturing(store)
            await ChangeFeed(polling).page(end, first, EVERYTHING, with_runs=True)
            poll_calls = raw.prepare(polling.statements, timeout_ms=TIMEOUT_MS)
            raw_polls = [await replay(poll_calls) for _ in range(repeat)]
        finally:
            await raw.close()
            await store.close()
    whole = sum(pages)
    print(
        f"{reviews:,} reviews on {backend_name}: {changes:,} changes in {len(pages)} pages",
        file=sys.stderr,
    )
    replay_row = (
        f"| {reviews:,} | {backend_name} | {changes:,} | {len(pages)} | "
        f"{statistics.median(pages) * 1000:.0f} | {max(pages) * 1000:.0f} | {whole:.1f} | "
        f"{changes / whole:,.0f} | {raw_replay:.1f} | {raw_replay / whole:.0%} |"
    )
    poll = statistics.median(polls) * 1000
    raw_poll = statistics.median(raw_polls) * 1000
    poll_row = (
        f"| {reviews:,} | {backend_name} | {poll:.1f} | {raw_poll:.1f} | {raw_poll / poll:.0%} |"
    )
    return replay_row, poll_row


async def run(options: argparse.Namespace) -> None:
    replays, polls = [], []
    for reviews in options.reviews:
        for backend in options.backend:
            replay_row, poll_row = await _measure(
                backend, reviews, neo4j_memory(options), options.first, options.repeat
            )
            replays.append(replay_row)
            polls.append(poll_row)
    print(
        f"Replay from the start, pages of {options.first:,}:\n\n"
        "| reviews | backend | changes | pages | page ms (median) | page ms (slowest) "
        "| replay s | changes/s | raw s | raw/service |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(replays))
    print(
        f"\nA caught-up follower's poll (median of {options.repeat}):\n\n"
        "| reviews | backend | poll ms | raw ms | raw/service |"
    )
    print("|---:|---|---:|---:|---:|")
    print("\n".join(polls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000])
    parser.add_argument("--first", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=20)
    add_backend_options(parser)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
