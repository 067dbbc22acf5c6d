"""Abusive queries are refused with a clear error before any statement runs."""

import httpx
import pytest

from graph_service.api.cost import MAX_COST
from graph_service.store import GraphStore
from tests.api.conftest import graphql


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
