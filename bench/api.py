"""Latency of every analytical field through HTTP, next to the engine running the same statements.

For each scale and backend (embedded FalkorDB, Neo4j) a synthetic dataset (seed 1, cached
under bench/data/) is loaded once into a graph kept under bench/data/<backend>-graph-N/ (for
Neo4j, its whole store). Then, in the same run:

1. `graph-service serve` is started as a separate process on that graph, without a request
   budget, and every request sends an analyst's API key (created for the run and revoked
   after it), so that restricted reviews and IMR assessments count in every figure;
2. each analytical query is sent over HTTP with several arguments in turn (ids and codes from
   the data), and its latency measured end to end;
3. the statements each of those requests ran (recorded once, in process) are prepared before
   timing and replayed through the engine's own client (the FalkorDB client; the official
   Neo4j driver, in managed read transactions as the store adapter runs them): the raw engine
   doing the same work;
4. for `search`, the engine's own full-text procedure over the four indexes is timed too;
5. the review detail query is sent by 1, 4 and 16 concurrent clients for a few seconds each;
6. for every analytical field whose HTTP p99 is over --profile-over-ms, the plans of the
   statements of its slowest request, as they run, go to bench/profiles/<backend>-N-<field>.txt.

All of it runs for each --reads configuration on the same loaded graph: `composed` (the
defaults: a root field's relationships read in one composed statement, verified keys and
reference taxonomies kept for a few seconds) and, with `--reads per-field composed`, also
`per-field` (one statement per relationship field, every key and taxonomy read on every
request), so that both appear in one run against the same raw engine. The latencies are
measured with one worker process; the requests per second with each `--workers` count.

Prints Markdown tables: p50 and p99 per field, HTTP against raw, and requests per second.

    .venv/bin/python -m bench.api --reviews 5000 50000 [--backend embedded neo4j]
        [--reads per-field composed] [--workers 1 2]
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.backends import Backend, Neo4jMemory, add_backend_options, neo4j_memory, started
from bench.capture import Captured, Capturing
from bench.datasets import DATA, synthetic_dataset
from bench.profiles import profile_path, write_profile
from bench.queries import REVIEW_DETAIL
from bench.raw import Call, RawEngine, replay
from graph_service.api.app import create_app
from graph_service.auth import issue_key
from graph_service.config import ENV_PREFIX, Settings
from graph_service.domain.access import Role
from graph_service.repository import ApiKeyRepository
from graph_service.repository.derived import DERIVATION_TIMEOUT_MS
from graph_service.services import Actor, LoadService
from graph_service.store import GraphStore

GRAPH = "learning"
TIMEOUT_MS = 120_000
SAMPLES = 8  # distinct argument sets per field

# The statements each request ran, by (field, index of its variables).
type Recorded = dict[tuple[str, int], list[Captured]]

# How the service reads, by the name the tables give it: settings on top of the defaults.
READS: dict[str, dict[str, str]] = {
    "composed": {},
    "per-field": {
        "GRAPH_SERVICE_COMPOSE_READS": "false",
        "GRAPH_SERVICE_KEY_CACHE_SECONDS": "0",
        "GRAPH_SERVICE_REFERENCE_CACHE_SECONDS": "0",
    },
}


@dataclass(frozen=True)
class Case:
    field: str
    query: str
    variables: list[dict[str, Any]]
    analytical: bool = True  # profiled when slow; the fixed cost of a request is not


@dataclass(frozen=True)
class Options:
    repeat: int
    clients: list[int]
    seconds: float
    profile_over_ms: float
    memory: Neo4jMemory
    reads: list[str]
    workers: list[int]


@dataclass
class Timings:
    """One field's latencies, HTTP and raw, and its slowest request."""

    http_ms: list[float] = field(default_factory=list)
    raw_ms: list[float] = field(default_factory=list)
    slowest: tuple[float, int] = (0.0, 0)  # (HTTP ms, index of its variables)

    def add(self, index: int, http_ms: float, raw_ms: float) -> None:
        self.http_ms.append(http_ms)
        self.raw_ms.append(raw_ms)
        self.slowest = max(self.slowest, (http_ms, index))


@dataclass(frozen=True)
class Measured:
    latency: list[str]  # rows of the latency table
    throughput: list[str]  # rows of the concurrency table


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _ensure_loaded(backend: Backend, folder: Path, reviews: int) -> None:
    """Loads the dataset into the backend's kept graph, unless an earlier run did."""
    marker = folder / "loaded"
    if marker.exists():
        return
    dataset = synthetic_dataset(reviews)
    print(f"loading {dataset.name} into {folder} (once) ...", file=sys.stderr)
    store = backend.open_store(timeout_ms=DERIVATION_TIMEOUT_MS)
    try:
        loading = LoadService(store, Actor("bench/api.py", "cli"))
        await loading.initialise()
        report = await loading.load_dataset(dataset)
        if not report.ok:
            raise SystemExit(f"the benchmark dataset did not validate: {report.problems[0]}")
    finally:
        await store.close()
    marker.write_text(dataset.name)


async def _samples(store: GraphStore) -> dict[str, list[str]]:
    """Ids and codes the cases ask about, spread over the data."""
    reviews = await store.read(
        "entities/reviews",
        {
            **dict.fromkeys(_REVIEW_FILTERS),
            "includeRestricted": False,
            "sort": "id",
            "ascending": True,
            "afterKey": None,
            "afterId": None,
            "limit": 100_000,
        },
    )
    ids = [row["id"] for row in reviews]
    step = max(1, len(ids) // SAMPLES)
    issues = [row["code"] for row in await store.read("reference/perennial_issues")]
    forces = [row["code"] for row in await store.read("reference/forces")]
    return {
        "reviews": ids[::step][:SAMPLES],
        "issues": issues[:SAMPLES],
        "forces": [f for f in forces if f in _BUSY_FORCES] + forces[:SAMPLES],
    }


_REVIEW_FILTERS = (
    "reviewTypes",
    "jurisdiction",
    "statuses",
    "yearFrom",
    "yearTo",
    "publishedFrom",
    "publishedTo",
    "forces",
    "agencies",
    "sectors",
    "strands",
    "issues",
    "themes",
    "factors",
)
_BUSY_FORCES = ("metropolitan", "west-midlands", "greater-manchester")
SEARCH_TERMS = ["risk assessment", "domestic abuse", "information sharing", "supervision"]


def _cases(samples: dict[str, list[str]]) -> list[Case]:
    issues, reviews, forces = samples["issues"], samples["reviews"], samples["forces"]
    return [
        # No statement at all: the fixed cost of a request through HTTP and GraphQL.
        Case("{ __typename } (no statement)", "{ __typename }", [{}], analytical=False),
        Case(
            "recurringIssues",
            "query ($f: RecurrenceFilter) { recurringIssues(filter: $f) { code reviews findings"
            " reviewTypeCount forceCount firstSeen lastSeen byReviewType { reviewType reviews }"
            " byYear { year reviews } } }",
            [
                {"f": None},
                {"f": {"yearFrom": 2018, "yearTo": 2022}},
                {"f": {"forces": [forces[0]]}},
            ],
        ),
        Case(
            "recurringIssues(THEME)",
            "{ recurringIssues(dimension: THEME) { code reviews findings forceCount } }",
            [{}],
        ),
        Case(
            "issuePathway",
            "query ($c: String!) { issuePathway(code: $c) { stages { findings reviews "
            "recommendations practiceChanges outcomes findingsAddressed "
            "recommendationsImplemented changesWithOutcome outcomesImproved } byReviewType { "
            "reviewType stages { findings recommendations } } openRecommendations(first: 20) { "
            "edges { node { id } } } changesWithoutOutcome(first: 20) { edges { node { id } } } "
            "} }",
            [{"c": code} for code in issues],
        ),
        Case(
            "reviewLearning",
            "query ($id: ID!) { reviewLearning(id: $id) { __typename } }",
            [{"id": review} for review in reviews],
        ),
        Case(
            "relatedReviews",
            "query ($id: ID!) { relatedReviews(id: $id, first: 20) { edges { node { __typename "
            "} } } }",
            [{"id": review} for review in reviews],
        ),
        Case(
            "issueCoOccurrence",
            "{ issueCoOccurrence(first: 50) { totalCount edges { node { issueACode issueBCode "
            "reviews lift } } } }",
            [{}],
        ),
        Case(
            "learningGaps",
            "{ learningGaps { code reviews recommendations unimplemented firstChangeOn "
            "reviewsAfterChange } }",
            [{}],
        ),
        Case(
            "repeatedRecommendations",
            "{ repeatedRecommendations(first: 20) { edges { node { __typename } } } }",
            [{}],
        ),
        Case(
            "forceOverview",
            "query ($c: String!) { forceOverview(code: $c) { __typename } }",
            [{"c": force} for force in forces[:SAMPLES]],
        ),
        Case(
            "imrQuality",
            "{ imrQuality { __typename } }",
            [{}],
        ),
        Case(
            "search",
            "query ($t: String!) { search(text: $t, first: 20) { edges { node { __typename } } } }",
            [{"t": term} for term in SEARCH_TERMS],
        ),
    ]


@asynccontextmanager
async def _analyst_key(store: GraphStore) -> AsyncIterator[dict[str, str]]:
    """Headers carrying an analyst's API key, made for the run and revoked after it."""
    keys = ApiKeyRepository(store)
    key = await issue_key(keys, name=f"bench-{os.getpid()}-{time.time_ns()}", role=Role.ANALYST)
    try:
        yield {"Authorization": f"Bearer {key.text}"}
    finally:
        await keys.revoke(key.key.key_id)


async def _record(
    store: GraphStore, headers: dict[str, str], cases: list[Case], settings: Settings
) -> Recorded:
    """The statements each case's request runs, one request at a time, in process."""
    capturing = Capturing(store)
    app = create_app(settings, store=capturing)
    recorded: Recorded = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as client:
            for case in cases:
                for index, variables in enumerate(case.variables):
                    capturing.statements.clear()
                    await _post(client, case.query, variables)
                    recorded[(case.field, index)] = list(capturing.statements)
    return recorded


@contextmanager
def _server(settings: dict[str, str], port: int, workers: int) -> Iterator[str]:
    """`graph-service serve` in a process of its own, configured by ``settings`` alone."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    environment = {
        **inherited,
        **settings,
        "GRAPH_SERVICE_LOG_LEVEL": "WARNING",
        "GRAPH_SERVICE_PORT": str(port),
        "GRAPH_SERVICE_RATE_LIMIT_PER_MINUTE": "0",  # measure the service, not its budget
    }
    # Its banner goes to standard error: standard output is for the tables.
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "serve", "--workers", str(workers)],
        env=environment,
        stdout=sys.stderr,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise SystemExit("the benchmark server stopped while starting")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


async def _post(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> None:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"benchmark query failed: {body}")


async def _measure(backend_name: str, reviews: int, options: Options) -> Measured:
    folder = DATA / f"{backend_name}-graph-{reviews}"
    with started(backend_name, folder=folder, graph=GRAPH, memory=options.memory) as backend:
        await _ensure_loaded(backend, folder, reviews)
        store = backend.open_store(timeout_ms=TIMEOUT_MS)
        raw = backend.raw_engine()
        try:
            async with _analyst_key(store) as headers:
                samples = await _samples(store)
                cases = _cases(samples)
                latency: list[str] = []
                throughput: list[str] = []
                for reads in options.reads:
                    settings = Settings.model_validate(_as_settings(READS[reads]))
                    recorded = await _record(store, headers, cases, settings)
                    each = await _time_fields(
                        backend, raw, reviews, reads, cases, recorded, samples, headers, options
                    )
                    latency += each.latency
                    throughput += each.throughput
        finally:
            await raw.close()
            await store.close()
    return Measured(latency, throughput)


def _as_settings(environment: dict[str, str]) -> dict[str, str]:
    """Settings fields from their environment variables."""
    return {name.removeprefix(ENV_PREFIX).lower(): value for name, value in environment.items()}


async def _time_fields(
    backend: Backend,
    raw: RawEngine,
    reviews: int,
    reads: str,
    cases: list[Case],
    recorded: Recorded,
    samples: dict[str, list[str]],
    headers: dict[str, str],
    options: Options,
) -> Measured:
    prepared: dict[tuple[str, int], list[Call]] = {
        key: raw.prepare(statements, timeout_ms=TIMEOUT_MS) for key, statements in recorded.items()
    }
    fulltext = [raw.prepare_fulltext(term.split(), timeout_ms=TIMEOUT_MS) for term in SEARCH_TERMS]
    prefix = f"| {reviews:,} | {backend.name} | {reads} |"
    latency: list[str] = []
    timings: dict[str, Timings] = {}
    environment = {**backend.service_environment(), **READS[reads]}
    with _server(environment, _free_port(), workers=1) as url:
        async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as http:
            for case in cases:
                timing = timings[case.field] = Timings()
                for _ in range(options.repeat):
                    for index, variables in enumerate(case.variables):
                        start = time.perf_counter()
                        await _post(http, case.query, variables)
                        http_ms = (time.perf_counter() - start) * 1000
                        raw_ms = await replay(prepared[(case.field, index)]) * 1000
                        timing.add(index, http_ms, raw_ms)
                latency.append(_row(prefix, case.field, timing))
            engine_ms = [
                await replay(calls) * 1000 for _ in range(options.repeat) for calls in fulltext
            ]
            latency.append(
                f"{prefix} search: the engine's full-text procedure alone | "
                f"{statistics.median(engine_ms):.1f} | {_percentile(engine_ms, 0.99):.1f} "
                "| | | | |"
            )
            throughput = []
            if 1 in options.workers:
                throughput += await _rates(url, f"{prefix} 1 |", headers, samples, options)
    for workers in (count for count in options.workers if count != 1):
        with _server(environment, _free_port(), workers) as url:
            throughput += await _rates(url, f"{prefix} {workers} |", headers, samples, options)
    # After the timings, so that profiling (which runs each statement again) does not disturb them.
    for case in cases:
        timing = timings[case.field]
        if case.analytical and _percentile(timing.http_ms, 0.99) > options.profile_over_ms:
            await _profile(backend, raw, reviews, case, timing, recorded)
    return Measured(latency, throughput)


async def _profile(
    backend: Backend,
    raw: RawEngine,
    reviews: int,
    case: Case,
    timing: Timings,
    recorded: Recorded,
) -> None:
    http_ms, index = timing.slowest
    path = profile_path(backend.name, reviews, case.field)
    heading = (
        f"# {case.field} on {backend.name}, {reviews:,} reviews "
        f"({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n\n"
        f"HTTP p50 {statistics.median(timing.http_ms):.1f} ms, "
        f"p99 {_percentile(timing.http_ms, 0.99):.1f} ms; "
        f"raw p50 {statistics.median(timing.raw_ms):.1f} ms, "
        f"p99 {_percentile(timing.raw_ms, 0.99):.1f} ms.\n"
        f"Profiled: the statements of its slowest request ({http_ms:.1f} ms through HTTP), "
        f"variables {case.variables[index]}, run again through the engine's own client."
    )
    await write_profile(raw, path, heading=heading, statements=recorded[(case.field, index)])
    print(f"wrote {path}", file=sys.stderr)


def _row(prefix: str, field: str, timing: Timings) -> str:
    http50, raw50 = statistics.median(timing.http_ms), statistics.median(timing.raw_ms)
    ratio = f"{http50 / raw50:.2f}" if raw50 > 0.01 else "-"
    return (
        f"{prefix} {field} | {http50:.1f} | {_percentile(timing.http_ms, 0.99):.1f} "
        f"| {raw50:.1f} | {_percentile(timing.raw_ms, 0.99):.1f} | {ratio} "
        f"| {http50 - raw50:.1f} |"
    )


async def _rates(
    url: str,
    prefix: str,
    headers: dict[str, str],
    samples: dict[str, list[str]],
    options: Options,
) -> list[str]:
    """Rows of review-page requests per second, one per number of concurrent clients."""
    rows = []
    for clients in options.clients:
        rate = await _throughput(url, headers, samples["reviews"], clients, options.seconds)
        rows.append(f"{prefix} {clients} | {rate:,.0f} |")
    return rows


async def _throughput(
    url: str, headers: dict[str, str], review_ids: list[str], clients: int, seconds: float
) -> float:
    done = 0
    stop = time.monotonic() + seconds

    async def client(offset: int) -> None:
        nonlocal done
        async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as http:
            index = offset
            while time.monotonic() < stop:
                await _post(http, REVIEW_DETAIL, {"id": review_ids[index % len(review_ids)]})
                done += 1
                index += 1

    start = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return done / (time.monotonic() - start)


async def run(scales: list[int], backends: list[str], options: Options) -> None:
    """Each backend's tables as soon as it is measured, so that one failing keeps the rest."""
    for reviews in scales:
        for backend in backends:
            measured = await _measure(backend, reviews, options)
            print(
                "| reviews | backend | reads | field | HTTP p50 ms | HTTP p99 ms | raw p50 ms "
                "| raw p99 ms | p50 ratio | p50 added ms |"
            )
            print("|---:|---|---|---|---:|---:|---:|---:|---:|---:|")
            print("\n".join(measured.latency))
            print()
            print(
                "| reviews | backend | reads | workers | concurrent clients "
                "| review detail requests/s |"
            )
            print("|---:|---|---|---:|---:|---:|")
            print("\n".join(measured.throughput))
            print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--repeat", type=int, default=20, help="rounds over each field's samples")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=10.0, help="per concurrency level")
    parser.add_argument(
        "--profile-over-ms",
        type=float,
        default=300.0,
        help="profile the statements of every analytical field whose HTTP p99 is over this "
        "(default 300; into bench/profiles/)",
    )
    parser.add_argument(
        "--reads",
        nargs="+",
        choices=list(READS),
        default=["composed"],
        help="how the service reads: composed (the defaults) and/or per-field (one statement "
        "per relationship field, no key or taxonomy cache)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1],
        help="worker processes serving, for the requests per second (each count in turn)",
    )
    add_backend_options(parser)
    arguments = parser.parse_args()
    options = Options(
        repeat=arguments.repeat,
        clients=arguments.clients,
        seconds=arguments.seconds,
        profile_over_ms=arguments.profile_over_ms,
        memory=neo4j_memory(arguments),
        reads=arguments.reads,
        workers=arguments.workers,
    )
    asyncio.run(run(arguments.reviews, arguments.backend, options))


if __name__ == "__main__":
    main()
