"""Abusive queries are refused with a clear error before any statement runs."""

import asyncio
from typing import Any

import httpx
import pytest

from graph_service.api.app import create_app
from graph_service.api.cost import MAX_COST
from graph_service.config import Settings, load_settings
from graph_service.errors import ConfigError
from graph_service.store import GraphStore
from tests.api.conftest import client_for, graphql


def _nested(levels: int) -> str:
    """review -> findings -> review -> findings ... ``levels`` fields deep."""
    inner = "id"
    for level in range(levels - 1):
        field = "findings" if level % 2 == 0 else "review"
        inner = f"{field} {{ id {inner} }}"
    return f'{{ review(id: "R1") {{ {inner} }} }}'


async def test_a_query_twenty_levels_deep_is_refused(
    anonymous_api: httpx.AsyncClient, reference_store: GraphStore
) -> None:
    before = reference_store.statements_run

    body = await graphql(anonymous_api, _nested(20))

    assert body.get("data") is None
    assert any("exceeds maximum operation depth" in e["message"] for e in body["errors"])
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert reference_store.statements_run == before


async def test_a_query_that_could_resolve_too_much_is_refused_with_its_cost(
    anonymous_api: httpx.AsyncClient, reference_store: GraphStore
) -> None:
    before = reference_store.statements_run
    page = (
        "reviews(first: 100) { edges { node { findings { recommendations { "
        "practiceChanges { outcomes { id } } } } } } }"
    )
    query = "{ " + " ".join(f"a{i}: {page}" for i in range(3)) + " }"

    body = await graphql(anonymous_api, query)

    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert f"{MAX_COST:,}" in error["message"]
    assert body.get("data") is None
    assert reference_store.statements_run == before


@pytest.mark.parametrize("first", [5, 100])
async def test_ordinary_pages_stay_within_the_cost_limit(
    api: httpx.AsyncClient, first: int
) -> None:
    query = (
        "query ($first: Int) { reviews(first: $first) { totalCount edges { node { id "
        "findings { id perennialIssues { code } } recommendations { id } } } } }"
    )

    body = await graphql(api, query, {"first": first})

    assert "errors" not in body, body


async def test_with_a_key_the_only_statement_a_refused_query_runs_checks_the_key(
    api: httpx.AsyncClient, reference_store: GraphStore
) -> None:
    before = reference_store.statements_run
    body = await graphql(api, _nested(20))
    assert body["errors"]
    assert reference_store.statements_run == before + 1


async def test_a_request_running_past_the_time_limit_is_stopped_with_its_own_code(
    reference_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = type(reference_store).read

    async def slow(store: GraphStore, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "reference/forces":
            await asyncio.sleep(10)  # a statement the store is slow to answer
        return await read(store, name, *args, **kwargs)

    monkeypatch.setattr(type(reference_store), "read", slow)
    settings = Settings(allow_anonymous_read=True, request_timeout_ms=200)
    async with client_for(create_app(settings, store=reference_store)) as client:
        stopped = await graphql(client, "{ themes { code } forces { code } }")
        unaffected = await graphql(client, "{ themes { code } }")

    assert stopped.get("data") is None
    [error] = stopped["errors"]
    assert error["extensions"]["code"] == "REQUEST_TIMEOUT"
    assert "200 ms" in error["message"]
    assert "errors" not in unaffected, unaffected


@pytest.mark.parametrize("value", ["0", "99", "600001", "soon"])
def test_the_request_time_limit_must_be_sensible(value: str) -> None:
    with pytest.raises(ConfigError, match="GRAPH_SERVICE_REQUEST_TIMEOUT_MS"):
        load_settings(_env_file=None, request_timeout_ms=value)
