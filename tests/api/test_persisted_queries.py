"""Persisted queries on /graphql, on both backends: Apollo's protocol (a hash alone, then the
query with its hash, then the hash alone again; over GET too), what a malformed request is
told, registrations kept in the graph across restarts, the registered-only mode, and a
persisted query passing every check a query sent in full passes."""

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.api.app import create_app
from graph_service.api.cost import MAX_COST
from graph_service.auth import issue_key
from graph_service.config import Settings
from graph_service.domain.access import AuditEvent, Role
from graph_service.domain.paging import PageRequest
from graph_service.errors import InputError
from graph_service.repository import ApiKeyRepository, AuditRepository, PersistedQueryRepository
from graph_service.repository.audit import AUDIT_ORDER, AuditSelection
from graph_service.services import Actor
from graph_service.services.persisted_queries import PersistedQueryService
from graph_service.store import GraphStore
from tests.api.conftest import bearer, client_for, read_rows

FORCES = "{ forces { code } }"
OPERATOR = Actor("cli:operator", "cli")
NOT_FOUND = {
    "data": None,
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ],
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def persisted(hash_: str, version: object = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": hash_}}


async def post(
    client: httpx.AsyncClient,
    *,
    query: str | None = None,
    hash_: str | None = None,
    variables: dict[str, Any] | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"variables": variables or {}}
    if query is not None:
        body["query"] = query
    if hash_ is not None:
        body["extensions"] = persisted(hash_)
    return await client.post("/graphql", json=body)


async def get(client: httpx.AsyncClient, hash_: str, **params: str) -> httpx.Response:
    query = {"extensions": json.dumps(persisted(hash_)), **params}
    return await client.get("/graphql", params=query, headers={"Accept": "*/*"})


@asynccontextmanager
async def service(
    store: GraphStore, headers: dict[str, str] | None = None, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a service started over ``store`` for the block (its own process, as far as
    anything kept in memory goes)."""
    app = create_app(Settings(**settings), store=store)
    async with client_for(app, headers) as client:
        yield client


async def named_key(store: GraphStore, role: Role) -> tuple[str, dict[str, str]]:
    name = f"dashboard-{uuid.uuid4().hex[:8]}"
    issued = await issue_key(ApiKeyRepository(store), name=name, role=role)
    return name, {"Authorization": f"Bearer {issued.text}"}


async def registrations(store: GraphStore) -> list[AuditEvent]:
    request = PageRequest.of(order=AUDIT_ORDER, first=100)
    page = await AuditRepository(store).events(AuditSelection(action="queries"), request)
    return [event for _, event in reversed(page.items)]


def forces_of(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body
    return [force["code"] for force in body["data"]["forces"]]


async def test_an_unknown_hash_is_registered_with_its_query_then_runs_by_hash(
    reference_store: GraphStore,
) -> None:
    name, headers = await named_key(reference_store, Role.READER)
    hash_ = sha256(FORCES)
    async with service(reference_store, headers) as api:
        unknown = await post(api, hash_=hash_)
        registered = await post(api, query=FORCES, hash_=hash_)
        by_hash = await post(api, hash_=hash_)
        over_get = await get(api, hash_)

    assert unknown.status_code == 200
    assert unknown.json() == NOT_FOUND
    assert registered.status_code == 200
    codes = forces_of(registered.json())
    assert codes
    assert forces_of(by_hash.json()) == codes
    assert over_get.status_code == 200, over_get.text
    assert over_get.headers["content-type"].startswith("application/json")
    assert forces_of(over_get.json()) == codes

    [stored] = await PersistedQueryRepository(reference_store).list_queries()
    assert (stored.sha256, stored.text, stored.registered_by, stored.registered_by_kind) == (
        hash_,
        FORCES,
        name,
        "key",
    )
    [event] = await registrations(reference_store)
    assert (event.actor, event.actor_kind, event.action, event.target, event.outcome) == (
        name,
        "key",
        "queries.register",
        f"query {hash_}",
        "ok",
    )
    assert "Bearer" not in str(stored) + str(event)
    assert headers["Authorization"].removeprefix("Bearer ") not in str(stored) + str(event)


async def test_a_query_registered_over_get_runs_with_its_variables(
    reference_store: GraphStore,
) -> None:
    query = "query ($first: Int) { themes { code } reviews(first: $first) { totalCount } }"
    variables = json.dumps({"first": 5})
    async with service(reference_store, await bearer(reference_store, Role.READER)) as api:
        first = await get(api, sha256(query))
        sent = await get(api, sha256(query), query=query, variables=variables)
        again = await get(api, sha256(query), variables=variables)

    assert first.json() == NOT_FOUND
    assert sent.status_code == 200, sent.text
    assert sent.json()["data"]["themes"]
    assert sent.json()["data"]["reviews"] == {"totalCount": 0}
    assert again.json() == sent.json()


async def test_a_hash_that_is_not_the_querys_is_refused_and_nothing_is_registered(
    reference_store: GraphStore,
) -> None:
    other = sha256("{ themes { code } }")
    async with service(reference_store, await bearer(reference_store, Role.READER)) as api:
        refused = await post(api, query=FORCES, hash_=other)
        still_unknown = await post(api, hash_=other)

    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert sha256(FORCES) in error["message"]  # the hash the text has
    assert still_unknown.json() == NOT_FOUND
    assert await PersistedQueryRepository(reference_store).list_queries() == []


@pytest.mark.parametrize(
    ("extensions", "named"),
    [
        (persisted(sha256(FORCES), version=2), "version must be 1"),
        (persisted(sha256(FORCES), version="1"), "version must be 1"),
        (persisted(sha256(FORCES).upper()), "sha256Hash is not a SHA-256 hash"),
        (persisted(sha256(FORCES)[:40]), "sha256Hash is not a SHA-256 hash"),
        ({"persistedQuery": {"version": 1}}, "sha256Hash is not a SHA-256 hash"),
        ({"persistedQuery": "abc"}, "persistedQuery must be an object"),
    ],
)
async def test_a_malformed_persisted_query_says_what_to_send(
    api: httpx.AsyncClient, extensions: dict[str, Any], named: str
) -> None:
    response = await api.post("/graphql", json={"query": FORCES, "extensions": extensions})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert named in error["message"]
    assert '"version": 1, "sha256Hash"' in error["message"]


async def test_garbage_and_queries_the_schema_refuses_are_never_registered(
    reference_store: GraphStore,
) -> None:
    garbage, invalid = "{ forces { code ", "{ forces { colour } }"
    async with service(reference_store, await bearer(reference_store, Role.READER)) as api:
        parsed = await post(api, query=garbage, hash_=sha256(garbage))
        validated = await post(api, query=invalid, hash_=sha256(invalid))

    assert parsed.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert validated.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await PersistedQueryRepository(reference_store).list_queries() == []
    assert await registrations(reference_store) == []


async def test_registrations_outlive_the_process_that_made_them(
    reference_store: GraphStore,
) -> None:
    headers = await bearer(reference_store, Role.READER)
    async with service(reference_store, headers) as api:
        registered = await post(api, query=FORCES, hash_=sha256(FORCES))
    async with service(reference_store, headers) as restarted:
        by_hash = await post(restarted, hash_=sha256(FORCES))

    assert forces_of(by_hash.json()) == forces_of(registered.json())


async def test_a_browser_asking_by_hash_without_credentials_is_refused(
    reference_store: GraphStore,
) -> None:
    await PersistedQueryService(reference_store).register(OPERATOR, FORCES, max_bytes=10_000)
    params = {"extensions": json.dumps(persisted(sha256(FORCES)))}
    async with service(reference_store) as browser:
        page = await browser.get("/graphql", headers={"Accept": "text/html"})
        asked = await browser.get("/graphql", params=params, headers={"Accept": "text/html"})

    assert page.status_code == 200  # the GraphiQL page itself needs no credential
    assert asked.status_code == 401
    assert asked.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_registered_mode_runs_only_registered_queries(reference_store: GraphStore) -> None:
    themes = "{ themes { code } }"
    await PersistedQueryService(reference_store).register(OPERATOR, FORCES, max_bytes=10_000)
    reader, headers = await named_key(reference_store, Role.READER)
    async with service(reference_store, headers, persisted_queries="registered") as api:
        by_hash = await post(api, hash_=sha256(FORCES))
        in_full = await post(api, query=FORCES)
        plain = await post(api, query=themes)
        with_hash = await post(api, query=themes, hash_=sha256(themes))
        unknown = await post(api, hash_=sha256(themes))

    assert forces_of(by_hash.json())
    assert forces_of(in_full.json()) == forces_of(by_hash.json())
    for refused in (plain, with_hash):
        assert refused.status_code == 400
        [error] = refused.json()["errors"]
        assert error["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        assert "graph-service queries register FILE" in error["message"]
    assert unknown.json() == NOT_FOUND
    assert [q.text for q in await PersistedQueryRepository(reference_store).list_queries()] == [
        FORCES
    ]
    events = [(e.actor, e.action, e.outcome) for e in await registrations(reference_store)]
    assert events == [
        ("cli:operator", "queries.register", "ok"),
        (reader, "queries.register", "denied"),
    ]


async def test_in_registered_mode_an_admin_registers_a_query_by_sending_it_with_its_hash(
    reference_store: GraphStore,
) -> None:
    themes = "{ themes { code } }"
    admin, admin_headers = await named_key(reference_store, Role.ADMIN)
    async with service(reference_store, admin_headers, persisted_queries="registered") as api:
        registered = await post(api, query=themes, hash_=sha256(themes))
    reader_headers = await bearer(reference_store, Role.READER)
    async with service(reference_store, reader_headers, persisted_queries="registered") as api:
        by_hash = await post(api, hash_=sha256(themes))

    assert "errors" not in registered.json()
    assert by_hash.json() == registered.json()
    [event] = await registrations(reference_store)
    assert (event.actor, event.outcome) == (admin, "ok")


async def test_the_workbench_and_graphiql_page_work_in_registered_mode(
    reference_store: GraphStore,
) -> None:
    async with service(
        reference_store, allow_anonymous_read=True, persisted_queries="registered"
    ) as browser:
        page = await browser.get("/workbench/heatmap")
        graphiql = await browser.get("/graphql", headers={"Accept": "text/html"})
        sent_from_graphiql = await post(browser, query=FORCES)

    assert page.status_code == 200, page.text
    assert graphiql.status_code == 200
    assert sent_from_graphiql.status_code == 400
    assert sent_from_graphiql.json()["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_REQUIRED"
    )


async def test_a_persisted_query_is_refused_by_the_cost_limit_like_any_other(
    reference_store: GraphStore,
) -> None:
    page = (
        "reviews(first: 100) { edges { node { findings { recommendations { "
        "practiceChanges { outcomes { id } } } } } } }"
    )
    costly = "{ " + " ".join(f"a{i}: {page}" for i in range(3)) + " }"
    await PersistedQueryService(reference_store).register(OPERATOR, costly, max_bytes=10_000)
    async with service(reference_store, await bearer(reference_store, Role.READER)) as api:
        before = reference_store.statements_run
        body = (await post(api, hash_=sha256(costly))).json()

    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert f"{MAX_COST:,}" in error["message"]
    # The key was checked and the hash looked up; the query itself ran nothing.
    assert reference_store.statements_run - before == 2


async def test_a_persisted_query_is_refused_a_nul_in_its_variables_like_any_other(
    reference_store: GraphStore,
) -> None:
    query = "query ($text: String!) { search(text: $text) { totalCount } }"
    await PersistedQueryService(reference_store).register(OPERATOR, query, max_bytes=10_000)
    async with service(reference_store, await bearer(reference_store, Role.READER)) as api:
        body = (await post(api, hash_=sha256(query), variables={"text": "abuse\x00"})).json()

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


REVIEWS = "{ reviews(first: 100) { totalCount nodes { id } } }"


async def test_a_reader_running_an_analysts_persisted_query_sees_what_a_reader_may(
    loaded_store: GraphStore, generated_dataset: Path
) -> None:
    restricted = {
        row["review_id"]
        for row in read_rows(generated_dataset, "reviews")
        if str(row["restricted"]).lower() == "true"
    }
    async with service(loaded_store, await bearer(loaded_store, Role.ANALYST)) as analyst:
        registered = (await post(analyst, query=REVIEWS, hash_=sha256(REVIEWS))).json()
    async with service(loaded_store, await bearer(loaded_store, Role.READER)) as reader:
        by_hash = (await post(reader, hash_=sha256(REVIEWS))).json()
        in_full = (await post(reader, query=REVIEWS)).json()

    seen_by_analyst = {node["id"] for node in registered["data"]["reviews"]["nodes"]}
    seen_by_reader = {node["id"] for node in by_hash["data"]["reviews"]["nodes"]}
    assert restricted & seen_by_analyst  # the test can fail: the analyst saw restricted ones
    assert not restricted & seen_by_reader
    assert by_hash == in_full


async def test_registration_refuses_garbage_oversized_text_and_a_full_registry(
    store: GraphStore,
) -> None:
    registry = PersistedQueryService(store, capacity=1)

    with pytest.raises(InputError, match="not GraphQL"):
        await registry.register(OPERATOR, "{ forces {", max_bytes=10_000)
    with pytest.raises(InputError, match="more than the 1,024"):
        await registry.register(OPERATOR, "{ forces { code } }" + " " * 1_024, max_bytes=1_024)
    first = await registry.register(OPERATOR, FORCES, max_bytes=10_000)
    again = await registry.register(OPERATOR, FORCES, max_bytes=10_000)
    with pytest.raises(InputError, match="holds 1 queries"):
        await registry.register(OPERATOR, "{ themes { code } }", max_bytes=10_000)

    assert (first.created, again.created) == (True, False)
    assert again.query == first.query
    assert [(e.outcome, e.detail) for e in await registrations(store)] == [
        ("failed", "the query is not GraphQL: Syntax Error: Expected Name, found <EOF>."),
        (
            "failed",
            "the query is 1,043 bytes, more than the 1,024 a request may carry "
            "(GRAPH_SERVICE_MAX_BODY_BYTES); shorten it and pass values as variables",
        ),
        ("ok", "19 bytes"),
        ("failed", "the registry holds 1 queries, the most it keeps; none can be added"),
    ]


async def test_only_callers_with_a_credential_register_and_only_short_texts(
    reference_store: GraphStore,
) -> None:
    """The registry cannot be filled by anyone: anonymous queries run without being kept, and
    a text padded past the registration limit runs without being kept."""
    padded = FORCES + "\n#" + "x" * 40_000
    _, headers = await named_key(reference_store, Role.READER)
    async with service(reference_store, allow_anonymous_read=True) as anonymous:
        ran = await post(anonymous, query=FORCES, hash_=sha256(FORCES))
        asked_again = await post(anonymous, hash_=sha256(FORCES))
    async with service(reference_store, headers) as keyed:
        long_ran = await post(keyed, query=padded, hash_=sha256(padded))
        long_again = await post(keyed, hash_=sha256(padded))
        kept = await post(keyed, query=FORCES, hash_=sha256(FORCES))
        kept_again = await post(keyed, hash_=sha256(FORCES))
    assert ran.json()["data"]["forces"]
    assert asked_again.json() == NOT_FOUND
    assert long_ran.json()["data"]["forces"]
    assert long_again.json() == NOT_FOUND
    assert kept.json()["data"]["forces"]
    assert kept_again.json()["data"]["forces"]
