"""Queries generated from the served schema, valid and invalid, as a reader and as an analyst:
whatever they ask, the answer is never a 5xx and every error has the GraphQL shape and a code
other than INTERNAL_SERVER_ERROR."""

from collections.abc import AsyncIterator
from datetime import UTC, date, timedelta
from typing import Any

import httpx
import pytest
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from graph_service.api.schema import build_schema
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from tests.api.conftest import signed_in

SCHEMA = build_schema()._schema
SCALARS = {
    "Date": st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(
        lambda d: StringValueNode(value=d.isoformat())
    ),
    "DateTime": st.datetimes(timezones=st.just(UTC)).map(
        lambda t: StringValueNode(value=t.isoformat())
    ),
}
# A bounded budget: the whole file runs in well under a minute on the embedded engine.
BUDGET = settings(
    max_examples=25,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(params=[Role.READER, Role.ANALYST], ids=["reader", "analyst"])
async def caller(
    request: pytest.FixtureRequest, loaded_store: GraphStore
) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(loaded_store, request.param) as client:
        yield client


async def _answer(client: httpx.AsyncClient, query: str) -> None:
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code < 500, (query, response.text)
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        assert isinstance(error["message"], str), (query, error)
        assert error["message"], (query, error)
        code = error["extensions"]["code"]
        assert code != "INTERNAL_SERVER_ERROR", (query, error)
    if response.status_code != 200:
        assert body["errors"], (query, body)


@BUDGET
@given(query=queries(SCHEMA, custom_scalars=SCALARS))
async def test_generated_valid_queries_never_fail_inside_the_service(
    caller: httpx.AsyncClient, query: str
) -> None:
    await _answer(caller, query)


@BUDGET
@given(query=queries(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
async def test_generated_invalid_queries_are_refused_in_the_graphql_shape(
    caller: httpx.AsyncClient, query: str
) -> None:
    await _answer(caller, query)
