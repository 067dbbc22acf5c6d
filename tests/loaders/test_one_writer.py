"""One writer at a time: loads, refreshes and reference loads on one graph take turns.

In process (two loads at once on one store) and as a user runs them (two `graph-service load`
processes on one data directory, one of them killed while it writes).
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.errors import WriterBusyError
from graph_service.loaders.dataset.load import LoadReport, load_dataset
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import DatasetRepository, DerivedRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from graph_service.store.writer import WriterClaim
from tests.graphs import catalogue_with_test_statements
from tests.loaders.datasets import small_dataset

# Every test here writes through an engine, some started by CLI processes.
pytestmark = pytest.mark.engine

CLI = [sys.executable, "-m", "graph_service"]


@pytest.fixture
async def repository(store: GraphStore) -> DatasetRepository:
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return DatasetRepository(store)


async def _load_signalling(
    folder: Path, repository: DatasetRepository, writing: asyncio.Event
) -> LoadReport:
    """A load that sets ``writing`` once it has written its first batch."""
    return await load_dataset(folder, repository, batch_size=1, progress=lambda *_: writing.set())


async def test_a_second_load_at_once_is_refused_and_the_first_completes(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    writing = asyncio.Event()
    first = asyncio.create_task(_load_signalling(folder, repository, writing))
    await writing.wait()
    with pytest.raises(WriterBusyError) as refused:
        await load_dataset(folder, DatasetRepository(store))
    report = await first
    assert report.ok
    assert f"load {report.run_id} of dataset {report.dataset!r}" in refused.value.message
    assert f"process {os.getpid()}" in refused.value.message
    runs = await store.read("test/runs")
    assert [(run["id"], run["status"]) for run in runs] == [(report.run_id, "completed")]


async def test_a_second_load_may_wait_and_then_interrupts_nothing(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    writing = asyncio.Event()
    first = asyncio.create_task(_load_signalling(folder, repository, writing))
    await writing.wait()
    second = await load_dataset(folder, DatasetRepository(store), wait_s=60)
    first_report = await first
    assert second.ok
    assert second.interrupted_runs == []
    statuses = {run["id"]: run["status"] for run in await store.read("test/runs")}
    assert statuses == {first_report.run_id: "completed", second.run_id: "completed"}


async def test_a_refresh_during_a_load_is_refused(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    writing = asyncio.Event()
    load = asyncio.create_task(
        _load_signalling(small_dataset(tmp_path / "ds"), repository, writing)
    )
    await writing.wait()
    with pytest.raises(WriterBusyError, match=r"cannot start the refresh .* the load run-"):
        await DerivedRepository(store).refresh()
    with pytest.raises(WriterBusyError, match=r"cannot start the reference load .* the load run-"):
        await load_reference(ReferenceRepository(store))
    assert (await load).ok


async def test_a_dry_run_does_not_wait_for_the_writer(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    async with store.writer("a long refresh"):
        report = await load_dataset(folder, DatasetRepository(store), dry_run=True)
    assert report.ok


# ---------------------------------------------------------------------------------------------
# As a user runs them: `graph-service load` in two processes on one data directory.


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_SERVICE_")}
    return {**env, "GRAPH_SERVICE_DATA_DIR": str(data)}


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=_env(data), capture_output=True, text=True, timeout=300, check=False
    )


def _slow_load(data: Path, folder: Path) -> subprocess.Popen[str]:
    """A load that writes one row per statement: it holds the lock for several seconds."""
    return subprocess.Popen(
        [*CLI, "load", str(folder), "--json", "--batch-size", "1"],
        env=_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _holder(data: Path, timeout_s: float = 60) -> WriterClaim:
    """The claim of the process holding the writer lock, once it has taken it."""
    deadline = time.monotonic() + timeout_s
    lock = data / "learning.writer.lock"
    while time.monotonic() < deadline:
        claim = WriterClaim.from_json(lock.read_bytes()) if lock.exists() else None
        if claim is not None:
            return claim
        time.sleep(0.05)
    raise AssertionError("no process took the writer lock")


async def _runs(data: Path) -> dict[str, str]:
    store = await EmbeddedStore.open(
        catalogue_with_test_statements("falkordb"), data, graph_name="learning", timeout_ms=30_000
    )
    try:
        return {run["id"]: run["status"] for run in await store.read("test/runs")}
    finally:
        await store.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    initialised = _cli(data, "db", "init")
    assert initialised.returncode == 0, initialised.stderr
    yield data
    # A killed loader leaves the graph server it started running: stop it.
    server = EmbeddedServer(data)
    server.start()
    server.stop()


@pytest.fixture(scope="module")
def slow_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("one-writer") / "ds"
    generate_dataset(folder, reviews=80, seed=7)
    return folder


def test_a_second_load_process_refuses_naming_the_first(data_dir: Path, slow_dataset: Path) -> None:
    first = _slow_load(data_dir, slow_dataset)
    try:
        holder = _holder(data_dir)
        second = _cli(data_dir, "load", str(slow_dataset), "--quiet")
        out, err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, err
    first_report = json.loads(out)
    run_id, dataset = first_report["run_id"], first_report["dataset"]
    assert holder.task == f"load {run_id} of dataset {dataset!r}"
    assert second.returncode == 1
    [line] = second.stderr.strip().splitlines()[-1:]
    assert line.startswith("error: cannot start the load run-")
    assert f"the load {run_id} of dataset {dataset!r}" in line
    assert f"process {first.pid} on " in line
    assert "since " in line
    assert "wait until it finishes and retry" in line
    assert "--wait SECONDS" in line
    assert "Traceback" not in second.stderr
    # The refused load wrote no run, and the first was not marked interrupted.
    assert asyncio.run(_runs(data_dir)) == {run_id: "completed"}


def test_a_second_load_process_with_wait_loads_after_the_first(
    data_dir: Path, slow_dataset: Path
) -> None:
    first = _slow_load(data_dir, slow_dataset)
    try:
        _holder(data_dir)
        second = _cli(data_dir, "load", str(slow_dataset), "--json", "--wait", "300")
        out, err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    first_run, second_report = json.loads(out)["run_id"], json.loads(second.stdout)
    assert second_report["interrupted_runs"] == []
    assert asyncio.run(_runs(data_dir)) == {
        first_run: "completed",
        second_report["run_id"]: "completed",
    }


def test_a_killed_writer_does_not_block_the_next_and_its_run_is_interrupted(
    data_dir: Path, slow_dataset: Path
) -> None:
    first = _slow_load(data_dir, slow_dataset)
    try:
        holder = _holder(data_dir)
        time.sleep(2)  # let it start its run and write a while
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
    killed_run = holder.task.split()[1]
    started = time.monotonic()
    refresh = _cli(data_dir, "db", "refresh")
    assert refresh.returncode == 0, refresh.stderr
    after = _cli(data_dir, "load", str(slow_dataset), "--json")
    assert after.returncode == 0, after.stderr
    assert time.monotonic() - started < 120
    report = json.loads(after.stdout)
    assert [run["id"] for run in report["interrupted_runs"]] == [killed_run]
    assert asyncio.run(_runs(data_dir)) == {
        killed_run: "interrupted",
        report["run_id"]: "completed",
    }
