"""Abusive queries are refused with a clear error before any statement runs."""

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import GraphQLField, GraphQLObjectType, get_nullable_type, is_list_type

from graph_service.api.app import create_app
from graph_service.api.bounds import MOST_ITEMS
from graph_service.api.cost import MAX_COST
from graph_service.api.schema import build_schema
from graph_service.config import Settings, load_settings
from graph_service.domain.access import Role
from graph_service.errors import ConfigError
from graph_service.store import GraphStore
from tests.api.conftest import client_for, graphql, signed_in


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


@pytest.mark.parametrize(("first", "related"), [(5, 40), (20, 10), (100, 2)])
async def test_ordinary_pages_stay_within_the_cost_limit(
    api: httpx.AsyncClient, first: int, related: int
) -> None:
    query = (
        "query ($first: Int, $related: Int!) { reviews(first: $first) { totalCount edges { "
        "node { id findings(first: $related) { id perennialIssues { code } } findingCount "
        "recommendations(first: $related) { id } } } } }"
    )

    body = await graphql(api, query, {"first": first, "related": related})

    assert "errors" not in body, body


REPEATED = (
    "{ "
    + " ".join(
        f"a{i}: repeatedRecommendations(minReviews: 1) {{ edges {{ node {{ id "
        "members { review { id } } } } }"
        for i in range(10)
    )
    + " }"
)


async def test_nested_members_of_many_groups_are_refused_before_any_statement(
    anonymous_api: httpx.AsyncClient, reference_store: GraphStore
) -> None:
    """Every group could hold thousands of members: the estimate counts the most a members
    list returns, not a guess."""
    before = reference_store.statements_run

    body = await graphql(anonymous_api, REPEATED)

    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert body.get("data") is None
    assert reference_store.statements_run == before


@pytest.mark.parametrize(
    ("variables", "refused"),
    [({}, True), ({"n": 1}, False), ({"n": 100}, True)],
)
async def test_page_sizes_given_by_variables_and_their_defaults_are_counted(
    anonymous_api: httpx.AsyncClient, variables: dict[str, int], refused: bool
) -> None:
    query = (
        "query ($n: Int = 100) { reviews(first: $n) { edges { node { findings { "
        "recommendations { id } } } } } }"
    )

    body = await graphql(anonymous_api, query, variables)

    codes = [error["extensions"]["code"] for error in body.get("errors") or []]
    assert codes == (["QUERY_TOO_COSTLY"] if refused else []), body


def _list_fields() -> Iterator[tuple[str, str, GraphQLField]]:
    schema = build_schema()._schema
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field_name, field in graphql_type.fields.items():
            if is_list_type(get_nullable_type(field.type)):
                yield type_name, field_name, field


def test_every_list_field_has_a_known_bound() -> None:
    unbounded = [
        f"{type_name}.{field_name}"
        for type_name, field_name, field in _list_fields()
        if "first" not in field.args
        and not type_name.endswith("Connection")  # bounded by the connection's page
        and f"{type_name}.{field_name}" not in MOST_ITEMS
    ]
    assert unbounded == []
    listed = {f"{t}.{f}" for t, f, _ in _list_fields()}
    assert set(MOST_ITEMS) <= listed  # no bound for a field that is gone


async def test_a_relationship_list_returns_at_most_first_and_counts_them_all(
    loaded_store: GraphStore,
) -> None:
    query = (
        "{ reviews(first: 100) { nodes { findings(first: 2) { id } findingCount "
        "all: findings { id } } } }"
    )
    async with signed_in(loaded_store, Role.ANALYST) as client:
        body = await graphql(client, query)
        too_many = await graphql(
            client, "{ reviews(first: 1) { nodes { findings(first: 101) { id } } } }"
        )

    reviews = body["data"]["reviews"]["nodes"]
    assert reviews
    for review in reviews:
        assert review["findings"] == review["all"][:2]
        assert review["findingCount"] == len(review["all"])
    assert any(review["findingCount"] > 2 for review in reviews)
    [error] = too_many["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in error["message"]


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
