"""``graph-service serve --workers N``: several worker processes over one embedded engine,
spending from one request budget per caller, stopped together by Ctrl+C."""

import asyncio
import http.client
import json
import signal
import socket
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.falkordb_server import free_port
from tests.test_cli import CLI, _env, _run

BUDGET = 4
QUERY = json.dumps({"query": "{ reviewTypes { code } }"})
JSON = {"Content-Type": "application/json"}


def _post(port: int, key: str, workers: list[psutil.Process]) -> tuple[int, str, int]:
    """One request on a connection of its own: its status, error code and answering worker."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/graphql",
            body=QUERY,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        body = json.loads(response.read())
        # The connection is still open: the worker holding its other end answered.
        own_port = connection.sock.getsockname()[1]
        answering = next(
            worker.pid
            for worker in workers
            for each in worker.net_connections(kind="tcp")
            if each.laddr.port == port and each.raddr and each.raddr.port == own_port
        )
    finally:
        connection.close()
    code = body["errors"][0]["extensions"]["code"] if "errors" in body else ""
    return response.status, code, answering


def _two_workers(tmp_path: Path, port: int, **settings: str) -> subprocess.Popen[str]:
    """`graph-service serve --workers 2` on ``port`` with ``settings``, its output kept."""
    return subprocess.Popen(
        [*CLI, "serve", "--workers", "2"],
        env=_env(tmp_path, GRAPH_SERVICE_PORT=str(port), **settings),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_ready(service: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 120
    while True:
        assert service.poll() is None, service.communicate()[1]
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/readyz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            probe.close()
        assert time.monotonic() < deadline, "the service did not become ready in 120 s"
        time.sleep(0.2)


def _listening_workers(service: subprocess.Popen[str], port: int) -> list[psutil.Process]:
    """The two worker processes, once both listen: /readyz may have reached only one."""
    deadline = time.monotonic() + 60
    while True:
        workers = [
            child
            for child in psutil.Process(service.pid).children()
            if any(each.laddr.port == port for each in child.net_connections(kind="tcp"))
        ]
        if len(workers) == 2:
            return workers
        assert time.monotonic() < deadline, "two workers did not listen in 60 s"
        time.sleep(0.2)


@pytest.mark.engine
def test_workers_share_one_engine_and_one_request_budget(tmp_path: Path) -> None:
    port = free_port()
    service = _two_workers(tmp_path, port, GRAPH_SERVICE_RATE_LIMIT_PER_MINUTE=str(BUDGET))
    try:
        _wait_until_ready(service, port)
        workers = _listening_workers(service, port)
        # A key issued by another process on the same data directory, as a user would.
        issued = _run(tmp_path, "keys", "create", "--name", "budget", "--role", "reader")
        assert issued.returncode == 0, issued.stderr
        key = issued.stdout.strip().splitlines()[0]
        assert key.startswith("lgs_")

        answers: list[tuple[int, str, int]] = []
        # Until both workers have answered, and each would have granted a budget of its own.
        while len({pid for *_, pid in answers}) < 2 or len(answers) < 3 * BUDGET:
            assert len(answers) < 200, "one worker answered every request"
            answers.append(_post(port, key, workers))
    finally:
        service.send_signal(signal.SIGINT)
        _, stderr = service.communicate(timeout=120)

    accepted = [answer for answer in answers if answer[0] == 200]
    refused = [answer for answer in answers if answer[0] != 200]
    assert len(accepted) == BUDGET, answers  # not a budget per worker
    assert {(status, code) for status, code, _ in refused} == {(429, "RATE_LIMITED")}
    assert {pid for *_, pid in answers} == {worker.pid for worker in workers}

    assert service.returncode == 0, stderr
    assert "(2 workers; Ctrl+C stops the service)" in stderr
    assert stderr.count("request budgets are shared through unix://") == 2
    assert "Traceback" not in stderr
    # The workers and the embedded server stopped with the service.
    data = str(tmp_path / "data")
    left = [p for p in psutil.process_iter(["name", "cwd"]) if p.info["cwd"] == data]
    assert left == []
    assert not any(worker.is_running() for worker in workers)


@pytest.mark.engine
def test_connections_opened_together_are_spread_over_the_workers(tmp_path: Path) -> None:
    """Clients that open their connections at once and keep them (a proxy's pool, a load
    test) must not all land on one worker: each worker listens on a socket of its own and the
    kernel spreads new connections over them."""
    port = free_port()
    service = _two_workers(tmp_path, port, GRAPH_SERVICE_ALLOW_ANONYMOUS_READ="true")
    try:
        _wait_until_ready(service, port)
        workers = _listening_workers(service, port)
        served = asyncio.run(_spread(port, workers, clients=24))
    finally:
        service.send_signal(signal.SIGINT)
        _, stderr = service.communicate(timeout=120)
    assert sum(served.values()) == 24, served
    assert all(served.values()), served  # all 24 on one worker by chance: 1 in 8 million
    assert service.returncode == 0, stderr


async def _spread(port: int, workers: list[psutil.Process], *, clients: int) -> dict[int, int]:
    """How many of ``clients`` connections, opened together and each sending requests one
    after another, each worker holds."""
    request = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(QUERY)}\r\n\r\n{QUERY}"
    ).encode()

    async def client() -> asyncio.StreamWriter:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(5):
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200"), head
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
        return writer

    writers = await asyncio.gather(*(client() for _ in range(clients)))
    try:
        return {
            worker.pid: sum(
                1
                for each in worker.net_connections(kind="tcp")
                if each.laddr.port == port and each.status == psutil.CONN_ESTABLISHED
            )
            for worker in workers
        }
    finally:
        for writer in writers:
            writer.close()


def test_workers_must_be_at_least_one(tmp_path: Path) -> None:
    done = _run(tmp_path, "serve", "--workers", "0")
    assert done.returncode == 2
    assert done.stderr.startswith("error: invalid value for '--workers'")
    assert not (tmp_path / "data").exists()


@pytest.mark.engine
def test_several_workers_on_a_port_in_use_are_refused(tmp_path: Path) -> None:
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):
        done = _run(tmp_path, "serve", "--workers", "2", GRAPH_SERVICE_PORT=str(port))
    assert done.returncode == 1, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "GRAPH_SERVICE_PORT" in done.stderr
    assert "Traceback" not in done.stderr


def test_several_workers_without_a_shared_budget_server_are_refused(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "serve",
        "--workers",
        "2",
        GRAPH_SERVICE_BACKEND="neo4j",
        GRAPH_SERVICE_NEO4J_URI=f"bolt://127.0.0.1:{free_port()}",  # never reached
        GRAPH_SERVICE_NEO4J_PASSWORD="unused",
        GRAPH_SERVICE_LOG_LEVEL="WARNING",
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: --workers 2 needs request budgets the workers share")
    assert "GRAPH_SERVICE_RATE_LIMIT_STORAGE_URL" in done.stderr
