"""The embedded server: shared between processes, durable, and restarted when it dies."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from graph_service.errors import StoreUnavailableError
from graph_service.store import embedded_server, engine_migration
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.embedded_server import needs_migration
from tests.graphs import catalogue_with_test_statements

# Every test here starts its own embedded server.
pytestmark = pytest.mark.engine

ATTACH_SCRIPT = """
import sys
from pathlib import Path
from graph_service.store.embedded import EmbeddedServer
server = EmbeddedServer(Path(sys.argv[1]))
server.start()
print(server.pid, server.socket_path)
server.stop()
"""


def _store(server: EmbeddedServer, graph: str = "g") -> EmbeddedStore:
    return EmbeddedStore(
        catalogue_with_test_statements("falkordb"), server, graph_name=graph, timeout_ms=10_000
    )


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.05)


def test_a_second_process_attaches_to_the_running_server(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    server.start()
    try:
        done = subprocess.run(
            [sys.executable, "-c", ATTACH_SCRIPT, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        pid, socket_path = done.stdout.split()
        assert int(pid) == server.pid
        assert socket_path == server.socket_path
        # The other process detached without stopping the server this one still uses.
        assert psutil.pid_exists(server.pid)
    finally:
        server.stop()


async def test_data_survives_a_restart(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    server.start()
    store = _store(server)
    await store.write("test/create_theme", {"code": "KEPT"})
    await store.close()
    pid = server.pid
    server.stop()
    _wait_gone(pid)
    assert not (psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)

    server = EmbeddedServer(tmp_path)
    server.start()
    store = _store(server)
    try:
        assert server.pid != pid
        assert await store.read("test/count_nodes") == [{"nodes": 1}]
    finally:
        await store.close()
        server.stop()


async def test_a_killed_server_is_started_again_on_the_next_request(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    server.start()
    store = _store(server)
    try:
        await store.write("test/create_theme", {"code": "BEFORE"})
        # Give the append-only file its once-a-second flush, as a real crash would not.
        await asyncio.sleep(1.2)
        old_pid = server.pid
        os.kill(old_pid, signal.SIGKILL)
        _wait_gone(old_pid)
        with pytest.raises(StoreUnavailableError, match="unavailable"):
            await store.read("test/count_nodes")
        assert server.pid != old_pid
        assert await store.read("test/count_nodes") == [{"nodes": 1}]
    finally:
        await store.close()
        server.stop()


def test_an_unwritable_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailableError, match="GRAPH_SERVICE_DATA_DIR"):
        EmbeddedServer(blocker / "data").start()


def test_starting_twice_at_once_gives_one_server(tmp_path: Path) -> None:
    starts = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ATTACH_SCRIPT.replace("server.stop()", "input()"),
                str(tmp_path),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        seen = {process.stdout.readline() for process in starts if process.stdout}
        assert len(seen) == 1, seen
    finally:
        for process in starts:
            process.communicate("\n", timeout=60)
    pid = int(seen.pop().split()[0])
    _wait_gone(pid)  # the last to leave stopped it
    assert not (psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)


def test_the_data_lives_in_the_data_directory(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    server.start()
    try:
        assert server.socket_path == str(tmp_path.resolve() / "graph.sock")
    finally:
        server.stop()
    assert (tmp_path / "graph.rdb").is_file()
    assert list((tmp_path / "appendonlydir").glob("*.aof"))


def test_data_in_a_newer_format_asks_for_the_migration(tmp_path: Path) -> None:
    (tmp_path / "graph.rdb").write_bytes(b"REDIS0015" + bytes(64))
    with pytest.raises(StoreUnavailableError, match="make migrate-data"):
        EmbeddedServer(tmp_path).start()


async def test_data_written_by_the_previous_engine_is_migrated(tmp_path: Path) -> None:
    """Written by falkordblite's engine, read by this one after `make migrate-data`."""
    redislite = pytest.importorskip("redislite", reason="the previous engine is not installed")
    old = redislite.Redis(
        str(tmp_path / "graph.rdb"), serverconfig={"appendonly": "yes"}
    )  # as earlier versions of the embedded backend ran it
    old.execute_command(
        "GRAPH.QUERY",
        "g",
        "CREATE (:Theme:Tagged {code: 'KEPT', codes: ['a'], weight: 0.5})"
        "-[:LINKS {since: 2020}]->(:Review {id: 'r1', codeVector: vecf32([1.0, 0.0])})",
    )
    old._cleanup()
    assert needs_migration(tmp_path)

    old_engine = (redislite.__redis_executable__, redislite.__falkordb_module__)
    await asyncio.to_thread(engine_migration.migrate, tmp_path, *old_engine)

    server = EmbeddedServer(tmp_path)
    server.start()
    store = _store(server)
    try:
        assert await store.read("test/count_nodes") == [{"nodes": 2}]
        rows = (
            await store._graph.query(
                "MATCH (t:Theme:Tagged)-[l:LINKS]->(r:Review) "
                "RETURN t.code, t.codes, t.weight, l.since, typeOf(r.codeVector), t._mid"
            )
        ).result_set
        assert rows == [["KEPT", ["a"], 0.5, 2020, "Vectorf32", None]]
    finally:
        await store.close()
        server.stop()
    assert (tmp_path / engine_migration.KEPT_ASIDE / "graph.rdb").is_file()


def _replay_log_bytes(data_dir: Path) -> int:
    """Bytes of write statements the server would run again at its next start."""
    return sum(path.stat().st_size for path in (data_dir / "appendonlydir").glob("*.incr.aof"))


async def test_a_writer_leaves_a_snapshot_to_start_from_not_its_statements(tmp_path: Path) -> None:
    # Replaying a load's statements at start-up took minutes where the snapshot of what they
    # wrote loads in seconds: a writer's end, and a stop, rewrite the log as a snapshot.
    server = EmbeddedServer(tmp_path)
    server.start()
    store = _store(server)
    try:
        async with store.writer("a test load"):
            for n in range(200):
                await store.write("test/create_theme", {"code": f"T{n:03}"})
        logged = _replay_log_bytes(tmp_path)
        for _ in range(600):  # the rewrite runs in the server's background: up to 30 s
            if _replay_log_bytes(tmp_path) < logged:
                break
            await asyncio.sleep(0.05)
        assert _replay_log_bytes(tmp_path) < logged
        await store.write("test/create_theme", {"code": "LAST"})  # after the rewrite
    finally:
        await store.close()
        server.stop()
    assert _replay_log_bytes(tmp_path) < 1_000  # the stop rewrote the log too
    server = EmbeddedServer(tmp_path)
    server.start()
    store = _store(server)
    try:
        assert await store.read("test/count_nodes") == [{"nodes": 201}]
    finally:
        await store.close()
        server.stop()


def test_a_pidfile_not_written_yet_is_not_taken_for_a_stopped_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server creates its pidfile empty, then writes its pid: while it is empty, the wait
    goes on (it used to read pid 0 as "started, then stopped" and refuse at once)."""
    monkeypatch.setattr(embedded_server, "_START_TIMEOUT_S", 0.5)
    pidfile = tmp_path / "graph.pid"
    pidfile.write_text("")
    server = EmbeddedServer(tmp_path)
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="did not start"):
        server._wait_until_answering(tmp_path / "graph.sock", pidfile, tmp_path / "graph.log")
    assert time.monotonic() - started >= 0.45
