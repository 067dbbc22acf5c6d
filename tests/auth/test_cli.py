"""``graph-service keys`` and ``graph-service audit``, run as an operator runs them, against an
embedded server the test keeps running on the same data directory (each command attaches)."""

import asyncio
import getpass
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_service.auth.keys import verify_key
from graph_service.domain.access import Role
from graph_service.errors import AuthenticationError
from graph_service.repository import ApiKeyRepository
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore

CLI = [sys.executable, "-m", "graph_service"]
KEY_LINE = re.compile(r"^lgs_[A-Za-z0-9]{12}_[A-Za-z0-9_\-]{43}$", re.M)


def _run(data: Path, *args: str, log_level: str = "WARNING") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_SERVICE_")}
    return subprocess.run(
        [*CLI, *args],
        env={**env, "GRAPH_SERVICE_DATA_DIR": str(data), "GRAPH_SERVICE_LOG_LEVEL": log_level},
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def _arun(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(_run, data, *args)


def _audit(data: Path, *args: str) -> list[dict[str, Any]]:
    listed = _run(data, "audit", "list", "--json", *args)
    assert listed.returncode == 0, listed.stderr
    events: list[dict[str, Any]] = json.loads(listed.stdout)
    return events


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
async def keys(data: Path) -> AsyncIterator[ApiKeyRepository]:
    """The API keys of the graph the commands use, as the service would read them."""
    server = EmbeddedServer(data)
    server.start()
    store = EmbeddedStore(
        StatementCatalogue.load("falkordb"), server, graph_name="learning", timeout_ms=30_000
    )
    try:
        yield ApiKeyRepository(store)
    finally:
        await store.close()
        server.stop()


@pytest.mark.parametrize(
    "command",
    [["keys"], ["keys", "create"], ["keys", "list"], ["keys", "revoke"], ["audit", "list"]],
)
def test_every_access_command_has_help(command: list[str], tmp_path: Path) -> None:
    done = _run(tmp_path / "data", *command, "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout


@pytest.mark.engine
async def test_keys_are_created_shown_once_listed_and_revoked_for_every_process(
    data: Path, keys: ApiKeyRepository
) -> None:
    created = await _arun(data, "keys", "create", "--role", "analyst", "--name", "reporting-etl")
    assert created.returncode == 0, created.stderr
    assert KEY_LINE.fullmatch(created.stdout.strip()), created.stdout
    text = created.stdout.strip()
    assert "it will not be shown again" in created.stderr
    key_id = text[4:16]
    assert f"Created API key {key_id} (reporting-etl, role analyst)" in created.stderr

    # The key works for the service at once: this process reads the store the command wrote.
    principal = await verify_key(keys, text)
    assert (principal.subject, principal.role, principal.key_id) == (
        "reporting-etl",
        Role.ANALYST,
        key_id,
    )

    duplicate = await _arun(data, "keys", "create", "--role", "reader", "--name", "reporting-etl")
    assert duplicate.returncode == 1
    assert duplicate.stderr.strip().splitlines()[-1] == (
        "error: name: an active key is already called 'reporting-etl'; choose another name, "
        "or revoke that key first"
    )
    bad_role = await _arun(data, "keys", "create", "--role", "boss", "--name", "x")
    assert bad_role.returncode == 2
    assert bad_role.stderr.startswith("error: invalid value for '--role': 'boss' is not one of")
    assert all(f"'{role}'" in bad_role.stderr for role in ("reader", "analyst", "admin"))

    listed = await _arun(data, "keys", "list")
    assert listed.returncode == 0, listed.stderr
    assert re.search(rf"{key_id}\s*│\s*reporting-etl\s*│\s*analyst\s*│\s*\d{{4}}-", listed.stdout)
    as_json = json.loads((await _arun(data, "keys", "list", "--json")).stdout)
    assert [(k["key_id"], k["name"], k["role"], k["revoked_at"]) for k in as_json] == [
        (key_id, "reporting-etl", "analyst", None)
    ]
    assert text[17:] not in listed.stdout + json.dumps(as_json)

    # Revoked by another process: refused at the next use, with no restart and no cache.
    revoked = await _arun(data, "keys", "revoke", key_id)
    assert revoked.returncode == 0, revoked.stderr
    assert f"Revoked API key {key_id} (reporting-etl)" in revoked.stderr
    with pytest.raises(AuthenticationError, match="has been revoked; ask an admin"):
        await verify_key(keys, text)
    again = await _arun(data, "keys", "revoke", key_id)
    assert again.returncode == 1
    assert f"error: the API key '{key_id}' was already revoked at " in again.stderr
    unknown = await _arun(data, "keys", "revoke", "nosuchkey123")
    assert unknown.returncode == 1
    assert "error: no API key has the id 'nosuchkey123'" in unknown.stderr

    events = await asyncio.to_thread(_audit, data, "--action", "keys")
    actor = f"cli:{getpass.getuser()}"
    assert [(e["action"], e["outcome"], e["actor"], e["actor_kind"]) for e in events] == [
        ("keys.revoke", "failed", actor, "cli"),
        ("keys.revoke", "failed", actor, "cli"),
        ("keys.revoke", "ok", actor, "cli"),
        ("keys.create", "failed", actor, "cli"),
        ("keys.create", "ok", actor, "cli"),
    ]
    assert events[-1]["target"] == f"key {key_id}"
    assert events[-1]["detail"] == "name 'reporting-etl', role analyst"
    assert text[17:27] not in json.dumps(events)


@pytest.mark.engine
def test_loads_and_refreshes_are_recorded_in_the_audit_log(data: Path, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    assert _run(data, "generate", str(dataset), "--reviews", "12", "--seed", "3").returncode == 0
    for args in (
        ["load-reference"],
        ["load", str(dataset), "--quiet"],
        ["load", str(dataset), "--dry-run", "--quiet"],  # writes nothing: not recorded
        ["db", "refresh"],
    ):
        done = _run(data, *args)
        assert done.returncode == 0, (args, done.stderr)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "reviews.csv").write_text("review_id,title,review_type,status\nR1,A,NOPE,x\n")
    assert _run(data, "load", str(broken), "--quiet").returncode == 1
    # A path that is not there is a usage mistake: refused before the graph is touched.
    assert _run(data, "load", str(tmp_path / "absent")).returncode == 2

    events = _audit(data)
    assert [(e["action"], e["outcome"], e["target"]) for e in events] == [
        ("dataset.load", "failed", str(broken)),
        ("db.refresh", "ok", "derived data"),
        ("dataset.load", "ok", str(dataset)),
        ("reference.load", "ok", events[-1]["target"]),
    ]
    assert all(e["actor"] == f"cli:{getpass.getuser()}" for e in events)
    assert re.fullmatch(r"\d+ problem\(s\); nothing was written", events[0]["detail"])
    assert events[2]["detail"].startswith("load run ")
    assert "reviews 12" in events[2]["detail"]
    assert "review_types" in events[3]["detail"]

    newest = _audit(data, "--action", "dataset.load", "--limit", "1")
    assert [e["target"] for e in newest] == [str(broken)]
    assert [e["action"] for e in _audit(data, "--outcome", "ok", "--action", "db")] == [
        "db.refresh"
    ]
    table = _run(data, "audit", "list", "--limit", "1")
    assert table.returncode == 0, table.stderr
    assert "dataset.load" in table.stdout
    assert "db.refresh" not in table.stdout
    wrong = _run(data, "audit", "list", "--outcome", "maybe")
    assert wrong.returncode == 2
    assert wrong.stderr == (
        "error: invalid value for '--outcome': 'maybe' is not an outcome; use one of ok, "
        "denied, failed (see 'graph-service audit list --help')\n"
    )


@pytest.mark.engine
def test_a_command_says_it_attached_to_the_running_graph_server(data: Path) -> None:
    listed = _run(data, "keys", "list", "--json", log_level="INFO")
    assert listed.returncode == 0, listed.stderr
    assert f"attached to the running graph server for {data.resolve()}" in listed.stderr
    assert "starting the embedded graph server" not in listed.stderr
