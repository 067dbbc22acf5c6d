"""An API client over a real store that holds the reference data."""

import csv
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from graph_service.api.app import create_app
from graph_service.auth import issue_key
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import ApiKeyRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.auth.conftest import rsa_key  # noqa: F401  (a signing key for token tests)
from tests.graphs import GraphHost


@asynccontextmanager
async def client_for(
    app: FastAPI, headers: dict[str, str] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for ``app`` with its start-up and shut-down run around it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers
        ) as client:
            yield client


async def bearer(store: GraphStore, role: Role) -> dict[str, str]:
    """The header of a new API key with ``role`` in ``store``."""
    issued = await issue_key(ApiKeyRepository(store), name=f"test-{uuid.uuid4().hex}", role=role)
    return {"Authorization": f"Bearer {issued.text}"}


@asynccontextmanager
async def signed_in(
    store: GraphStore, role: Role, settings: Settings | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the API over ``store`` sending a new API key with ``role``."""
    app = create_app(settings or Settings(), store=store)
    async with client_for(app, await bearer(store, role)) as client:
        yield client


@pytest.fixture
async def reference_store(graph_host: GraphHost) -> AsyncIterator[GraphStore]:
    """An empty graph of the test's own, on each backend, with the schema and reference data."""
    async with graph_host.scratch("api") as store:
        await store.apply_schema(GRAPH_SCHEMA)
        await load_reference(ReferenceRepository(store))
        yield store


@pytest.fixture
async def api(reference_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """A reader's client."""
    async with signed_in(reference_store, Role.READER) as client:
        yield client


@pytest.fixture
async def anonymous_api(reference_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """A client without credentials, anonymous reading allowed: a request that runs no
    statement at all, even its first (with a key, the first request checks the key)."""
    app = create_app(Settings(allow_anonymous_read=True), store=reference_store)
    async with client_for(app) as client:
        yield client


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="session")
def generated_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic dataset the entity tests read their expectations from."""
    folder = tmp_path_factory.mktemp("generated") / "dataset"
    generate_dataset(folder, reviews=40, seed=23)
    return folder


@pytest.fixture(scope="session")
async def loaded_graph(graph_host: GraphHost, generated_dataset: Path) -> str:
    """The name of a graph holding the reference data and ``generated_dataset``; read only."""
    return await graph_host.load(generated_dataset, "api_loaded")


@pytest.fixture
async def loaded_store(graph_host: GraphHost, loaded_graph: str) -> AsyncIterator[GraphStore]:
    async with graph_host.open(loaded_graph) as store:
        yield store


def read_rows(folder: Path, stem: str) -> list[dict[str, Any]]:
    """A dataset file's rows as plain dicts (CSV cells as strings, JSONL values as given)."""
    csv_path, jsonl_path = folder / f"{stem}.csv", folder / f"{stem}.jsonl"
    if csv_path.exists():
        with csv_path.open(encoding="utf-8-sig", newline="") as source:
            return list(csv.DictReader(source))
    if jsonl_path.exists():
        lines = jsonl_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    return []


def as_list(value: Any) -> list[str]:
    """A list field from either format."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part for part in (value or "").split(";") if part]
