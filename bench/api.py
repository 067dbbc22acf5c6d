"""Latency of every analytical field through HTTP, next to the engine running the same statements.

For each scale a synthetic dataset (seed 1, cached under bench/data/) is loaded once into a
graph kept under bench/data/graph-N/. Then, in the same run:

1. `graph-service serve` is started as a separate process on that graph, without a request
   budget, and every request sends an analyst's API key (created for the run and revoked
   after it), so that restricted reviews and IMR assessments count in every figure;
2. each analytical query is sent over HTTP with several arguments in turn (ids and codes from
   the data), and its latency measured end to end;
3. the statements each of those requests ran (recorded once, in process) are encoded before
   timing and replayed through the FalkorDB client: the raw engine doing the same work;
4. for `search`, the engine's own full-text procedure over the four indexes is timed too;
5. the review detail query is sent by 1, 4 and 16 concurrent clients for a few seconds each.

Prints Markdown tables: p50 and p99 per field, HTTP against raw, and requests per second.

    .venv/bin/python -m bench.api --reviews 5000 50000
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from falkordb.asyncio import FalkorDB

from graph_service.api.app import create_app
from graph_service.auth import issue_key
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.repository import ApiKeyRepository, DatasetRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.falkordb import encode_parameters
from graph_service.store.port import Params, Row
from loaders.dataset.load import load_dataset
from loaders.generate import generate_dataset
from loaders.reference import load_reference

DATA = Path(__file__).parent / "data"
SEED = 1
GRAPH = "learning"
TIMEOUT_MS = 120_000
SAMPLES = 8  # distinct argument sets per field


@dataclass(frozen=True)
class Case:
    field: str
    query: str
    variables: list[dict[str, Any]]


class _RecordingStore(EmbeddedStore):
    """An embedded store that remembers every read it runs, with its parameters."""

    recorded: list[tuple[str, Params]]

    async def read(self, name: str, params: Params | None = None) -> list[Row]:
        self.recorded.append((name, dict(params or {})))
        return await super().read(name, params)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _ensure_graph(reviews: int) -> Path:
    dataset = DATA / f"synthetic-{reviews}-seed-{SEED}"
    if not dataset.exists():
        generate_dataset(dataset, reviews=reviews, seed=SEED)
    folder = DATA / f"graph-{reviews}"
    marker = folder / "loaded"
    if marker.exists():
        return folder
    print(f"loading {dataset.name} into {folder} (once) ...", file=sys.stderr)
    server = EmbeddedServer(folder)
    server.start()
    store = EmbeddedStore(
        StatementCatalogue.load("falkordb"), server, graph_name=GRAPH, timeout_ms=3_600_000
    )
    try:
        await store.apply_schema(GRAPH_SCHEMA)
        await load_reference(ReferenceRepository(store))
        report = await load_dataset(dataset, DatasetRepository(store))
        if not report.ok:
            raise SystemExit(f"the benchmark dataset did not validate: {report.problems[0]}")
    finally:
        await store.close()
        server.stop()
    marker.write_text(dataset.name)
    return folder


async def _samples(store: EmbeddedStore) -> dict[str, list[str]]:
    """Ids and codes the cases ask about, spread over the data."""
    reviews = await store.read(
        "api/reviews",
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

REVIEW_DETAIL = """
query ($id: ID!) {
  review(id: $id) {
    id title status publishedOn reviewType { code name } forces { code name }
    findings(first: 50) { id text kind perennialIssues { code } themes { code } }
    recommendations(first: 30) {
      id text status practiceChanges(first: 10) { id status outcomes(first: 10) { id direction } }
    }
  }
}
"""


def _cases(samples: dict[str, list[str]]) -> list[Case]:
    issues, reviews, forces = samples["issues"], samples["reviews"], samples["forces"]
    return [
        # No statement at all: the fixed cost of a request through HTTP and GraphQL.
        Case("{ __typename } (no statement)", "{ __typename }", [{}]),
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


@contextmanager
def _server(folder: Path, port: int) -> Iterator[str]:
    environment = {
        **os.environ,
        "GRAPH_SERVICE_DATA_DIR": str(folder),
        "GRAPH_SERVICE_LOG_LEVEL": "WARNING",
        "GRAPH_SERVICE_PORT": str(port),
        "GRAPH_SERVICE_RATE_LIMIT_PER_MINUTE": "0",  # measure the service, not its budget
    }
    process = subprocess.Popen([sys.executable, "-m", "graph_service", "serve"], env=environment)
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


@asynccontextmanager
async def _recorder(
    folder: Path,
) -> AsyncIterator[tuple[_RecordingStore, httpx.AsyncClient, str, dict[str, str]]]:
    server = EmbeddedServer(folder)
    server.start()
    store = _RecordingStore(
        StatementCatalogue.load("falkordb"), server, graph_name=GRAPH, timeout_ms=TIMEOUT_MS
    )
    store.recorded = []
    keys = ApiKeyRepository(store)
    key = await issue_key(keys, name=f"bench-{os.getpid()}-{time.time_ns()}", role=Role.ANALYST)
    headers = {"Authorization": f"Bearer {key.text}"}
    app = create_app(Settings(), store=store)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", headers=headers
            ) as client:
                yield store, client, server.socket_path, headers
    finally:
        await keys.revoke(key.key.key_id)
        await store.close()
        server.stop()


async def _post(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> None:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"benchmark query failed: {body}")


async def _measure_scale(reviews: int, repeat: int, clients: list[int], seconds: float) -> str:
    folder = await _ensure_graph(reviews)
    # The recorder keeps the embedded server up; the service process attaches to it.
    async with _recorder(folder) as (store, in_process, socket_path, headers):
        samples = await _samples(store)
        cases = _cases(samples)
        statements: dict[tuple[str, int], list[str]] = {}
        for case in cases:
            for index, variables in enumerate(case.variables):
                store.recorded.clear()
                await _post(in_process, case.query, variables)
                statements[(case.field, index)] = [
                    encode_parameters(name, params) + store.catalogue.get(name).text
                    for name, params in store.recorded
                ]
        procedure = [
            encode_parameters("bench/fulltext", {"q": term})
            + f"CALL db.idx.fulltext.queryNodes('{label}', $q) YIELD node, score "
            "RETURN node.id, score"
            for term in SEARCH_TERMS
            for label in ("Review", "Finding", "Recommendation", "PracticeChange")
        ]
        raw_client = FalkorDB(unix_socket_path=socket_path)
        raw = raw_client.select_graph(GRAPH)
        lines = []
        try:
            with _server(folder, _free_port()) as url:
                async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as http:
                    for case in cases:
                        http_ms, raw_ms = [], []
                        for _ in range(repeat):
                            for index, variables in enumerate(case.variables):
                                start = time.perf_counter()
                                await _post(http, case.query, variables)
                                http_ms.append((time.perf_counter() - start) * 1000)
                                start = time.perf_counter()
                                for text in statements[(case.field, index)]:
                                    await raw.query(text, timeout=TIMEOUT_MS)
                                raw_ms.append((time.perf_counter() - start) * 1000)
                        lines.append(_row(reviews, case.field, http_ms, raw_ms))
                    engine_ms = []
                    for _ in range(repeat):
                        for term in range(len(SEARCH_TERMS)):
                            start = time.perf_counter()
                            for text in procedure[term * 4 : term * 4 + 4]:
                                await raw.query(text, timeout=TIMEOUT_MS)
                            engine_ms.append((time.perf_counter() - start) * 1000)
                    lines.append(
                        f"| {reviews:,} | search: the engine's full-text procedure alone | "
                        f"{statistics.median(engine_ms):.1f} | "
                        f"{_percentile(engine_ms, 0.99):.1f} | | | | |"
                    )
                    throughput = [
                        await _throughput(url, headers, samples["reviews"], n, seconds)
                        for n in clients
                    ]
        finally:
            await raw_client.aclose()
    table = "\n".join(lines)
    concurrency = "\n".join(
        f"| {reviews:,} | {n} | {rate:,.0f} |" for n, rate in zip(clients, throughput, strict=True)
    )
    return f"{table}\n\n{concurrency}"


def _row(reviews: int, field: str, http_ms: list[float], raw_ms: list[float]) -> str:
    http50, raw50 = statistics.median(http_ms), statistics.median(raw_ms)
    ratio = f"{http50 / raw50:.2f}" if raw50 > 0.01 else "-"
    return (
        f"| {reviews:,} | {field} | {http50:.1f} | {_percentile(http_ms, 0.99):.1f} "
        f"| {raw50:.1f} | {_percentile(raw_ms, 0.99):.1f} | {ratio} | {http50 - raw50:.1f} |"
    )


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


async def run(scales: list[int], repeat: int, clients: list[int], seconds: float) -> None:
    outputs = [await _measure_scale(n, repeat, clients, seconds) for n in scales]
    print(
        "| reviews | field | HTTP p50 ms | HTTP p99 ms | raw p50 ms | raw p99 ms | p50 ratio "
        "| p50 added ms |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for output in outputs:
        print(output.split("\n\n")[0])
    print()
    print("| reviews | concurrent clients | review detail requests/s |")
    print("|---:|---:|---:|")
    for output in outputs:
        print(output.split("\n\n")[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--repeat", type=int, default=20, help="rounds over each field's samples")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=10.0, help="per concurrency level")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.reviews, arguments.repeat, arguments.clients, arguments.seconds))


if __name__ == "__main__":
    main()
