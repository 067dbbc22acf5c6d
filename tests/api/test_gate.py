"""The gate in front of /graphql: what is not the caller's fault is not held against them, and
mounting the service under a root path does not open a way around it."""

import httpx

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.store import GraphStore
from tests.api.conftest import client_for
from tests.auth.conftest import AUDIENCE, ISSUER, SigningKey, claims
from tests.falkordb_server import free_port

QUERY = {"query": "{ forces { code } }"}


async def test_an_unreachable_identity_provider_is_503_and_locks_nobody_out(
    reference_store: GraphStore, rsa_key: SigningKey
) -> None:
    settings = Settings(
        oidc_jwks_url=f"https://127.0.0.1:{free_port()}/jwks",
        oidc_issuer=ISSUER,
        oidc_audience=AUDIENCE,
        failed_auth_per_minute=2,
    )
    token = rsa_key.sign(claims())
    async with client_for(create_app(settings, store=reference_store)) as client:
        answers = [
            await client.post("/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"})
            for _ in range(4)
        ]
        audit = await reference_store.read(
            "audit/events_count", {"action": "auth", "actor": None, "outcome": None, "since": None}
        )
    assert [answer.status_code for answer in answers] == [503] * 4  # never 429
    assert answers[0].json()["errors"][0]["extensions"]["code"] == "IDENTITY_PROVIDER_UNAVAILABLE"
    assert audit == [{"total": 0}]  # not a refused credential


async def test_under_a_root_path_the_gate_still_guards_the_endpoint(
    reference_store: GraphStore,
) -> None:
    app = create_app(Settings(), store=reference_store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, root_path="/learning")
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answer = await client.post("/learning/graphql", json=QUERY)
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_anonymous_callers_cannot_fill_the_audit_log(
    anonymous_api: httpx.AsyncClient, reference_store: GraphStore
) -> None:
    create = 'mutation { createApiKey(name: "mine", role: ADMIN) { text } }'
    for _ in range(3):
        answer = (await anonymous_api.post("/graphql", json={"query": create})).json()
        assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    everything = {"action": None, "actor": None, "outcome": None, "since": None}
    assert await reference_store.read("audit/events_count", everything) == [{"total": 0}]
