"""``graph-service export``, run as a user runs it: a dataset out, and back in elsewhere."""

import json
import zipfile
from pathlib import Path

import pytest

from tests.test_cli import _run


@pytest.mark.engine
def test_export_writes_a_dataset_that_loads_into_another_graph(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert _run(first, "generate", "ds", "--reviews", "30", "--seed", "3").returncode == 0
    assert _run(first, "db", "init").returncode == 0
    assert _run(first, "load", "ds", "--quiet").returncode == 0

    exported = _run(first, "export", str(tmp_path / "everything"))
    assert exported.returncode == 0, exported.stderr
    assert "exporting reviews" in exported.stderr
    assert f"as dataset to {tmp_path / 'everything'}" in exported.stderr
    published = _run(first, "export", str(tmp_path / "published.zip"), "--published-only")
    assert published.returncode == 0, published.stderr
    assert "(published material only)" in published.stderr
    with zipfile.ZipFile(tmp_path / "published.zip") as archive:
        names = set(archive.namelist())
        reviews = [json.loads(line) for line in archive.read("reviews.jsonl").splitlines()]
    assert "dataset.yaml" in names
    assert "imr_assessments.jsonl" not in names
    assert reviews
    assert not any(review["restricted"] for review in reviews)

    everything = [
        json.loads(line)
        for line in (tmp_path / "everything" / "reviews.jsonl").read_text().splitlines()
    ]
    assert len(everything) == 30
    assert len(reviews) < 30  # the generator restricts some reviews

    assert _run(second, "db", "init").returncode == 0
    loaded = _run(second, "load", str(tmp_path / "everything"), "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["entities"]["reviews"]["created"] == 30

    again = _run(first, "export", str(tmp_path / "everything"))
    assert again.returncode == 2
    assert "is not empty; give a new or empty folder" in again.stderr
