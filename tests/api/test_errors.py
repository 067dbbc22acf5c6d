"""Failures reach GraphQL clients as stable codes and readable messages, never stack traces."""

import logging
import os
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.api.app import create_app
from graph_service.api.errors import INTERNAL_MESSAGE, STATEMENT_FAILED_MESSAGE
from graph_service.config import Settings
from graph_service.errors import StoreQueryError
from graph_service.store import GraphStore
from graph_service.store.embedded import EmbeddedServer
from tests.api.conftest import client_for, graphql
from tests.falkordb_server import FalkorDBProcess


@pytest.mark.engine
async def test_store_outage_gives_503_and_clean_errors_then_recovers(tmp_path: Path) -> None:
    server = FalkorDBProcess(tmp_path / "falkordb")
    server.start()
    settings = Settings(
        backend="falkordb",
        falkordb_url=server.url,
        allow_anonymous_read=True,
        reference_cache_seconds=0,  # else the themes would be answered from the cache
    )
    try:
        async with client_for(create_app(settings)) as client:
            assert (await client.get("/readyz")).status_code == 200
            before = await graphql(client, "{ themes { code } }")
            assert before == {"data": {"themes": []}}

            server.stop()
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["status"] == "unavailable"
            assert "unavailable" in ready.json()["reason"]
            body = await graphql(client, "{ themes { code } }")
            assert body["data"] is None
            [error] = body["errors"]
            assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
            assert error["path"] == ["themes"]
            assert "Traceback" not in str(body)
            port = server.url.rsplit(":", 1)[1]  # where the store lives is for the log only
            assert port not in ready.text
            assert port not in str(body)

            server.start()  # same port, same data: the API was never restarted
            assert (await client.get("/readyz")).status_code == 200
            assert await graphql(client, "{ themes { code } }") == before
    finally:
        server.stop()


async def test_the_embedded_server_is_restarted_after_it_dies(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, allow_anonymous_read=True)
    app = create_app(settings)
    async with client_for(app) as client:
        server: EmbeddedServer = app.state.services.store._server
        pid = server.pid
        os.kill(pid, signal.SIGKILL)
        assert (await client.get("/readyz")).status_code == 503
        assert (await client.get("/readyz")).status_code == 200
        assert server.pid != pid
        body = await graphql(client, "{ reviewTypes { code } }")
        assert body == {"data": {"reviewTypes": []}}


async def test_unexpected_errors_are_masked(
    api: httpx.AsyncClient,
    reference_store: GraphStore,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    read = type(reference_store).read

    async def explode(store: GraphStore, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "reference/forces":
            raise RuntimeError("secret internals: /etc/passwd line 3")
        return await read(store, name, *args, **kwargs)

    monkeypatch.setattr(type(reference_store), "read", explode)
    body = await graphql(api, "{ forces { code } }")
    [error] = body["errors"]
    assert error["message"] == INTERNAL_MESSAGE
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in str(body)
    assert "RuntimeError" in caplog.text  # the defect is logged for whoever runs the service


async def test_a_callers_mistake_is_answered_without_logging_a_traceback(
    api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    body = await graphql(api, '{ issuePathway(code: "NOT_A_CODE") { code } }')
    [error] = body["errors"]
    assert error["extensions"]["code"] in {"BAD_USER_INPUT", "NOT_FOUND"}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_invalid_queries_get_a_validation_code(api: httpx.AsyncClient) -> None:
    body = await graphql(api, "{ forces { nope } }")
    [error] = body["errors"]
    assert "nope" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(("aliases", "limit"), [(40, "aliases"), (500, "tokens")])
async def test_alias_floods_are_rejected_before_any_statement_runs(
    anonymous_api: httpx.AsyncClient, reference_store: GraphStore, aliases: int, limit: str
) -> None:
    before = reference_store.statements_run
    query = "{ " + " ".join(f"a{i}: themes {{ code }}" for i in range(aliases)) + " }"
    body = await graphql(anonymous_api, query)
    [error] = body["errors"]
    assert limit in error["message"].lower()
    assert body.get("data") is None
    assert reference_store.statements_run == before


async def test_statement_failures_are_logged_not_shown(
    api: httpx.AsyncClient, reference_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = type(reference_store).read

    async def fail(store: GraphStore, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "reference/forces":
            raise StoreQueryError("statement 'reference/forces' failed: CYPHER secret=1 ...")
        return await read(store, name, *args, **kwargs)

    monkeypatch.setattr(type(reference_store), "read", fail)
    body = await graphql(api, "{ forces { code } }")
    [error] = body["errors"]
    assert error["message"] == STATEMENT_FAILED_MESSAGE
    assert error["extensions"]["code"] == "STORE_QUERY_ERROR"
    assert "secret" not in str(body)
