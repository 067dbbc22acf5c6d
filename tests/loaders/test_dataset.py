"""Loading datasets: nothing wrong gets in, nothing right is lost, every fact is traceable."""

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from graph_service.loaders.dataset.load import LoadReport, load_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import DatasetRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.loaders.datasets import small_dataset, write_csv, write_jsonl


@pytest.fixture
async def repository(store: GraphStore) -> DatasetRepository:
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return DatasetRepository(store)


async def _snapshot(store: GraphStore) -> tuple[Any, ...]:
    summary = sorted(
        (row["kind"], str(row["name"]), row["count"])
        for row in await store.read("test/graph_summary")
    )
    # The load-run counter counts every load, like the runs themselves.
    properties = sorted(
        json.dumps(row, sort_keys=True)
        for row in await store.read("test/node_properties")
        if row["labels"] != ["Counter"]
    )
    return summary, properties


def _problems(report: LoadReport) -> list[str]:
    return [str(problem) for problem in report.problems]


async def test_a_clean_dataset_loads_and_reports_what_it_created(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    report = await load_dataset(small_dataset(tmp_path / "ds"), repository)
    assert _problems(report) == []
    assert {name: s.created for name, s in report.entities.items()} == {
        "agencies": 1,
        "reviews": 2,
        "findings": 2,
        "recommendations": 1,
        "practice_changes": 1,
        "outcomes": 1,
        "imr_assessments": 1,
        "governance": 1,
    }
    links = await store.read("test/finding_links", {"id": "R1-F1"})
    assert links == [{"issues": ["PROFESSIONAL_CURIOSITY"], "review": "R1"}]
    [run] = await store.read("test/runs")
    assert run["status"] == "completed"
    assert any(f.startswith("reviews.csv:sha256:") for f in run["files"])
    assert json.loads(run["summary"])["reviews"]["created"] == 2
    provenance = await store.read("test/provenance")
    assert provenance
    assert all(row["run"] == run["id"] for row in provenance)


async def test_loading_twice_changes_nothing(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    await load_dataset(folder, repository)
    before = await _snapshot(store)
    provenance = await store.read("test/provenance")
    again = await load_dataset(folder, repository)
    assert await _snapshot(store) == before
    assert all(
        s.unchanged == s.rows and s.created == s.updated == 0 for s in again.entities.values()
    )
    # Unchanged rows still point at the run that last wrote them; the new run is recorded.
    assert sorted(await store.read("test/provenance"), key=str) == sorted(provenance, key=str)
    assert [run["status"] for run in await store.read("test/runs")] == ["completed"] * 2


async def test_errors_in_several_files_are_all_listed_and_nothing_is_written(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    write_csv(
        folder,
        "reviews",
        [
            {"review_id": "R1", "title": "Child Q", "review_type": "CSPR", "status": "published"},
            {"review_id": "R2", "title": "", "review_type": "SAR", "status": "open"},
        ],
    )
    write_jsonl(
        folder,
        "findings",
        [
            {"finding_id": "R1-F1", "review_id": "R1", "text": "t", "kind": "observation"},
            {"finding_id": "R1-F1", "review_id": "R1", "text": "t", "kind": "observation"},
        ],
    )
    (folder / "outcomes.csv").write_text(
        "outcome_id,change_id,description,direction\nO1,PC1,d,better\n"
    )
    before = await _snapshot(store)
    report = await load_dataset(folder, repository)
    assert _problems(report) == [
        "reviews.csv:2: published_on: required when status is published",
        "reviews.csv:3: status: 'open' is not allowed: input should be 'commissioned', "
        "'in_progress', 'published' or 'withdrawn'",
        "reviews.csv:3: title: required field is missing or empty",
        "findings.jsonl:2: finding_id: duplicate 'R1-F1'; first on line 1",
        "outcomes.csv:2: direction: 'better' is not allowed: input should be 'improved', "
        "'no_change', 'worsened' or 'unknown'",
    ]
    assert report.run_id is None
    assert await _snapshot(store) == before
    assert await store.read("test/runs") == []


async def test_unknown_codes_reviews_and_foreign_findings_are_refused_with_reasons(
    repository: DatasetRepository, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    write_jsonl(
        folder,
        "findings",
        [
            {
                "finding_id": "R1-F1",
                "review_id": "R1",
                "text": "t",
                "kind": "observation",
                "perennial_issues": ["NOT_AN_ISSUE"],
            },
            {"finding_id": "R9-F1", "review_id": "R9", "text": "t", "kind": "observation"},
            {"finding_id": "R2-F1", "review_id": "R2", "text": "t", "kind": "observation"},
        ],
    )
    write_csv(
        folder,
        "recommendations",
        [
            {
                "recommendation_id": "R1-REC1",
                "review_id": "R1",
                "text": "r",
                "addressed_to": ["metropolitan"],
                "addresses_findings": ["R2-F1"],
                "level": "local",
            }
        ],
    )
    report = await load_dataset(folder, repository)
    assert _problems(report) == [
        "findings.jsonl:1: perennial_issues: unknown perennial issue code 'NOT_AN_ISSUE': "
        "not in the reference list (graph_service/loaders/reference/perennial_issues.yaml)",
        "findings.jsonl:2: review_id: unknown review 'R9': not in the dataset or the graph",
        "recommendations.csv:2: addresses_findings: finding 'R2-F1' belongs to review 'R2', "
        "not to this recommendation's review 'R1'",
    ]


async def test_references_to_what_the_graph_already_holds_are_accepted(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    await load_dataset(small_dataset(tmp_path / "first"), repository)
    second = tmp_path / "second"
    write_jsonl(
        second,
        "findings",
        [{"finding_id": "R1-F2", "review_id": "R1", "text": "More.", "kind": "observation"}],
    )
    write_csv(
        second,
        "recommendations",
        [
            {
                "recommendation_id": "R1-REC2",
                "review_id": "R1",
                "text": "r",
                "addressed_to": ["A1"],
                "addresses_findings": ["R1-F1", "R1-F2"],
                "level": "regional",
            }
        ],
    )
    report = await load_dataset(second, repository)
    assert _problems(report) == []
    assert report.entities["recommendations"].created == 1


async def test_a_changed_row_replaces_its_links_and_counts_as_updated(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    await load_dataset(folder, repository)
    findings = [json.loads(line) for line in (folder / "findings.jsonl").read_text().splitlines()]
    findings[0]["perennial_issues"] = ["INFORMATION_SHARING"]
    write_jsonl(folder, "findings", findings)
    report = await load_dataset(folder, repository)
    assert (report.entities["findings"].updated, report.entities["findings"].unchanged) == (1, 1)
    links = await store.read("test/finding_links", {"id": "R1-F1"})
    assert links == [{"issues": ["INFORMATION_SHARING"], "review": "R1"}]
    runs = [row["id"] for row in await store.read("test/runs")]
    provenance = {row["id"]: row["run"] for row in await store.read("test/provenance")}
    assert provenance["R1-F1"] == runs[-1]
    assert provenance["R2-F1"] == runs[0]


async def test_a_dry_run_validates_and_writes_nothing(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    before = await _snapshot(store)
    report = await load_dataset(small_dataset(tmp_path / "ds"), repository, dry_run=True)
    assert report.ok
    assert report.dry_run
    assert report.entities["findings"].rows == 2
    assert await _snapshot(store) == before


async def test_an_unfinished_run_is_reported_and_completed(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    # What a load killed midway leaves behind: a run that never finished.
    await repository.start_run(
        {
            "id": "run-killed",
            "startedAt": 0,
            "source": str(folder),
            "datasetName": "ds",
            "datasetHash": "x",
            "files": [],
            "loaderVersion": "0",
        }
    )
    report = await load_dataset(folder, repository)
    assert [run["id"] for run in report.interrupted_runs] == ["run-killed"]
    statuses = {row["id"]: row["status"] for row in await store.read("test/runs")}
    assert statuses == {"run-killed": "interrupted", report.run_id: "completed"}


async def test_a_zip_with_a_bom_csv_loads_like_the_folder(
    repository: DatasetRepository, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    agencies = folder / "agencies.csv"
    agencies.write_bytes(b"\xef\xbb\xbf" + agencies.read_bytes())
    archive = tmp_path / "ds.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in folder.iterdir():
            zipped.write(path, f"ds/{path.name}")
    report = await load_dataset(archive, repository)
    assert _problems(report) == []
    assert report.entities["agencies"].created == 1


async def test_container_rules(repository: DatasetRepository, tmp_path: Path) -> None:
    folder = small_dataset(tmp_path / "ds")
    shutil.copy(folder / "agencies.csv", folder / "notes.csv")
    write_jsonl(folder, "agencies", [{"agency_id": "A2", "name": "n", "sector": "police"}])
    (folder / "dataset.yaml").write_text("name: x\nformat_version: 2\n")
    report = await load_dataset(folder, repository)
    # Neither agencies file is read, so the reviews' references to A1 are reported too.
    assert _problems(report)[:3] == [
        "dataset.yaml:2: format_version: 2 is not supported; use 1",
        "notes.csv: not a file of the import format; remove or rename it",
        "agencies.csv: both agencies.csv and agencies.jsonl exist; keep one",
    ]


async def test_values_the_store_cannot_hold_are_refused_before_writing(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    (folder / "outcomes.csv").write_text(
        "outcome_id,change_id,description,direction,value,baseline\n"
        "O1,PC1,d,improved,nan,1\nO2,PC1,d,improved,1e400,1\nO3,PC1,bad\x00text,improved,1,1\n"
    )
    (folder / "imr_assessments.csv").unlink()
    write_jsonl(
        folder,
        "imr_assessments",
        [{"assessment_id": "IMR1", "review_id": "R1", "agency_id": "A1",
          "scores": {"CHRONOLOGY": True}}],
    )  # fmt: skip
    before = await _snapshot(store)
    report = await load_dataset(folder, repository)
    assert _problems(report) == [
        "outcomes.csv:2: value: Input should be a finite number",
        "outcomes.csv:3: value: Input should be a finite number",
        "outcomes.csv:4: description: contains a control character; remove it",
        "imr_assessments.jsonl:1: scores[CHRONOLOGY]: must be a whole number from 0 to 3",
    ]
    assert await _snapshot(store) == before


async def test_unpublished_reviews_are_restricted(
    repository: DatasetRepository, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    write_csv(
        folder,
        "reviews",
        [
            {"review_id": "R1", "title": "A", "review_type": "CSPR", "status": "published",
             "published_on": "2022-03-01"},
            {"review_id": "R2", "title": "B", "review_type": "SAR", "status": "in_progress",
             "restricted": "false"},
        ],
    )  # fmt: skip
    report = await load_dataset(folder, repository)
    assert _problems(report) == [
        "reviews.csv:3: restricted: must be true while status is in_progress: "
        "unpublished reviews are restricted"
    ]


async def test_json_lines_may_hold_unicode_line_separators(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = small_dataset(tmp_path / "ds")
    findings = folder / "findings.jsonl"
    text = findings.read_text().replace("child's views.", "child's views.\u2028Noted twice.")
    findings.write_text(text.replace("\\u2028", "\u2028"), encoding="utf-8")
    report = await load_dataset(folder, repository)
    assert _problems(report) == []


async def test_a_finding_cannot_leave_a_recommendation_of_its_old_review_behind(
    repository: DatasetRepository, tmp_path: Path
) -> None:
    await load_dataset(small_dataset(tmp_path / "first"), repository)
    second = tmp_path / "second"
    write_jsonl(
        second,
        "findings",
        [{"finding_id": "R1-F1", "review_id": "R2", "text": "Moved.", "kind": "observation"}],
    )
    report = await load_dataset(second, repository)
    assert _problems(report) == [
        "findings.jsonl:1: review_id: moves the finding to review 'R2', but recommendation "
        "'R1-REC1' of review 'R1' addresses it; change that recommendation in the same dataset"
    ]
