"""The dataset the analytical API tests load, and its oracle reading.

By default a synthetic dataset is generated once per session. Setting GRAPH_SERVICE_TEST_DATASET
to a dataset folder checks the API against that folder instead (data the tests did not make).
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.domain.access import Role, visibility_for
from graph_service.domain.visibility import Visibility
from graph_service.loaders.generate import generate_dataset
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.analytics.test_oracle import HAND_DATASET, write_dataset
from tests.api.conftest import graphql, signed_in
from tests.graphs import GraphHost

DATASET_VARIABLE = "GRAPH_SERVICE_TEST_DATASET"
# A size and seed no other test uses, so that these checks see data of their own.
REVIEWS = 320
SEED = 23


@pytest.fixture(scope="session")
def analytics_dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get(DATASET_VARIABLE)
    if named:
        folder = Path(named)
        if not folder.is_dir():
            pytest.fail(f"{DATASET_VARIABLE}={named}: not a dataset folder", pytrace=False)
        return folder
    folder = tmp_path_factory.mktemp("analytics") / f"synthetic-{REVIEWS}-seed-{SEED}"
    generate_dataset(folder, reviews=REVIEWS, seed=SEED)
    return folder


@pytest.fixture(scope="session")
def analytics_dataset(analytics_dataset_folder: Path) -> oracle.Dataset:
    """The oracle's reading of the same folder: the expected answers come from it."""
    return oracle.load_dataset(analytics_dataset_folder)


@pytest.fixture(scope="session")
async def analytics_graph(graph_host: GraphHost, analytics_dataset_folder: Path) -> str:
    """A graph holding the reference data and the analytics dataset, loaded once; read only."""
    return await graph_host.load(analytics_dataset_folder, "analytics")


@pytest.fixture
async def analytics_store(graph_host: GraphHost, analytics_graph: str) -> AsyncIterator[GraphStore]:
    async with graph_host.open(analytics_graph) as store:
        yield store


@pytest.fixture(scope="session")
def hand_dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The oracle's hand-worked dataset (test_oracle.HAND_DATASET) as files: tiny, with cases
    the generated data lacks (a recommendation addressing no finding, a review with no year,
    an IMR of an agency that is no force)."""
    return write_dataset(tmp_path_factory.mktemp("hand") / "data", HAND_DATASET, jsonl=set())


@pytest.fixture(scope="session")
def hand_dataset(hand_dataset_folder: Path) -> oracle.Dataset:
    return oracle.load_dataset(hand_dataset_folder)


@pytest.fixture(scope="session")
async def hand_graph(graph_host: GraphHost, hand_dataset_folder: Path) -> str:
    """A graph holding the reference data and the hand-worked dataset; read only."""
    return await graph_host.load(hand_dataset_folder, "hand")


@pytest.fixture
async def hand_store(graph_host: GraphHost, hand_graph: str) -> AsyncIterator[GraphStore]:
    async with graph_host.open(hand_graph) as store:
        yield store


@asynccontextmanager
async def api_for(store: GraphStore, visibility: Visibility) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the API over ``store`` signed in with the lowest role that sees what
    ``visibility`` allows (reader: published, unrestricted material; analyst: everything)."""
    role = next(role for role in Role if visibility_for(role) == visibility)
    async with signed_in(store, role) as client:
        yield client


async def query(client: httpx.AsyncClient, text: str, **variables: Any) -> dict[str, Any]:
    """The data of a GraphQL request that must succeed."""
    body = await graphql(client, text, variables)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def query_error(client: httpx.AsyncClient, text: str, **variables: Any) -> dict[str, Any]:
    """The first error of a GraphQL request that must fail."""
    body = await graphql(client, text, variables)
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    return error
