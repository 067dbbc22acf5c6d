"""The demo data as `graph-service demo` loads it, and its answers to the documented examples
through the real app, as the role each example names: a reader without credentials (what
GraphiQL sends in the demo), an analyst or an admin with a key of that role."""

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from graph_service.api.app import create_app
from graph_service.auth import issue_key
from graph_service.cli.serve import DEMO_REVIEWS, DEMO_SEED
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import ApiKeyRepository, DatasetRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tools.docs_answers.examples import Example


class ExampleError(Exception):
    """An example the demo data does not answer cleanly: the docs must not show it."""


async def load_demo(store: GraphStore, workdir: Path) -> None:
    """Generate the demo dataset into ``workdir`` and load it, with the reference data, into
    ``store``'s empty graph."""
    folder = workdir / "demo-dataset"
    generate_dataset(folder, reviews=DEMO_REVIEWS, seed=DEMO_SEED)
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    report = await load_dataset(folder, DatasetRepository(store))
    if not report.ok:
        raise ExampleError(f"the demo dataset did not load: {report.problems[0]}")


class DemoApi:
    """One client of the app per role, over a store that holds the demo data."""

    def __init__(self, clients: dict[Role, httpx.AsyncClient]) -> None:
        self._clients = clients

    @classmethod
    @asynccontextmanager
    async def over(cls, store: GraphStore) -> AsyncIterator["DemoApi"]:
        # As in the demo: requests without credentials are readers. No rate limit: the
        # examples run back to back.
        app = create_app(Settings(allow_anonymous_read=True, rate_limit_per_minute=0), store=store)
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            clients = {}
            for role in Role:
                headers = await _credentials(store, role)
                clients[role] = await stack.enter_async_context(
                    httpx.AsyncClient(transport=transport, base_url="http://demo", headers=headers)
                )
            yield cls(clients)

    async def answer(self, example: Example) -> Any:
        """The ``data`` of the example's answer; ExampleError if the answer has errors."""
        if example.role is None:
            raise ExampleError(
                f"{example.where}: say which role the example runs as, on the line before it: "
                "<!-- role: reader -->, <!-- role: analyst --> or <!-- role: admin -->"
            )
        response = await self._clients[example.role].post(
            "/graphql", json={"query": example.query, "variables": example.variables}
        )
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise ExampleError(
                f"{example.where}: as {example.role}, the demo answers HTTP "
                f"{response.status_code} with errors {body.get('errors')}"
            )
        return body["data"]


async def _credentials(store: GraphStore, role: Role) -> dict[str, str]:
    if role is Role.READER:
        return {}  # what GraphiQL sends in the demo until a key is put in its Headers tab
    issued = await issue_key(
        ApiKeyRepository(store), name=f"docs-{role}-{uuid.uuid4().hex[:8]}", role=role
    )
    return {"Authorization": f"Bearer {issued.text}"}
