"""The graph-service command, run as a user runs it."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from loaders.reference import REFERENCE_DIR
from tests.falkordb_server import free_port

CLI = [sys.executable, "-m", "graph_service"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_SERVICE_")}
    return {**env, "GRAPH_SERVICE_DATA_DIR": str(tmp_path / "data"), **extra}


@pytest.mark.parametrize(
    "command",
    [[], ["serve"], ["db"], ["db", "init"], ["demo"], ["schema", "export"], ["load-reference"]],
)
def test_every_command_has_help(command: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [*CLI, *command, "--help"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout


def test_db_init_is_idempotent(tmp_path: Path) -> None:
    def init() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, "db", "init"],
            env=_env(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first = init()
    assert first.returncode == 0, first.stderr
    assert "constraints and indexes created" in first.stderr
    assert "all were already there" not in first.stderr
    second = init()
    assert second.returncode == 0, second.stderr
    assert "Schema: 0 constraints and indexes created (all were already there)" in second.stderr
    for output in (first.stderr, second.stderr):
        assert "review_types" in output
        assert "forces" in output


def test_demo_serves_the_reference_review_types(tmp_path: Path) -> None:
    port = free_port()
    service = subprocess.Popen(
        [*CLI, "demo"],
        env=_env(tmp_path, GRAPH_SERVICE_PORT=str(port)),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert service.poll() is None, service.communicate()[1]
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the demo did not become ready in 90 s"
            time.sleep(0.2)
        answer = httpx.post(
            f"{base}/graphql", json={"query": "{ reviewTypes { code name } }"}, timeout=10
        ).json()
        codes = {item["code"] for item in answer["data"]["reviewTypes"]}
        assert {"CSPR", "SAR", "DHR", "SCR", "MAPPA_SCR", "SUSR"} <= codes
    finally:
        service.send_signal(signal.SIGINT)
        _, stderr = service.communicate(timeout=60)
    assert service.returncode == 0, stderr
    assert f"GraphiQL: {base}/graphql" in stderr


def test_load_reference_refuses_a_broken_folder_and_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    broken = folder / "themes.yaml"
    broken.write_text(broken.read_text().replace("code: RISK", "code: risk", 1))
    done = subprocess.run(
        [*CLI, "load-reference", "--folder", str(folder)],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"error: {broken}: entries[0].code: String should match pattern" in done.stderr
