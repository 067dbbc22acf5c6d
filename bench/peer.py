"""The peer users would pick instead: @neo4j/graphql over the same Neo4j graph, side by side.

In one run:

1. Neo4j Community Edition starts from tools/neo4j-launcher (a temporary store, deleted when
   it stops); the reference data and a synthetic dataset (seed 1, cached under bench/data/)
   are loaded with the service's own loader, derivations included;
2. what each side sends to Neo4j for one request of each question is recorded: the
   service's catalogue statements (by name, from the service run in process over a store
   that notes each one), the peer's generated Cypher (from a peer process whose driver
   writes down every statement);
3. `graph-service serve` runs on that Neo4j as a separate process, without a request budget;
   every request sends an analyst's API key, so restricted material counts in every figure;
4. the peer, bench/peer/server.mjs (@neo4j/graphql, served by Apollo Server), runs on the
   same Neo4j as another process. It has no notion of restricted material: it shows
   everything to everyone, with no credentials and no visibility condition in its Cypher.
   Its Bolt sockets are set TCP_NODELAY like the service's (neo4j-driver for Node.js leaves
   Nagle's algorithm on, which adds ~40 ms to some statements; --peer-nagle keeps that);
5. both are checked to answer alike (totals, each sampled review's detail page, each list
   page, each issue's reviews per review type); any difference stops the run;
6. three questions both can express are timed, the two sides alternating in slices, by 1
   and then 8 concurrent clients: a review's detail page, a filtered list page with its
   total count, and the reviews per review type for one perennial issue.

Prints a Markdown table (p50 and p99 latency, requests per second, service/peer ratios) and
writes it with both sides' database traffic to bench/peer/last-run.md.

    .venv/bin/python -m bench.peer --reviews 5000
"""

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench.backends import NEO4J_HEAP, NEO4J_PAGE_CACHE
from bench.queries import REVIEW_DETAIL
from graph_service.api.app import create_app
from graph_service.auth import issue_key
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.loaders.generate import generate_dataset
from graph_service.repository import ApiKeyRepository
from graph_service.services import Actor, LoadService
from graph_service.store.catalogue import Statement, StatementCatalogue
from graph_service.store.neo4j import Neo4jStore
from graph_service.store.port import Params, Row
from tools.neo4j_launcher import Neo4jLauncher
from tools.run_neo4j import LOCAL_PASSWORD, neo4j_release

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
PEER = Path(__file__).parent / "peer"
REPORT = PEER / "last-run.md"
SEED = 1
SAMPLES = 8  # distinct argument sets per question
USER = "neo4j"
DATABASE = "neo4j"
START_TIMEOUT_S = 300.0

# Enum values: the service gives them in upper case, the graph (and so the peer) stores them
# in lower case.
ENUM_FIELDS = frozenset({"status", "kind", "direction"})


@dataclass(frozen=True)
class Side:
    """One of the two GraphQL APIs: where it answers and the headers every request sends."""

    name: str
    url: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    service: str
    peer: str
    variables: list[dict[str, Any]]


@dataclass
class Timing:
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


# -- The questions, as each side expresses them ------------------------------------------------

# A review's page: the service is sent REVIEW_DETAIL (bench/queries.py), which orders findings,
# recommendations, practice changes and outcomes by id and the codes of forces, issues and
# themes by code; the peer is asked for the same order.
PEER_DETAIL = """
query ($id: ID!) {
  reviews(where: { id_EQ: $id }) {
    id title status publishedOn reviewType { code name } forces(sort: [{ code: ASC }]) { code name }
    findings(limit: 50, sort: [{ id: ASC }]) {
      id text kind
      perennialIssues(sort: [{ code: ASC }]) { code }
      themes(sort: [{ code: ASC }]) { code }
    }
    recommendations(limit: 30, sort: [{ id: ASC }]) {
      id text status
      practiceChanges(limit: 10, sort: [{ id: ASC }]) {
        id status outcomes(limit: 10, sort: [{ id: ASC }]) { id direction }
      }
    }
  }
}
"""
# Published reviews of one type in a year range, newest first (then by id, descending), the
# first 20 with the total count.
SERVICE_LIST = """
query ($type: String!, $from: Int!, $to: Int!) {
  reviews(
    filter: { reviewTypes: [$type], statuses: [PUBLISHED], yearFrom: $from, yearTo: $to }
    orderBy: PUBLISHED_DESC
    first: 20
  ) { totalCount edges { node { id title publishedOn } } }
}
"""
PEER_LIST = """
query ($type: String!, $from: Int!, $to: Int!) {
  reviewsConnection(
    where: { reviewTypeCode_EQ: $type, status_EQ: "published", year_GTE: $from, year_LTE: $to }
    sort: [{ publishedOn: DESC }, { id: DESC }]
    first: 20
  ) { totalCount edges { node { id title publishedOn } } }
}
"""
# Reviews per review type with a finding coded with one perennial issue. The service answers
# from the tallies it derives after each load (issuePathway's byReviewType; recurringIssues
# gives the same figures for every issue at once); the peer counts over the graph as loaded,
# with the aggregation @neo4j/graphql 6 recommends (its connection's aggregate: a count
# DISTINCT per type, where totalCount would collect every review first).
SERVICE_BY_TYPE = """
query ($code: String!) {
  issuePathway(code: $code) { byReviewType { reviewType stages { reviews } } }
}
"""
PEER_BY_TYPE = """
query ($code: String!) {
  reviewTypes(sort: [{ code: ASC }]) {
    code
    reviewsConnection(
      where: { node: { findings_SOME: { perennialIssues_SOME: { code_EQ: $code } } } }
    ) { aggregate { count { nodes } } }
  }
}
"""
SERVICE_TOTALS = "{ reviews { totalCount } findings { totalCount } recommendations { totalCount } }"
PEER_TOTALS = (
    "{ reviewsConnection { totalCount } findingsConnection { totalCount }"
    " recommendationsConnection { totalCount } }"
)


def _questions(samples: dict[str, list[Any]]) -> list[Question]:
    return [
        Question(
            "detail",
            "a review's detail page",
            REVIEW_DETAIL,
            PEER_DETAIL,
            [{"id": review} for review in samples["reviews"]],
        ),
        Question(
            "list",
            "a filtered list page with its total count",
            SERVICE_LIST,
            PEER_LIST,
            samples["lists"],
        ),
        Question(
            "by_type",
            "reviews per review type for one perennial issue",
            SERVICE_BY_TYPE,
            PEER_BY_TYPE,
            [{"code": code} for code in samples["issues"]],
        ),
    ]


# -- Answers, made comparable --------------------------------------------------------------------


def _lowered(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _lowered(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_lowered(v) for v in value]
    if isinstance(value, str) and key in ENUM_FIELDS:
        return value.lower()
    return value


def _comparable(question: str, side: str, data: dict[str, Any]) -> Any:
    if question == "totals":
        if side == "service":
            return {k: v["totalCount"] for k, v in data.items()}
        return {k.removesuffix("Connection"): v["totalCount"] for k, v in data.items()}
    if question == "detail":
        if side == "service":
            return _lowered(data["review"])
        return data["reviews"][0] if data["reviews"] else None
    if question == "list":
        return data["reviews" if side == "service" else "reviewsConnection"]
    if side == "service":
        rows = data["issuePathway"]["byReviewType"]
        counts = {row["reviewType"]: row["stages"]["reviews"] for row in rows}
    else:
        rows = data["reviewTypes"]
        counts = {
            row["code"]: row["reviewsConnection"]["aggregate"]["count"]["nodes"] for row in rows
        }
    return {code: count for code, count in sorted(counts.items()) if count}


# -- Processes ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _say(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.0f} s] {message}", file=sys.stderr, flush=True)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("error: the peer needs Node.js 20 or newer on PATH (node)")
    if not (PEER / "node_modules" / "@neo4j" / "graphql").is_dir():
        raise SystemExit(
            "error: bench/peer/node_modules is missing: `make bench-peer` installs it "
            "(or run `npm ci` in bench/peer)"
        )
    return node


def _wait_until(process: subprocess.Popen[bytes], probe: httpx.Request, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            try:
                if client.send(probe).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise SystemExit(f"{what} stopped while starting (status {process.returncode})")
            time.sleep(0.3)
    raise SystemExit(f"{what} did not start within {START_TIMEOUT_S:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _service(uri: str) -> Iterator[str]:
    """`graph-service serve` on the Neo4j at ``uri``, configured as tools/run_neo4j.py does."""
    port = _free_port()
    environment = {
        **os.environ,
        "GRAPH_SERVICE_BACKEND": "neo4j",
        "GRAPH_SERVICE_NEO4J_URI": uri,
        "GRAPH_SERVICE_NEO4J_USER": USER,
        "GRAPH_SERVICE_NEO4J_PASSWORD": LOCAL_PASSWORD,
        "GRAPH_SERVICE_NEO4J_DATABASE": DATABASE,
        "GRAPH_SERVICE_LOG_LEVEL": "WARNING",
        "GRAPH_SERVICE_PORT": str(port),
        "GRAPH_SERVICE_RATE_LIMIT_PER_MINUTE": "0",  # measure the service, not its budget
    }
    process = subprocess.Popen([sys.executable, "-m", "graph_service", "serve"], env=environment)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until(process, httpx.Request("GET", f"{url}/readyz"), "the service")
        yield url
    finally:
        _stop(process)


@contextmanager
def _peer(uri: str, *, record: Path | None = None, nagle: bool = False) -> Iterator[str]:
    """bench/peer/server.mjs on the Neo4j at ``uri``; with ``record``, it writes down every
    statement it sends there; with ``nagle``, its Bolt sockets keep Nagle's algorithm."""
    port = _free_port()
    command = [_node(), str(PEER / "server.mjs"), "--port", str(port), "--uri", uri]
    if record is not None:
        command += ["--record", str(record)]
    if nagle:
        command.append("--nagle")
    process = subprocess.Popen(command, cwd=PEER, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    probe = httpx.Request("POST", f"{url}/", json={"query": "{ __typename }"})
    try:
        _wait_until(process, probe, "the peer")
        yield url
    finally:
        _stop(process)


# -- The graph -----------------------------------------------------------------------------------


def _dataset(reviews: int) -> Path:
    dataset = DATA / f"synthetic-{reviews}-seed-{SEED}"
    if not dataset.exists():
        generate_dataset(dataset, reviews=reviews, seed=SEED)
    return dataset


def _store(uri: str, timeout_ms: int) -> Neo4jStore:
    return Neo4jStore(
        StatementCatalogue.load("neo4j"),
        uri=uri,
        user=USER,
        password=LOCAL_PASSWORD,
        database=DATABASE,
        timeout_ms=timeout_ms,
    )


async def _load(uri: str, dataset: Path) -> None:
    store = _store(uri, 3_600_000)
    try:
        loading = LoadService(store, Actor("bench/peer.py", "cli"))
        await loading.initialise()
        report = await loading.load_dataset(dataset)
        if not report.ok:
            raise SystemExit(f"the benchmark dataset did not validate: {report.problems[0]}")
    finally:
        await store.close()


async def _analyst_key(uri: str) -> str:
    """An analyst's key; it goes with Neo4j's temporary store."""
    store = _store(uri, 60_000)
    try:
        issued = await issue_key(
            ApiKeyRepository(store), name=f"bench-peer-{os.getpid()}", role=Role.ANALYST
        )
    finally:
        await store.close()
    return issued.text


async def _samples(uri: str) -> dict[str, list[Any]]:
    """Ids, codes and filters the questions ask about, spread over the data."""
    async with neo4j.AsyncGraphDatabase.driver(uri, auth=(USER, LOCAL_PASSWORD)) as driver:

        async def rows(cypher: str) -> list[dict[str, Any]]:
            records, _, _ = await driver.execute_query(cypher, database_=DATABASE)
            return [record.data() for record in records]

        ids = [r["id"] for r in await rows("MATCH (r:Review) RETURN r.id AS id ORDER BY id")]
        issues = [
            r["code"]
            for r in await rows(
                "MATCH (i:PerennialIssue) WHERE EXISTS { (i)<-[:EXEMPLIFIES]-(:Finding) } "
                "RETURN i.code AS code ORDER BY code"
            )
        ]
        types = [
            r["type"]
            for r in await rows(
                "MATCH (r:Review {status: 'published'}) "
                "RETURN r.reviewType AS type, count(*) AS n ORDER BY n DESC, type LIMIT 4"
            )
        ]
    review_step = max(1, len(ids) // SAMPLES)
    issue_step = max(1, len(issues) // SAMPLES)
    return {
        "reviews": ids[::review_step][:SAMPLES],
        "issues": issues[::issue_step][:SAMPLES],
        "lists": [
            {"type": review_type, "from": start, "to": end}
            for review_type in types
            for start, end in ((2016, 2020), (2019, 2024))
        ][:SAMPLES],
    }


# -- Requests ------------------------------------------------------------------------------------


async def _ask(
    http: httpx.AsyncClient, side: Side, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await http.post(side.path, json={"query": query, "variables": variables})
    body = response.json()
    if response.status_code != 200 or body.get("errors") or body.get("data") is None:
        raise SystemExit(f"the {side.name} failed a benchmark query: {body}")
    data: dict[str, Any] = body["data"]
    return data


def _client(side: Side) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=side.url, headers=side.headers, timeout=120)


async def _check(service: Side, peer: Side, questions: list[Question]) -> list[str]:
    """Asks both sides every sample; stops the run at the first answer that differs."""
    lines = []
    totals: list[dict[str, Any]] = [{}]
    cases = [("totals", SERVICE_TOTALS, PEER_TOTALS, totals)] + [
        (q.key, q.service, q.peer, q.variables) for q in questions
    ]
    async with _client(service) as ours, _client(peer) as theirs:
        for key, service_query, peer_query, variables in cases:
            for values in variables:
                mine = _comparable(key, "service", await _ask(ours, service, service_query, values))
                other = _comparable(key, "peer", await _ask(theirs, peer, peer_query, values))
                if mine != other:
                    raise SystemExit(
                        f"the two sides answer {key} {values} differently:\n"
                        f"service: {json.dumps(mine, sort_keys=True)}\n"
                        f"peer:    {json.dumps(other, sort_keys=True)}"
                    )
                if key == "totals":
                    lines.append(f"totals: {json.dumps(mine, sort_keys=True)}")
                elif key == "by_type":
                    lines.append(f"{values['code']}: {json.dumps(mine)}")
            lines.append(f"{key}: {len(variables)} argument set(s), the same answers")
    return lines


# -- What each side sends to Neo4j ---------------------------------------------------------------


class _RecordingNeo4jStore(Neo4jStore):
    """A Neo4j store that remembers the name of every catalogue statement it runs."""

    recorded: list[str]

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        self.recorded.append(statement.name)
        return await super()._run(statement, params, read_only=read_only)


@asynccontextmanager
async def _service_recorder(
    uri: str, key: str
) -> AsyncIterator[tuple[list[str], httpx.AsyncClient, Side]]:
    """The service in process over a recording store, with the run's analyst key."""
    store = _RecordingNeo4jStore(
        StatementCatalogue.load("neo4j"),
        uri=uri,
        user=USER,
        password=LOCAL_PASSWORD,
        database=DATABASE,
        timeout_ms=60_000,
    )
    store.recorded = []
    side = Side("service", "http://service", "/graphql", {"Authorization": f"Bearer {key}"})
    app = create_app(Settings(), store=store)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url=side.url, headers=side.headers
            ) as client:
                yield store.recorded, client, side
    finally:
        await store.close()


type Recorded = dict[str, tuple[list[str], list[dict[str, Any]]]]


async def _record(uri: str, key: str, questions: list[Question], folder: Path) -> Recorded:
    """Per question, the service's statement names and the peer's Cypher for one request:
    the second of two alike, since the first may do more once (the peer asks Neo4j for its
    version with its first request)."""
    recorded: Recorded = {}
    statements = folder / "peer-statements.jsonl"
    statements.touch()
    async with _service_recorder(uri, key) as (names, ours, service):
        with _peer(uri, record=statements) as peer_url:
            peer = Side("peer", peer_url, "/", {})
            async with _client(peer) as theirs:
                for question in questions:
                    values = question.variables[0]
                    await _ask(ours, service, question.service, values)
                    names.clear()
                    await _ask(ours, service, question.service, values)
                    service_names = list(names)
                    await _ask(theirs, peer, question.peer, values)
                    before = statements.stat().st_size
                    await _ask(theirs, peer, question.peer, values)
                    with statements.open() as log:
                        log.seek(before)
                        peer_statements = [json.loads(line) for line in log if line.strip()]
                    recorded[question.key] = (service_names, peer_statements)
    return recorded


# -- Timing --------------------------------------------------------------------------------------


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _drive(
    clients: list[httpx.AsyncClient],
    side: Side,
    query: str,
    variables: list[dict[str, Any]],
    seconds: float,
    timing: Timing,
) -> None:
    """``len(clients)`` clients, each sending its next request as soon as the last one is
    answered, for ``seconds``."""
    stop = time.monotonic() + seconds

    async def run(http: httpx.AsyncClient, offset: int) -> None:
        index = offset
        while time.monotonic() < stop:
            start = time.perf_counter()
            await _ask(http, side, query, variables[index % len(variables)])
            timing.latencies_ms.append((time.perf_counter() - start) * 1000)
            index += 1

    started = time.perf_counter()
    await asyncio.gather(*(run(http, i) for i, http in enumerate(clients)))
    timing.seconds += time.perf_counter() - started


async def _measure(
    sides: list[Side],
    pools: dict[str, list[httpx.AsyncClient]],
    question: Question,
    clients: int,
    seconds: float,
    rounds: int,
) -> dict[str, Timing]:
    """Each side in turn for seconds/rounds, ``rounds`` times, the first side alternating."""
    timings = {side.name: Timing() for side in sides}
    for round_ in range(rounds):
        for side in sides if round_ % 2 == 0 else sides[::-1]:
            query = question.service if side.name == "service" else question.peer
            await _drive(
                pools[side.name][:clients],
                side,
                query,
                question.variables,
                seconds / rounds,
                timings[side.name],
            )
    return timings


async def _warm_up(
    sides: list[Side], pools: dict[str, list[httpx.AsyncClient]], question: Question
) -> None:
    for side in sides:
        query = question.service if side.name == "service" else question.peer
        for _ in range(3):
            for values in question.variables:
                await _ask(pools[side.name][0], side, query, values)


def _row(question: Question, clients: int, timings: dict[str, Timing]) -> str:
    service, peer = timings["service"], timings["peer"]
    s50, p50 = statistics.median(service.latencies_ms), statistics.median(peer.latencies_ms)
    return (
        f"| {question.title} | {clients} "
        f"| {s50:.1f} | {_percentile(service.latencies_ms, 0.99):.1f} | {service.rate:,.0f} "
        f"| {p50:.1f} | {_percentile(peer.latencies_ms, 0.99):.1f} | {peer.rate:,.0f} "
        f"| {s50 / p50:.2f} | {service.rate / peer.rate:.2f} |"
    )


TABLE_HEAD = (
    "| question | clients | service p50 ms | service p99 ms | service req/s "
    "| peer p50 ms | peer p99 ms | peer req/s | p50 service/peer | req/s service/peer |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


# -- The run -------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    def package(name: str) -> str:
        manifest = PEER / "node_modules" / name / "package.json"
        return str(json.loads(manifest.read_text())["version"])

    node = subprocess.run(
        [_node(), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return {
        "Neo4j Community": neo4j_release(),
        "@neo4j/graphql": package("@neo4j/graphql"),
        "@apollo/server": package("@apollo/server"),
        "neo4j-driver (peer)": package("neo4j-driver"),
        "Node.js": node,
        "Python": platform.python_version(),
    }


def _traffic(questions: list[Question], recorded: Recorded) -> str:
    parts = []
    for question in questions:
        names, cypher = recorded[question.key]
        parts.append(f"### {question.title}\n")
        parts.append(
            f"Service: {len(names)} statement(s) from its catalogue (cypher/; the Neo4j "
            "dialect where cypher/neo4j/ overrides one), in order:\n"
        )
        parts.extend(f"{i}. `{name}`" for i, name in enumerate(names, 1))
        parts.append(f"\nPeer: {len(cypher)} statement(s) generated by @neo4j/graphql:\n")
        for i, statement in enumerate(cypher, 1):
            parameters = json.dumps(statement["params"], sort_keys=True)
            parts.append(
                f"{i}. parameters `{parameters}`\n\n```cypher\n{statement['cypher']}\n```\n"
            )
        parts.append("")
    return "\n".join(parts)


async def run(
    reviews: int, clients: list[int], seconds: float, rounds: int, *, peer_nagle: bool
) -> None:
    started = time.monotonic()
    _node()
    versions = _versions()
    dataset = _dataset(reviews)
    _say(f"dataset {dataset.name}; starting Neo4j", started)
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as temporary:
        folder = Path(temporary)
        # The memory the other benchmarks give Neo4j, for both sides alike.
        launcher = Neo4jLauncher(
            folder / "neo4j.log",
            jvm_options=(f"-Xms{NEO4J_HEAP}", f"-Xmx{NEO4J_HEAP}"),
            page_cache=NEO4J_PAGE_CACHE,
        )
        uri = await asyncio.to_thread(launcher.start)
        try:
            _say(f"Neo4j at {uri}; loading the reference data and {dataset.name}", started)
            await _load(uri, dataset)
            key = await _analyst_key(uri)
            samples = await _samples(uri)
            questions = _questions(samples)
            _say("loaded; recording what each side sends to Neo4j", started)
            recorded = await _record(uri, key, questions, folder)
            with _service(uri) as service_url, _peer(uri, nagle=peer_nagle) as peer_url:
                service = Side(
                    "service", service_url, "/graphql", {"Authorization": f"Bearer {key}"}
                )
                peer = Side("peer", peer_url, "/", {})
                _say("both up; checking that they answer alike", started)
                checks = await _check(service, peer, questions)
                sides = [service, peer]
                pools = {side.name: [_client(side) for _ in range(max(clients))] for side in sides}
                rows = []
                try:
                    for question in questions:
                        await _warm_up(sides, pools, question)
                        for n in clients:
                            _say(f"timing {question.title}, {n} client(s)", started)
                            timings = await _measure(sides, pools, question, n, seconds, rounds)
                            rows.append(_row(question, n, timings))
                finally:
                    for pool in pools.values():
                        for http in pool:
                            await http.aclose()
        finally:
            await asyncio.to_thread(launcher.stop)
    elapsed = time.monotonic() - started
    table = f"{TABLE_HEAD}\n" + "\n".join(rows)
    print(table)
    print()
    for question in questions:
        names, cypher = recorded[question.key]
        print(
            f"{question.title}: the service ran {len(names)} statement(s) "
            f"({', '.join(names)}); the peer sent {len(cypher)}"
        )
    command = "python -m bench.peer " + " ".join(sys.argv[1:])
    report = [
        "# bench/peer.py: the service and @neo4j/graphql over the same Neo4j",
        "",
        f"`{command.strip()}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{reviews:,} reviews (seed {SEED}); each cell {seconds:g} s per side in {rounds} "
        f"alternating slices; {os.cpu_count()} CPU(s), client, service, peer and Neo4j on the "
        f"same machine; the whole run took {elapsed:.0f} s.",
        "",
        ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        "",
        "The service is asked with an analyst's API key, so restricted material counts; the "
        "peer has no notion of restricted material (no credentials, no visibility condition "
        "in its Cypher), so the service does more work per request: it authenticates the key "
        "and its statements carry the visibility conditions.",
        "",
        "The peer's Bolt sockets "
        + (
            "keep Nagle's algorithm on (--peer-nagle, neo4j-driver's default)."
            if peer_nagle
            else "are set TCP_NODELAY, as the service's are (neo4j-driver's default leaves "
            "Nagle's algorithm on)."
        ),
        "",
        "## Figures",
        "",
        table,
        "",
        "## The same answers",
        "",
        *(f"- {line}" for line in checks),
        "",
        "## What each side sent to Neo4j for one request",
        "",
        _traffic(questions, recorded),
    ]
    REPORT.write_text("\n".join(report))
    _say(
        f"done in {elapsed:.0f} s; {REPORT.relative_to(ROOT)} holds the table and the traffic",
        started,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=5_000, help="synthetic reviews to load")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="per side, question and client count"
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating slices the seconds are split into"
    )
    parser.add_argument(
        "--peer-nagle",
        action="store_true",
        help="leave Nagle's algorithm on for the peer's Bolt sockets, as neo4j-driver does",
    )
    arguments = parser.parse_args()
    asyncio.run(
        run(
            arguments.reviews,
            arguments.clients,
            arguments.seconds,
            arguments.rounds,
            peer_nagle=arguments.peer_nagle,
        )
    )


if __name__ == "__main__":
    main()
