"""``graph-service queries register`` and ``queries list``, run as an operator runs them against
an embedded server the test keeps running on the same data directory, then a service in
``registered`` mode over that graph running what they registered."""

import asyncio
import getpass
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from tests.api.conftest import bearer, client_for

CLI = [sys.executable, "-m", "graph_service"]
FORCES = "query Forces {\n  forces { code name }\n}\n"
THEMES = "{ themes { code } }"


def _run(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_SERVICE_")}
    return subprocess.run(
        [*CLI, *args],
        env={
            **inherited,
            "GRAPH_SERVICE_DATA_DIR": str(data),
            "GRAPH_SERVICE_LOG_LEVEL": "WARNING",
            **env,
        },
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def _arun(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(_run, data, *args, **env)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A data directory whose embedded server runs for the whole test."""
    folder = tmp_path / "data"
    server = EmbeddedServer(folder)
    server.start()
    try:
        yield folder
    finally:
        server.stop()


@pytest.fixture
async def graph(data: Path) -> AsyncIterator[GraphStore]:
    """The graph the commands use, as the service would open it."""
    server = EmbeddedServer(data)
    server.start()
    store = EmbeddedStore(
        StatementCatalogue.load("falkordb"), server, graph_name="learning", timeout_ms=30_000
    )
    try:
        yield store
    finally:
        await store.close()
        server.stop()


def _files(folder: Path, **texts: str) -> list[str]:
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.graphql"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("command", [["queries"], ["queries", "register"], ["queries", "list"]])
def test_every_queries_command_has_help(command: list[str], tmp_path: Path) -> None:
    done = _run(tmp_path / "data", *command, "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout


@pytest.mark.engine
async def test_queries_are_registered_from_files_listed_audited_and_run_by_hash(
    data: Path, graph: GraphStore, tmp_path: Path
) -> None:
    forces, themes = _files(tmp_path, forces=FORCES, themes=THEMES)

    registered = await _arun(data, "queries", "register", forces, themes)
    assert registered.returncode == 0, registered.stderr
    assert registered.stdout.splitlines() == [
        f"{_sha256(FORCES)}  {forces}",
        f"{_sha256(THEMES)}  {themes}",
    ]
    assert "Registered 2 of 2 queries (0 were registered already)" in registered.stderr
    again = await _arun(data, "queries", "register", themes)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{_sha256(THEMES)}  {themes}\n"
    assert "Registered 0 of 1 queries (1 were registered already)" in again.stderr

    listed = await _arun(data, "queries", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    actor = f"cli:{getpass.getuser()}"
    assert [
        (q["sha256"], q["text"], q["registered_by"], q["registered_by_kind"])
        for q in json.loads(listed.stdout)
    ] == [(_sha256(FORCES), FORCES, actor, "cli"), (_sha256(THEMES), THEMES, actor, "cli")]
    table = await _arun(data, "queries", "list")
    assert table.returncode == 0, table.stderr
    assert _sha256(FORCES) in table.stdout
    assert "query Forces { forces { code name } }" in table.stdout

    audit = await _arun(data, "audit", "list", "--action", "queries", "--json")
    events: list[dict[str, Any]] = json.loads(audit.stdout)
    assert sorted((e["actor"], e["action"], e["target"], e["outcome"]) for e in events) == sorted(
        (actor, "queries.register", f"query {_sha256(text)}", "ok") for text in (FORCES, THEMES)
    )

    app = create_app(Settings(persisted_queries="registered"), store=graph)
    async with client_for(app, await bearer(graph, Role.READER)) as api:
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": _sha256(FORCES)}}
        by_hash = await api.post("/graphql", json={"extensions": extensions})
        unregistered = await api.post("/graphql", json={"query": "{ strands { code } }"})
    assert by_hash.status_code == 200, by_hash.text
    assert by_hash.json() == {"data": {"forces": []}}  # the graph was never initialised
    assert unregistered.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"


@pytest.mark.engine
async def test_one_bad_file_registers_none_and_says_which_and_why(
    data: Path, tmp_path: Path
) -> None:
    good, garbage, unknown_field = _files(
        tmp_path, good=THEMES, garbage="{ themes {", unknown_field="{ themes { colour } }"
    )

    for bad, why in (
        (garbage, "the query is not GraphQL: Syntax Error: Expected Name, found <EOF>"),
        (unknown_field, "Cannot query field 'colour' on type 'Theme'"),
    ):
        refused = await _arun(data, "queries", "register", good, bad)
        assert refused.returncode == 1
        [line] = refused.stderr.splitlines()
        assert line.startswith(f"error: {bad}: "), line
        assert why in line
        assert line.endswith("nothing was registered")
    too_long = await _arun(data, "queries", "register", good, GRAPH_SERVICE_MAX_BODY_BYTES="1024")
    assert too_long.returncode == 0, too_long.stderr
    long_file = _files(tmp_path, long="{ themes { code } }" + " " * 2_000)[0]
    refused = await _arun(
        data, "queries", "register", long_file, GRAPH_SERVICE_MAX_BODY_BYTES="1024"
    )
    assert refused.returncode == 1
    assert "more than the 1,024 a request may carry" in refused.stderr

    listed = await _arun(data, "queries", "list", "--json")
    assert [q["text"] for q in json.loads(listed.stdout)] == [THEMES]
