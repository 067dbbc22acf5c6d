"""The graph-service command, run as a user runs it."""

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from graph_service.loaders.reference import REFERENCE_DIR
from tests.falkordb_server import free_port

CLI = [sys.executable, "-m", "graph_service"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_SERVICE_")}
    return {**env, "GRAPH_SERVICE_DATA_DIR": str(tmp_path / "data"), **extra}


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``graph-service ARGS`` in ``tmp_path``, with its data there too."""
    return subprocess.run(
        [*CLI, *args],
        env=_env(tmp_path, **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    "command",
    [[], ["serve"], ["db"], ["db", "init"], ["demo"], ["schema", "export"], ["load-reference"]],
)
def test_every_command_has_help(command: list[str], tmp_path: Path) -> None:
    done = _run(tmp_path, *command, "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout


@pytest.mark.engine
def test_db_init_is_idempotent(tmp_path: Path) -> None:
    def init() -> subprocess.CompletedProcess[str]:
        return _run(tmp_path, "db", "init")

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


@pytest.mark.engine
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
        deadline = time.monotonic() + 300
        while True:
            assert service.poll() is None, service.communicate()[1]
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the demo did not become ready in 300 s"
            time.sleep(0.2)
        answer = httpx.post(
            f"{base}/graphql", json={"query": "{ reviewTypes { code name } }"}, timeout=10
        ).json()
        codes = {item["code"] for item in answer["data"]["reviewTypes"]}
        assert {"CSPR", "SAR", "DHR", "SCR", "MAPPA_SCR", "SUSR"} <= codes

        # Anonymous callers read as readers; the printed admin key sees everything.
        assert service.stdout is not None
        key = service.stdout.readline().strip()
        assert key.startswith("lgs_")
        count = "{ reviews { totalCount } auditLog(first: 5) { nodes { action actor } } }"
        anonymous = httpx.post(f"{base}/graphql", json={"query": count}, timeout=10).json()
        assert anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        admin = httpx.post(
            f"{base}/graphql",
            json={"query": count},
            headers={"Authorization": f"Bearer {key}"},
            timeout=10,
        ).json()
        assert "errors" not in admin, admin
        public = httpx.post(
            f"{base}/graphql", json={"query": "{ reviews { totalCount } }"}, timeout=10
        ).json()
        assert public["data"]["reviews"]["totalCount"] < admin["data"]["reviews"]["totalCount"]
        actions = [event["action"] for event in admin["data"]["auditLog"]["nodes"]]
        assert "keys.create" in actions
    finally:
        service.send_signal(signal.SIGINT)
        _, stderr = service.communicate(timeout=60)
    assert service.returncode == 0, stderr
    assert f"GraphiQL: {base}/graphql" in stderr
    # The embedded server stopped with the service: nothing keeps running on its data.
    data = str(tmp_path / "data")
    left = [p for p in psutil.process_iter(["name", "cwd"]) if p.info["cwd"] == data]
    assert left == []


def test_load_reference_refuses_a_broken_folder_and_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    broken = folder / "themes.yaml"
    broken.write_text(broken.read_text().replace("code: RISK", "code: risk", 1))
    done = _run(tmp_path, "load-reference", "--folder", str(folder))
    assert done.returncode == 1
    assert f"error: {broken}: entries[0].code: String should match pattern" in done.stderr


@pytest.mark.engine
def test_generate_then_load_a_dataset_with_json_output(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(tmp_path, *args)

    generated = run("generate", str(tmp_path / "ds"), "--reviews", "40", "--seed", "5")
    assert generated.returncode == 0, generated.stderr
    again = run("generate", str(tmp_path / "ds"), "--reviews", "40")
    assert again.returncode == 2
    assert again.stderr == (
        f"error: invalid value for 'OUT': {tmp_path / 'ds'} is not empty; give a new or empty "
        "folder (see 'graph-service generate --help')\n"
    )
    assert run("db", "init").returncode == 0
    dry = run("load", str(tmp_path / "ds"), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["dry_run"] is True
    loaded = run("load", str(tmp_path / "ds"), "--json")
    assert loaded.returncode == 0, loaded.stderr
    summary = json.loads(loaded.stdout)
    assert summary["ok"] is True
    assert summary["entities"]["reviews"] == {
        "rows": 40,
        "created": 40,
        "updated": 0,
        "unchanged": 0,
        "retired": 0,
    }


@pytest.mark.engine
def test_load_lists_every_problem_exits_1_and_writes_the_csv(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "reviews.csv").write_text(
        "review_id,title,review_type,status\nR1,A,NOPE,published\nR1,B,SAR,maybe\n"
    )
    errors = tmp_path / "errors.csv"
    assert _run(tmp_path, "db", "init").returncode == 0
    done = _run(tmp_path, "load", str(folder), "--errors-to", str(errors))
    assert done.returncode == 1
    assert "reviews.csv:2: review_type: unknown review type code 'NOPE'" in done.stderr
    assert "reviews.csv:3: review_id: duplicate 'R1'; first on line 2" in done.stderr
    assert "nothing was written" in done.stderr
    with errors.open() as listed:
        rows = list(csv.DictReader(listed))
    assert {(row["file"], row["line"], row["field"]) for row in rows} >= {
        ("reviews.csv", "2", "review_type"),
        ("reviews.csv", "3", "review_id"),
    }


def test_load_of_a_missing_path_fails_at_once_without_starting_the_engine(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    done = _run(tmp_path, "load", str(tmp_path / "absent"), GRAPH_SERVICE_LOG_LEVEL="DEBUG")
    assert done.returncode == 2
    assert done.stderr == (
        f"error: invalid value for 'PATH': {tmp_path / 'absent'}: no such folder or .zip file "
        "(see 'graph-service load --help')\n"
    )
    assert not (tmp_path / "data").exists()  # no engine was started on the data directory
    assert time.monotonic() - started < 5


def test_serve_with_an_unreachable_store_is_one_clear_line(tmp_path: Path) -> None:
    url = f"redis://user:s3cret@127.0.0.1:{free_port()}"
    done = _run(tmp_path, "serve", GRAPH_SERVICE_BACKEND="falkordb", GRAPH_SERVICE_FALKORDB_URL=url)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("error: cannot reach FalkorDB at redis://user:***@127.0.0.1:")
    )


@pytest.mark.engine
def test_load_into_a_graph_never_initialised_says_to_run_db_init(tmp_path: Path) -> None:
    dataset = tmp_path / "ds"
    assert _run(tmp_path, "generate", str(dataset), "--reviews", "5").returncode == 0
    for args in (["load", str(dataset)], ["load", str(dataset), "--dry-run"]):
        done = _run(tmp_path, *args, GRAPH_SERVICE_LOG_LEVEL="WARNING")
        assert done.returncode == 1
        assert done.stderr == (
            f"error: the embedded FalkorDB graph 'learning' in {tmp_path / 'data'} has no "
            "reference data yet; run 'graph-service db init' first\n"
        )


@pytest.mark.engine
def test_a_malformed_dataset_yaml_is_one_located_problem_and_quiet_keeps_a_summary(
    tmp_path: Path,
) -> None:
    dataset = tmp_path / "ds"
    assert _run(tmp_path, "generate", str(dataset), "--reviews", "8").returncode == 0
    assert _run(tmp_path, "db", "init").returncode == 0
    metadata = dataset / "dataset.yaml"
    good = metadata.read_text()
    metadata.write_text('name: "unfinished\ndescription: a quote never closed\n')
    broken = _run(tmp_path, "load", str(dataset), "--quiet", GRAPH_SERVICE_LOG_LEVEL="WARNING")
    assert broken.returncode == 1
    assert broken.stderr.splitlines() == [
        "dataset.yaml:3: name: not valid YAML: found unexpected end of stream while "
        "scanning a quoted scalar that starts on line 1",
        f"1 problem(s) in {dataset}; nothing was written.",
    ]
    metadata.write_text(good + "colour: blue\n")
    unknown = _run(tmp_path, "load", str(dataset), "--dry-run", "--quiet")
    assert unknown.returncode == 1
    lines = len(good.splitlines()) + 1
    assert f"dataset.yaml:{lines}: colour: unknown key; allowed: " in unknown.stderr

    metadata.write_text(good)
    loaded = _run(tmp_path, "load", str(dataset), "--quiet", GRAPH_SERVICE_LOG_LEVEL="WARNING")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == ""
    [summary] = loaded.stderr.splitlines()
    assert re.fullmatch(
        r"Loaded '.+': \d+ rows in \d+ files \(\d+ created, 0 updated, 0 unchanged\); "
        r"load run \S+ in [\d.]+ s \(of which [\d.]+ s recomputing the derived data\)",
        summary,
    ), summary
    dry = _run(tmp_path, "load", str(dataset), "--dry-run", "--quiet")
    assert dry.returncode == 0, dry.stderr
    assert re.search(
        r"^Validated '.+' \(dry run, nothing written\): \d+ rows in \d+ files, no problems$",
        dry.stderr,
        re.M,
    )
