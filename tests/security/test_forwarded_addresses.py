"""Which address the per-address limits see: X-Forwarded-For only from a configured proxy.

The service is built the way ``graph-service serve`` runs it (uvicorn's configuration, proxy
handling included), and called from 127.0.0.1 as any local process could.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from graph_service.cli.server import server_config
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from tests.security.conftest import bearer, issue, post, running, settings

COUNTS = "{ reviews(first: 0) { totalCount } }"
BAD_KEY = bearer("lgs_ZZZZZZZZZZZZ_" + "x" * 43)
LIMIT = 3


@asynccontextmanager
async def _served(store: GraphStore, configured: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client on 127.0.0.1 of the service as uvicorn serves it with ``configured``."""
    async with running(store, configured) as app:
        config = server_config(configured, app)
        config.load()
        transport = httpx.ASGITransport(
            app=config.loaded_app, raise_app_exceptions=False, client=("127.0.0.1", 40000)
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def _audit_events(store: GraphStore) -> int:
    rows = await store.read("test/graph_summary")
    return sum(
        row["count"] for row in rows if row["kind"] == "node" and "AuditEvent" in row["name"]
    )


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


async def test_by_default_a_local_caller_cannot_rotate_its_address(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.ADMIN)
    configured = settings(failed_auth_per_minute=LIMIT)
    assert configured.forwarded_allow_ips == ""
    before = await _audit_events(keyed_store)
    async with _served(keyed_store, configured) as http:
        guesses = [
            await post(http, COUNTS, headers={**BAD_KEY, **_from(f"198.51.100.{n}")})
            for n in range(1, 13)
        ]
        rotated_valid = await post(http, COUNTS, headers={**bearer(key), **_from("203.0.113.9")})
    statuses = [answer.status_code for answer in guesses]
    assert statuses == [401] * LIMIT + [429] * (len(guesses) - LIMIT)
    assert rotated_valid.status_code == 429  # still locked out, whatever address it claims
    # Only the refusals before the lockout are written to the audit log.
    assert await _audit_events(keyed_store) - before == LIMIT


async def test_a_configured_proxy_gives_the_callers_address(keyed_store: GraphStore) -> None:
    key = await issue(keyed_store, Role.ADMIN)
    configured = settings(failed_auth_per_minute=LIMIT, forwarded_allow_ips="127.0.0.1")
    async with _served(keyed_store, configured) as http:
        guesses = [
            await post(http, COUNTS, headers={**BAD_KEY, **_from("198.51.100.1")})
            for _ in range(LIMIT + 1)
        ]
        other_caller = await post(http, COUNTS, headers={**bearer(key), **_from("198.51.100.2")})
        same_caller = await post(http, COUNTS, headers={**bearer(key), **_from("198.51.100.1")})
    assert [answer.status_code for answer in guesses] == [401] * LIMIT + [429]
    assert other_caller.status_code == 200, other_caller.text  # the proxy itself is not locked
    assert same_caller.status_code == 429
