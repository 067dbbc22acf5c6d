"""The service's outer defences, each pushed until it gives: body size, request budgets, failed
authentications per address, CORS, security headers, the GraphiQL page, introspection, query
limits for every role, GET requests, batches, other content types and WebSockets."""

import asyncio
import json
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx
import pytest

from graph_service.api.cost import MAX_COST
from graph_service.config import load_settings
from graph_service.domain.access import Role
from graph_service.errors import ConfigError
from graph_service.repository import ApiKeyRepository
from graph_service.store import GraphStore
from tests.api.test_limits import _nested
from tests.security.conftest import (
    Restricted,
    bearer,
    client,
    codes,
    issue,
    post,
    running,
    serve,
    settings,
)

COUNTS = "{ reviews(first: 0) { totalCount } }"
ALWAYS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}


def _refusal(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["data"] is None
    assert codes(body) == [code]
    return body


def _padded(size: int) -> bytes:
    """A valid GraphQL request body of exactly ``size`` bytes."""
    empty = json.dumps({"query": COUNTS, "variables": {"pad": ""}}).encode()
    body = json.dumps({"query": COUNTS, "variables": {"pad": "x" * (size - len(empty))}})
    assert len(body) == size
    return body.encode()


# ---------------------------------------------------------------------------------------------
# Body size


async def test_a_body_over_the_limit_is_refused_before_anything_else(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.ADMIN)
    json_type = {"Content-Type": "application/json"}
    async with running(keyed_store, settings(max_body_bytes=2_048)) as app, client(app) as http:
        before = keyed_store.statements_run
        anonymous = await http.post("/graphql", content=_padded(2_049), headers=json_type)
        keyed = await http.post(
            "/graphql", content=_padded(5_000), headers={**json_type, **bearer(key)}
        )
        ran = keyed_store.statements_run - before
        at_the_limit = await http.post(
            "/graphql", content=_padded(2_048), headers={**json_type, **bearer(key)}
        )
    for refused in (anonymous, keyed):
        assert "2,048 bytes" in _refusal(refused, 413, "REQUEST_TOO_LARGE")["errors"][0]["message"]
    assert ran == 0  # refused unread: not even the key was looked up
    assert at_the_limit.status_code == 200, at_the_limit.text
    assert at_the_limit.json() == {"data": {"reviews": {"totalCount": 0}}}


async def _chunks(body: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.READER)
    headers = {"Content-Type": "application/json", **bearer(key)}
    async with running(keyed_store, settings(max_body_bytes=2_048)) as app, client(app) as http:
        large = http.build_request(
            "POST", "/graphql", content=_chunks(_padded(10_000), 512), headers=headers
        )
        small = http.build_request(
            "POST", "/graphql", content=_chunks(_padded(2_000), 512), headers=headers
        )
        assert "content-length" not in large.headers
        assert large.headers["transfer-encoding"] == "chunked"
        refused = await http.send(large)
        accepted = await http.send(small)
    _refusal(refused, 413, "REQUEST_TOO_LARGE")
    assert accepted.status_code == 200, accepted.text


async def test_a_body_longer_than_its_declared_length_is_still_cut_off(
    keyed_store: GraphStore,
) -> None:
    """The limit counts what arrives, not what the client says will arrive."""
    key = await issue(keyed_store, Role.READER)
    body = _padded(6_000)
    incoming = [
        {"type": "http.request", "body": body[start : start + 1_000], "more_body": True}
        for start in range(0, len(body), 1_000)
    ] + [{"type": "http.request", "body": b"", "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"test"),
            (b"content-type", b"application/json"),
            (b"content-length", b"100"),
            (b"authorization", f"Bearer {key.text}".encode()),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("test", 80),
    }
    async with running(keyed_store, settings(max_body_bytes=2_048)) as app:
        await app(scope, receive, send)
    [start] = [m for m in sent if m["type"] == "http.response.start"]
    answer = json.loads(
        b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    )
    assert start["status"] == 413
    assert codes(answer) == ["REQUEST_TOO_LARGE"]


# ---------------------------------------------------------------------------------------------
# Request budgets and failed authentications


async def test_each_key_has_its_own_request_budget(keyed_store: GraphStore) -> None:
    spender = await issue(keyed_store, Role.ADMIN)
    other = await issue(keyed_store, Role.READER)
    wrong = spender.text[:-1] + ("A" if spender.text[-1] != "A" else "B")
    configured = settings(rate_limit_per_minute=3, failed_auth_per_minute=100)
    async with running(keyed_store, configured) as app, client(app) as http:
        # Guessing at the key's secret spends the guesser's failures, not the key's budget.
        guesses = [await post(http, COUNTS, headers=bearer(wrong)) for _ in range(4)]
        spent = [await post(http, COUNTS, headers=bearer(spender)) for _ in range(3)]
        by_get = await http.get("/graphql", params={"query": COUNTS}, headers=bearer(spender))
        mutation = await post(
            http, 'mutation { createApiKey(name: "more", role: ADMIN) { text } }', None,
            bearer(spender),
        )  # fmt: skip
        unaffected = [await post(http, COUNTS, headers=bearer(other)) for _ in range(3)]
    assert [r.status_code for r in guesses] == [401] * 4
    assert [r.status_code for r in spent] == [200] * 3
    for refused in (by_get, mutation):
        body = _refusal(refused, 429, "RATE_LIMITED")
        assert "retry after" in body["errors"][0]["message"]
        assert int(refused.headers["retry-after"]) >= 1
    assert [r.status_code for r in unaffected] == [200] * 3
    assert [k.name for k in await ApiKeyRepository(keyed_store).list_keys()] == [
        spender.key.name,
        other.key.name,
    ]


async def test_anonymous_readers_are_budgeted_by_address(keyed_store: GraphStore) -> None:
    configured = settings(allow_anonymous_read=True, rate_limit_per_minute=2)
    async with (
        running(keyed_store, configured) as app,
        client(app, address="10.0.0.1") as first,
        client(app, address="10.0.0.2") as second,
    ):
        one = [await post(first, COUNTS) for _ in range(3)]
        two = [await post(second, COUNTS) for _ in range(2)]
    assert [r.status_code for r in one] == [200, 200, 429]
    assert [r.status_code for r in two] == [200, 200]


async def test_an_address_that_keeps_failing_is_refused_even_with_a_valid_key(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.ADMIN)
    bad = bearer("lgs_ZZZZZZZZZZZZ_" + "x" * 43)
    async with (
        running(keyed_store, settings(failed_auth_per_minute=3)) as app,
        client(app, address="192.0.2.7") as guesser,
        client(app, address="192.0.2.8") as bystander,
    ):
        guesses = [await post(guesser, COUNTS, headers=bad) for _ in range(3)]
        before = keyed_store.statements_run
        locked = await post(guesser, COUNTS, headers=bearer(key))
        spoofed = await post(
            guesser, COUNTS, headers={**bearer(key), "X-Forwarded-For": "198.51.100.1"}
        )
        anonymous = await post(guesser, COUNTS)
        ran = keyed_store.statements_run - before
        elsewhere = await post(bystander, COUNTS, headers=bearer(key))
    assert [r.status_code for r in guesses] == [401] * 3
    for refused in (locked, spoofed, anonymous):
        body = _refusal(refused, 429, "RATE_LIMITED")
        assert "failed authentication" in body["errors"][0]["message"]
        assert int(refused.headers["retry-after"]) >= 1
    assert ran == 0  # refused without the key being looked up
    assert elsewhere.status_code == 200, elsewhere.text


# ---------------------------------------------------------------------------------------------
# CORS

ALLOWED_ORIGIN = "https://analysis.example.org"
OTHER_ORIGIN = "https://evil.example.com"


def _preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }


async def test_no_origin_is_allowed_by_default(keyed_store: GraphStore) -> None:
    key = await issue(keyed_store, Role.READER)
    async with serve(keyed_store) as http:
        answers = [
            await http.options("/graphql", headers=_preflight(ALLOWED_ORIGIN)),
            await post(http, COUNTS, headers={"Origin": ALLOWED_ORIGIN, **bearer(key)}),
            await http.get(
                "/graphql",
                params={"query": COUNTS},
                headers={"Origin": OTHER_ORIGIN, **bearer(key)},
            ),
        ]
    assert answers[1].status_code == 200
    for answer in answers:
        assert not [h for h in answer.headers if h.startswith("access-control-")], answer.headers


async def test_only_the_listed_origins_are_allowed(keyed_store: GraphStore) -> None:
    key = await issue(keyed_store, Role.READER)
    async with serve(keyed_store, settings(cors_origins=ALLOWED_ORIGIN)) as http:
        allowed = await http.options("/graphql", headers=_preflight(ALLOWED_ORIGIN))
        refused = await http.options("/graphql", headers=_preflight(OTHER_ORIGIN))
        null = await http.options("/graphql", headers=_preflight("null"))
        read = await post(http, COUNTS, headers={"Origin": ALLOWED_ORIGIN, **bearer(key)})
        foreign = await post(http, COUNTS, headers={"Origin": OTHER_ORIGIN, **bearer(key)})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in allowed.headers
    assert read.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    for answer in (refused, null, foreign):
        assert "access-control-allow-origin" not in answer.headers, answer.headers
    for answer in (allowed, refused):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("origins", ["*", "https://a.example.org,*", "https://a.example.org/x"])
def test_a_wildcard_or_a_path_is_not_an_origin(origins: str) -> None:
    with pytest.raises(ConfigError, match="CORS_ORIGINS"):
        load_settings(_env_file=None, cors_origins=origins)


# ---------------------------------------------------------------------------------------------
# Security headers


def _check_headers(response: httpx.Response, *, html: bool = False) -> None:
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    if html:
        assert response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "http" not in policy  # no other origin
    else:
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy


async def test_every_answer_carries_the_security_headers(keyed_store: GraphStore) -> None:
    key = await issue(keyed_store, Role.READER)
    configured = settings(max_body_bytes=1_024, rate_limit_per_minute=2)
    async with running(keyed_store, configured) as app, client(app) as http:
        answers = {
            "data": await post(http, COUNTS, headers=bearer(key)),
            "unauthenticated": await post(http, COUNTS),
            "too large": await http.post("/graphql", content=b"{" + b" " * 2_000 + b"}"),
            "healthz": await http.get("/healthz"),
            "readyz": await http.get("/readyz"),
            "unknown path": await http.get("/admin"),
        }
        await post(http, COUNTS, headers=bearer(key))
        answers["rate limited"] = await post(http, COUNTS, headers=bearer(key))
        page = await http.get("/graphql", headers={"Accept": "text/html"})
    expected = {
        "data": 200,
        "unauthenticated": 401,
        "too large": 413,
        "healthz": 200,
        "readyz": 200,
        "unknown path": 404,
        "rate limited": 429,
    }
    assert {what: answer.status_code for what, answer in answers.items()} == expected
    for answer in answers.values():
        _check_headers(answer)
    assert page.status_code == 200
    _check_headers(page, html=True)


async def test_no_api_description_is_published(keyed_store: GraphStore) -> None:
    async with serve(keyed_store) as http:
        answers = {
            path: await http.get(path) for path in ("/docs", "/redoc", "/openapi.json", "/schema")
        }
    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(
        answers, 404
    )
    assert all("graphql" not in answer.text.lower() for answer in answers.values())


# ---------------------------------------------------------------------------------------------
# The GraphiQL page and introspection


async def test_without_graphiql_no_page_is_served(keyed_store: GraphStore) -> None:
    async with serve(keyed_store, settings(graphiql=False)) as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<html" not in page.text.lower()
    assert "graphiql" not in page.text.lower()


@pytest.mark.parametrize(
    "query_string",
    ["query=", f"query=&query={COUNTS}", f"query={COUNTS}&query=", f"%71uery={COUNTS}"],
)
async def test_asking_for_the_page_never_runs_a_query_without_credentials(
    keyed_store: GraphStore, query_string: str
) -> None:
    """The page is served without credentials; a query string that also holds a query must
    not slip through with it."""
    async with running(keyed_store) as app, client(app) as http:
        before = keyed_store.statements_run
        answer = await http.get(f"/graphql?{query_string}", headers={"Accept": "text/html"})
        ran = keyed_store.statements_run - before
    assert answer.status_code in {400, 401}, answer.text
    assert "totalCount" not in answer.text
    assert ran == 0


INTROSPECTION = {
    "__schema": "{ __schema { types { name } } }",
    "__type": '{ __type(name: "Review") { fields { name } } }',
}


async def test_without_introspection_the_schema_is_not_described(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.ADMIN)
    async with serve(keyed_store, settings(introspection=False), bearer(key)) as http:
        refused = {name: await post(http, text) for name, text in INTROSPECTION.items()}
        ordinary = await post(http, "{ __typename reviews(first: 0) { totalCount } }")
    async with serve(keyed_store, settings(), bearer(key)) as http:
        described = {name: await post(http, text) for name, text in INTROSPECTION.items()}
    for name, answer in refused.items():
        body = answer.json()
        assert set(codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}, name
        assert body.get("data") is None
        assert "introspection" in body["errors"][0]["message"].lower()
        assert "Review" not in json.dumps(body.get("data"))
    assert ordinary.json() == {"data": {"__typename": "Query", "reviews": {"totalCount": 0}}}
    for name, answer in described.items():
        assert "errors" not in answer.json(), name  # the same requests work with it on


# ---------------------------------------------------------------------------------------------
# Query limits apply to every role

COSTLY = (
    "{ "
    + " ".join(
        f"a{i}: reviews(first: 100) {{ edges {{ node {{ findings {{ recommendations {{ "
        "practiceChanges { outcomes { id } } } } } } }"
        for i in range(3)
    )
    + " }"
)
LIMITS = {
    "depth": (_nested(20), "GRAPHQL_VALIDATION_FAILED"),
    "aliases": (
        "{ " + " ".join(f"a{i}: themes {{ code }}" for i in range(40)) + " }",
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "tokens": ("{ " + " ".join(f"a{i}: themes {{ code }}" for i in range(500)) + " }", None),
    "cost": (COSTLY, "QUERY_TOO_COSTLY"),
}


@pytest.mark.parametrize("limit", LIMITS)
async def test_query_limits_are_the_same_for_a_reader_and_an_admin(
    keyed_store: GraphStore, limit: str
) -> None:
    text, code = LIMITS[limit]
    answers = {}
    for role in (Role.READER, Role.ADMIN):
        key = await issue(keyed_store, role)
        async with running(keyed_store) as app, client(app, bearer(key)) as http:
            before = keyed_store.statements_run
            answers[role] = await post(http, text)
            ran = keyed_store.statements_run - before
        assert ran == 1, role  # checking the key, and nothing else
    reader, admin = (answers[role].json() for role in (Role.READER, Role.ADMIN))
    assert reader == admin
    assert reader.get("data") is None
    assert reader["errors"]
    if code is not None:
        assert set(codes(reader)) == {code}
    if limit == "cost":
        assert f"{MAX_COST:,}" in reader["errors"][0]["message"]


@pytest.mark.parametrize("document", [LIMITS["tokens"][0], "{ reviews("], ids=["tokens", "syntax"])
async def test_a_document_refused_while_parsing_has_a_code(
    keyed_store: GraphStore, document: str
) -> None:
    key = await issue(keyed_store, Role.READER)
    async with serve(keyed_store, headers=bearer(key)) as http:
        body = (await post(http, document)).json()
    assert body["errors"]
    assert [error["extensions"]["code"] for error in body["errors"]] == ["GRAPHQL_PARSE_FAILED"]


# ---------------------------------------------------------------------------------------------
# GET, batches, other content types, WebSockets

LOOKUP = "query ($id: ID!) { review(id: $id) { id } }"


async def test_get_is_authenticated_like_post(
    analytics_store: GraphStore, restricted: Restricted
) -> None:
    hidden = sorted(restricted.reviews)[0]
    reader = await issue(analytics_store, Role.READER)
    analyst = await issue(analytics_store, Role.ANALYST)
    params = {"query": LOOKUP, "variables": json.dumps({"id": hidden})}
    configured = settings(failed_auth_per_minute=100)
    async with running(analytics_store, configured) as app, client(app) as http:
        none = await http.get("/graphql", params=params)
        bad = await http.get("/graphql", params=params, headers=bearer("lgs_bad"))
        as_reader = await http.get("/graphql", params=params, headers=bearer(reader))
        as_analyst = await http.get("/graphql", params=params, headers=bearer(analyst))
    for refused in (none, bad):
        _refusal(refused, 401, "UNAUTHENTICATED")
    assert as_reader.json() == {"data": {"review": None}}
    assert as_analyst.json() == {"data": {"review": {"id": hidden}}}


def _malformed(response: httpx.Response, status: int) -> str:
    """The message of a refusal of a malformed request: ``status``, GraphQL-shaped."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return str(_refusal(response, status, "BAD_REQUEST")["errors"][0]["message"])


async def test_mutations_over_get_are_refused(keyed_store: GraphStore) -> None:
    admin = await issue(keyed_store, Role.ADMIN)
    mutation = 'mutation { createApiKey(name: "by-get", role: ADMIN) { text } }'
    async with serve(keyed_store, headers=bearer(admin)) as http:
        answer = await http.get("/graphql", params={"query": mutation})
        revoke = await http.get(
            "/graphql",
            params={
                "query": f'mutation {{ revokeApiKey(keyId: "{admin.key.key_id}") {{ keyId }} }}'
            },
        )
    for refused in (answer, revoke):
        assert "mutations are not allowed" in _malformed(refused, 400)
    keys = await ApiKeyRepository(keyed_store).list_keys()
    assert [(k.name, k.active) for k in keys] == [(admin.key.name, True)]


async def test_batches_and_other_content_types_are_refused(keyed_store: GraphStore) -> None:
    """A batch would run many operations for one request's budget; a form or plain text body
    is what a page of another site can send without asking first."""
    admin = await issue(keyed_store, Role.ADMIN)
    create = 'mutation { createApiKey(name: "smuggled", role: ADMIN) { text } }'
    async with running(keyed_store) as app, client(app, bearer(admin)) as http:
        batch = await http.post("/graphql", json=[{"query": COUNTS}, {"query": create}])
        form = await http.post("/graphql", data={"query": create})
        plain = await http.post(
            "/graphql",
            content=json.dumps({"query": create}),
            headers={"Content-Type": "text/plain"},
        )
    assert "Batching" in _malformed(batch, 400)
    for refused in (form, plain):
        assert "application/json" in _malformed(refused, 415)
    for refused in (batch, form, plain):
        assert "smuggled" not in refused.text
    assert [k.name for k in await ApiKeyRepository(keyed_store).list_keys()] == [admin.key.name]


MALFORMED_BODIES = {
    "nested 5,000 deep": b'{"query": "{ __typename }", "variables": {"a": '
    + b"[" * 5_000
    + b"]" * 5_000
    + b"}}",
    "nested 40 deep": b'{"query": "{ __typename }", "variables": {"a": '
    + b"[" * 40
    + b"]" * 40
    + b"}}",
    "UTF-16 byte order mark": b"\xff\xfe" + json.dumps({"query": COUNTS}).encode("utf-16-le"),
    "latin-1 text": '{"query": "{ __typename }", "variables": {"a": "caf\u00e9"}}'.encode(
        "latin-1"
    ),
    "not JSON": b"{ reviews { totalCount } }",
    "a JSON string": b'"{ __typename }"',
    "no query": b'{"variables": {}}',
    "variables not an object": b'{"query": "{ __typename }", "variables": [1]}',
}


@pytest.mark.parametrize("body", MALFORMED_BODIES)
async def test_a_malformed_body_is_a_400_in_the_graphql_shape(
    keyed_store: GraphStore, body: str
) -> None:
    reader = await issue(keyed_store, Role.READER)
    headers = {"Content-Type": "application/json", **bearer(reader)}
    async with serve(keyed_store, headers=headers) as http:
        answer = await http.post("/graphql", content=MALFORMED_BODIES[body])
    assert _malformed(answer, 400)


async def test_a_body_nested_within_the_limit_is_served(keyed_store: GraphStore) -> None:
    reader = await issue(keyed_store, Role.READER)
    nested = {"query": "{ __typename }", "variables": {"a": json.loads("[" * 20 + "]" * 20)}}
    async with serve(keyed_store, headers=bearer(reader)) as http:
        answer = await http.post("/graphql", json=nested)
    assert answer.json() == {"data": {"__typename": "Query"}}


async def _open_websocket(
    store: GraphStore, subprotocol: str | None, document: str
) -> tuple[list[dict[str, Any]], BaseException | None]:
    """Drives a WebSocket to /graphql that asks for ``document`` in both GraphQL WebSocket
    protocols; returns what the service sent and what it raised, if anything."""
    incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for message in (
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": json.dumps({"type": "connection_init"})},
        {
            "type": "websocket.receive",
            "text": json.dumps({"id": "1", "type": "subscribe", "payload": {"query": document}}),
        },
        {
            "type": "websocket.receive",
            "text": json.dumps({"id": "2", "type": "start", "payload": {"query": document}}),
        },
    ):
        incoming.put_nowait(message)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return await incoming.get()

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))
        if message["type"] == "websocket.close":
            incoming.put_nowait({"type": "websocket.disconnect", "code": message.get("code")})

    scope: dict[str, Any] = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"test")],
        "subprotocols": [subprotocol] if subprotocol else [],
        "client": ("127.0.0.1", 40000),
        "server": ("test", 80),
    }
    raised: BaseException | None = None
    async with running(store) as app:
        try:
            await asyncio.wait_for(app(scope, receive, send), timeout=10)
        except Exception as exc:  # what the server would see
            raised = exc
    return sent, raised


SUBPROTOCOLS = ["graphql-transport-ws", "graphql-ws", None]


@pytest.mark.parametrize("subprotocol", SUBPROTOCOLS)
async def test_no_graphql_is_served_over_a_websocket(
    analytics_store: GraphStore, restricted: Restricted, subprotocol: str | None
) -> None:
    """The gate guards HTTP requests only: no credential is asked for on a WebSocket, so no
    GraphQL may be answered over one."""
    hidden = sorted(restricted.reviews)[0]
    document = f'{{ review(id: "{hidden}") {{ id title }} }}'
    sent, _ = await _open_websocket(analytics_store, subprotocol, document)
    assert not [m for m in sent if m["type"] == "websocket.send"], sent
    assert not [m for m in sent if m.get("subprotocol")], sent
    assert hidden not in json.dumps(sent)


@pytest.mark.parametrize("subprotocol", SUBPROTOCOLS)
async def test_a_websocket_is_refused_cleanly(
    analytics_store: GraphStore, subprotocol: str | None
) -> None:
    sent, raised = await _open_websocket(analytics_store, subprotocol, "{ __typename }")
    assert raised is None, repr(raised)
    assert [m["type"] for m in sent][-1] == "websocket.close"
