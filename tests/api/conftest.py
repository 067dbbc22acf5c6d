"""An API client over a real store that holds the reference data."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.repository import ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from loaders.reference import load_reference
from tests.conftest import catalogue_with_test_statements


@asynccontextmanager
async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for ``app`` with its start-up and shut-down run around it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
async def reference_store(embedded_server: EmbeddedServer) -> AsyncIterator[GraphStore]:
    store = EmbeddedStore(
        catalogue_with_test_statements("falkordb"),
        embedded_server,
        graph_name=f"api_{uuid.uuid4().hex[:12]}",
        timeout_ms=30_000,
    )
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    try:
        yield store
    finally:
        await store.write("test/clear")
        await store.close()


@pytest.fixture
async def api(reference_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app(Settings(), store=reference_store)) as client:
        yield client


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
