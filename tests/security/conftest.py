"""Graphs, callers and small helpers for the tests that try to get past the access control.

The analytics graph (tests/analytics) holds restricted reviews and IMR assessments and is
shared read-only; a small "linked" graph adds the links that dataset lacks (briefings citing
restricted reviews and findings, public reviews related to restricted ones).
"""

import csv
import json
import re
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from graph_service.api.app import create_app
from graph_service.auth import IssuedKey, issue_key
from graph_service.config import Settings, load_settings
from graph_service.domain.access import Role
from graph_service.loaders.generate import generate_dataset
from graph_service.repository import ApiKeyRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.analytics import oracle
from tests.analytics.conftest import (  # noqa: F401  (fixtures shared with tests/analytics)
    analytics_dataset,
    analytics_dataset_folder,
    analytics_graph,
    analytics_store,
)
from tests.auth.conftest import (  # noqa: F401  (signing keys shared with tests/auth)
    ec_key,
    other_rsa_key,
    rsa_key,
)
from tests.graphs import GraphHost

# Labels that requests may add while a test looks for changes: who called, and what was refused.
BOOKKEEPING = frozenset({"ApiKey", "AuditEvent"})
_ENTITY_ID = re.compile(r"\b(?:R\d{6}(?:-(?:F|REC)\d+)?|IMR\d{6})\b")


def settings(**overrides: Any) -> Settings:
    """Settings from these values only (no .env file)."""
    return load_settings(_env_file=None, **overrides)


@asynccontextmanager
async def running(store: GraphStore, configured: Settings | None = None) -> AsyncIterator[FastAPI]:
    """The service over ``store``, started and stopped around the block."""
    app = create_app(configured or settings(), store=store)
    async with app.router.lifespan_context(app):
        yield app


def client(
    app: FastAPI, headers: dict[str, str] | None = None, address: str = "127.0.0.1"
) -> httpx.AsyncClient:
    """An HTTP client of a running ``app``, connecting from ``address``."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


@asynccontextmanager
async def serve(
    store: GraphStore, configured: Settings | None = None, headers: dict[str, str] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the service over ``store`` sending ``headers``."""
    async with running(store, configured) as app, client(app, headers) as http:
        yield http


async def issue(store: GraphStore, role: Role, name: str | None = None) -> IssuedKey:
    """A new API key in ``store``."""
    return await issue_key(
        ApiKeyRepository(store), name=name or f"{role.value}-{uuid.uuid4().hex[:10]}", role=role
    )


def bearer(credential: IssuedKey | str) -> dict[str, str]:
    text = credential.text if isinstance(credential, IssuedKey) else credential
    return {"Authorization": f"Bearer {text}"}


async def post(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST a GraphQL request, whatever the status of the answer.

    The body is ASCII JSON, so that any text can be sent, a lone surrogate included.
    """
    body = json.dumps({"query": query, "variables": variables or {}})
    return await http.post(
        "/graphql",
        content=body.encode("ascii"),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def codes(body: dict[str, Any]) -> list[str]:
    """The code of every error in a GraphQL answer, in order."""
    return [str(error["extensions"]["code"]) for error in body.get("errors") or []]


def mentioned_ids(text: str) -> set[str]:
    """Every review, finding, recommendation and IMR assessment id in a text."""
    return set(_ENTITY_ID.findall(text))


async def graph_facts(store: GraphStore) -> list[tuple[str, str, int]]:
    """Nodes per label set and relationships per type, bookkeeping left out: what a request
    must never change."""
    rows = await store.read("test/graph_summary")
    facts = []
    for row in rows:
        name = row["name"]
        labels = name if isinstance(name, list) else [name]
        if BOOKKEEPING & set(labels):
            continue
        facts.append((str(row["kind"]), ":".join(sorted(map(str, labels))), int(row["count"])))
    return sorted(facts)


@dataclass(frozen=True)
class Restricted:
    """The ids of everything restricted in a dataset, and of every IMR assessment."""

    reviews: frozenset[str]
    findings: frozenset[str]
    recommendations: frozenset[str]
    imr_assessments: frozenset[str]

    @classmethod
    def of(cls, ds: oracle.Dataset) -> "Restricted":
        hidden = frozenset(r.id for r in ds.reviews.values() if r.restricted)
        return cls(
            reviews=hidden,
            findings=frozenset(f.id for f in ds.findings.values() if f.review_id in hidden),
            recommendations=frozenset(
                r.id for r in ds.recommendations.values() if r.review_id in hidden
            ),
            imr_assessments=frozenset(ds.imr_assessments),
        )

    @property
    def hidden_from_readers(self) -> frozenset[str]:
        return self.reviews | self.findings | self.recommendations | self.imr_assessments

    def leaked(self, text: str) -> set[str]:
        """The ids in ``text`` a reader must never see."""
        return mentioned_ids(text) & self.hidden_from_readers


@pytest.fixture(scope="session")
def restricted(analytics_dataset: oracle.Dataset) -> Restricted:  # noqa: F811
    return Restricted.of(analytics_dataset)


@pytest.fixture
async def keyed_store(graph_host: GraphHost) -> AsyncIterator[GraphStore]:
    """An empty graph of its own on each backend, with the service's constraints and indexes:
    for tests that add keys or count the statements a request runs."""
    async with graph_host.scratch("security") as opened:
        await opened.apply_schema(GRAPH_SCHEMA)
        yield opened


# ---------------------------------------------------------------------------------------------
# The linked graph: a small generated dataset whose briefings cite restricted reviews and
# findings, and whose public reviews are related to restricted ones.


def rewrite_csv(path: Path, change: Any) -> None:
    """Rewrite a dataset's CSV file row by row through ``change``."""
    with path.open(encoding="utf-8-sig", newline="") as source:
        reader = csv.DictReader(source)
        columns = list(reader.fieldnames or [])
        rows = [change(dict(row)) for row in reader]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _ids(values: Iterable[str]) -> str:
    return ";".join(dict.fromkeys(values))


@pytest.fixture(scope="session")
def linked_dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("linked") / "dataset"
    generate_dataset(folder, reviews=60, seed=41)
    ds = oracle.load_dataset(folder)
    hidden = sorted(r.id for r in ds.reviews.values() if r.restricted)
    shown = sorted(r.id for r in ds.reviews.values() if not r.restricted)
    assert len(hidden) >= 4, "the generator made too few restricted reviews to link"
    assert len(shown) >= 4, "the generator made too few public reviews to link"
    hidden_findings = [f.id for f in ds.findings.values() if f.review_id in hidden]
    shown_findings = [f.id for f in ds.findings.values() if f.review_id in shown]

    def cite(row: dict[str, str]) -> dict[str, str]:
        n = int(row["briefing_id"].removeprefix("B"))
        row["cites_reviews"] = _ids([hidden[n % len(hidden)], shown[n % len(shown)]])
        row["cites_findings"] = _ids(
            [hidden_findings[n % len(hidden_findings)], shown_findings[n % len(shown_findings)]]
        )
        return row

    pairs = dict(zip(shown[:4], hidden[:4], strict=True))

    def relate(row: dict[str, str]) -> dict[str, str]:
        partner = pairs.get(row["review_id"])
        row["related_review_ids"] = partner or ""
        return row

    rewrite_csv(folder / "briefings.csv", cite)
    rewrite_csv(folder / "reviews.csv", relate)
    return folder


@pytest.fixture(scope="session")
def linked_dataset(linked_dataset_folder: Path) -> oracle.Dataset:
    return oracle.load_dataset(linked_dataset_folder)


@pytest.fixture(scope="session")
async def linked_graph(graph_host: GraphHost, linked_dataset_folder: Path) -> str:
    return await graph_host.load(linked_dataset_folder, "linked")


@pytest.fixture
async def linked_store(graph_host: GraphHost, linked_graph: str) -> AsyncIterator[GraphStore]:
    async with graph_host.open(linked_graph) as opened:
        yield opened
