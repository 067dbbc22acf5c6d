"""Every load records what it changed, so that a change feed can be read from the graph.

A sequence of loads on a small hand-written dataset, checking the properties each load leaves:
the run's ordinal, per node and per field the run that last changed it, visibility moving and
reaching the rows that link to what moved, and retirements with their tombstones.
"""

from pathlib import Path
from typing import Any

import pytest

from graph_service.cli.load import summary_line
from graph_service.loaders.dataset.load import LoadReport, load_dataset
from graph_service.loaders.dataset.prepare import field_hashes
from graph_service.loaders.dataset.reader import read_dataset
from graph_service.loaders.dataset.rows import RetirableEntity, ReviewRow
from graph_service.loaders.dataset.schema import ENTITIES
from graph_service.loaders.dataset.validation import parse
from graph_service.loaders.reference import load_reference
from graph_service.repository import DatasetRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.loaders.datasets import write_csv, write_jsonl

REVIEW_FIELDS = list(ReviewRow.model_fields)
TRACKED = {
    "Agency",
    "Review",
    "Finding",
    "Recommendation",
    "Briefing",
    "PracticeChange",
    "Outcome",
    "ImrAssessment",
    "GovernanceRecord",
    "Resource",
}


@pytest.fixture
async def repository(store: GraphStore) -> DatasetRepository:
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return DatasetRepository(store)


def _reviews() -> list[dict[str, Any]]:
    return [
        {
            "review_id": "R1",
            "title": "Child Q",
            "review_type": "CSPR",
            "status": "published",
            "published_on": "2022-03-01",
            "force_ids": ["metropolitan"],
            "agency_ids": ["A1"],
            "related_review_ids": ["R2"],
        },
        {
            "review_id": "R2",
            "title": "Adult D",
            "review_type": "SAR",
            "status": "published",
            "published_on": "2023-05-01",
            "force_ids": ["kent"],
        },
        {
            "review_id": "R3",
            "title": "Child T",
            "review_type": "CSPR",
            "status": "in_progress",
            "force_ids": ["kent"],
            "agency_ids": ["A2"],
        },
    ]


def _dataset(folder: Path) -> Path:
    """Three reviews (R3 unpublished) with findings, a recommendation and what followed."""
    write_csv(
        folder,
        "agencies",
        [
            {"agency_id": "A1", "name": "Children's services", "sector": "childrens_social_care"},
            {"agency_id": "A2", "name": "Health board", "sector": "health_acute"},
        ],
    )
    write_csv(folder, "reviews", _reviews())
    write_jsonl(
        folder,
        "findings",
        [
            {
                "finding_id": "R1-F1",
                "review_id": "R1",
                "text": "No child voice.",
                "kind": "observation",
            },
            {
                "finding_id": "R1-F2",
                "review_id": "R1",
                "text": "Late referral.",
                "kind": "observation",
            },
            {
                "finding_id": "R2-F1",
                "review_id": "R2",
                "text": "Good joint visit.",
                "kind": "good_practice",
            },
            {
                "finding_id": "R3-F1",
                "review_id": "R3",
                "text": "Missed disclosure.",
                "kind": "observation",
            },
        ],
    )
    write_csv(
        folder,
        "recommendations",
        [
            {
                "recommendation_id": "R2-REC1",
                "review_id": "R2",
                "text": "Repeat joint visits.",
                "addressed_to": ["kent"],
                "addresses_findings": ["R2-F1"],
                "level": "local",
            }
        ],
    )
    write_csv(
        folder,
        "briefings",
        [
            {
                "briefing_id": "B1",
                "title": "Learning from reviews",
                "kind": "newsletter",
                "cites_reviews": ["R2", "R3"],
            },
            {
                "briefing_id": "B2",
                "title": "Curiosity",
                "kind": "newsletter",
                "cites_findings": ["R1-F1"],
            },
        ],
    )
    write_csv(
        folder,
        "practice_changes",
        [
            {
                "change_id": "PC1",
                "agency_id": "kent",
                "description": "Joint visits as standard.",
                "change_type": "procedure",
                "status": "implemented",
                "implements": ["R2-REC1"],
            }
        ],
    )
    return folder


def _reviews_only(folder: Path, **changes: dict[str, Any]) -> Path:
    """A dataset of the reviews alone, each changed as given."""
    write_csv(
        folder, "reviews", [{**row, **changes.get(row["review_id"], {})} for row in _reviews()]
    )
    return folder


async def _load(folder: Path, repository: DatasetRepository) -> LoadReport:
    report = await load_dataset(folder, repository)
    assert [str(p) for p in report.problems] == []
    return report


async def _nodes(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Every dataset node and tombstone by '<label>/<id>' (tombstones by their key)."""
    nodes: dict[str, dict[str, Any]] = {}
    for row in await store.read("test/node_properties"):
        labels, properties = row["labels"], row["properties"]
        if labels == ["Retired"]:
            nodes[f"Retired/{properties['key']}"] = properties
        elif TRACKED & set(labels) and "Force" not in labels:
            [label] = TRACKED & set(labels)
            nodes[f"{label}/{properties['id']}"] = properties
    return nodes


def _field_runs(node: dict[str, Any], fields: list[str]) -> dict[str, int]:
    return dict(zip(fields, node["fieldChangedIn"], strict=True))


def test_the_retirable_entities_are_the_entities_of_the_import_format() -> None:
    assert {entity.value for entity in RetirableEntity} == {entity.stem for entity in ENTITIES}


async def test_each_load_stamps_what_it_changed_with_its_ordinal(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = _dataset(tmp_path / "first")
    await _load(folder, repository)
    first = await _nodes(store)
    assert set(first) == {
        "Agency/A1",
        "Agency/A2",
        "Review/R1",
        "Review/R2",
        "Review/R3",
        "Finding/R1-F1",
        "Finding/R1-F2",
        "Finding/R2-F1",
        "Finding/R3-F1",
        "Recommendation/R2-REC1",
        "Briefing/B1",
        "Briefing/B2",
        "PracticeChange/PC1",
    }
    for key, node in first.items():
        assert node["createdIn"] == node["changedIn"] == 1, key
        assert set(node["fieldChangedIn"]) == {1}, key
        assert node.get("linksChangedIn") is None, key
    # One hash per import-format field, in the row model's order, from the validated row.
    parsed, _ = parse(read_dataset(folder))
    [r1_row] = [p.row for p in parsed.of("reviews") if p.row.review_id == "R1"]
    assert first["Review/R1"]["fieldHashes"] == field_hashes(r1_row)
    assert len(first["Finding/R1-F1"]["fieldHashes"]) == len(ENTITIES[2].model.model_fields)
    # Visible from the start, or hidden (R3 is unpublished, and so is its finding).
    assert first["Review/R1"]["everPublic"] is True
    assert first["Review/R1"]["publicSince"] == 1
    assert first["Briefing/B1"]["everPublic"] is True
    assert first["Briefing/B1"]["publicSince"] == 1
    for hidden in ("Review/R3", "Finding/R3-F1"):
        assert first[hidden]["everPublic"] is False
        assert first[hidden].get("publicSince") is None

    # The same dataset again changes nothing, though it is a run of its own.
    again = await _load(folder, repository)
    assert all(summary.unchanged == summary.rows for summary in again.entities.values())
    assert await _nodes(store) == first

    # Third run: R1's title changes, R2 goes under embargo, R3 is published.
    await _load(
        _reviews_only(
            tmp_path / "third",
            R1={"title": "Child Q (2022)"},
            R2={"restricted": "true"},
            R3={"status": "published", "published_on": "2024-01-10"},
        ),
        repository,
    )
    runs = sorted(await store.read("test/run_ordinals"), key=lambda run: run["startedAt"])
    assert [run["ordinal"] for run in runs] == [1, 2, 3]
    third = await _nodes(store)
    r1 = third["Review/R1"]
    assert (r1["createdIn"], r1["changedIn"]) == (1, 3)
    assert {name for name, run in _field_runs(r1, REVIEW_FIELDS).items() if run == 3} == {"title"}
    r2 = third["Review/R2"]
    assert r2["changedIn"] == 3
    assert {name for name, run in _field_runs(r2, REVIEW_FIELDS).items() if run == 3} == {
        "restricted"
    }
    assert (r2["everPublic"], r2.get("publicSince")) == (True, None)
    # The embargo reached R2's finding and recommendation in the same write.
    for dependent in ("Finding/R2-F1", "Recommendation/R2-REC1"):
        node = third[dependent]
        assert node["restricted"] is True
        assert (node["changedIn"], node["everPublic"], node.get("publicSince")) == (3, True, None)
        assert set(node["fieldChangedIn"]) == {1}  # its own row did not change
    # Publishing R3 made it and its finding visible in this run.
    for published in ("Review/R3", "Finding/R3-F1"):
        node = third[published]
        assert (node["changedIn"], node["everPublic"], node["publicSince"]) == (3, True, 3)
    # Rows not loaded again whose links now lead to hidden material changed for readers:
    # the briefing citing R2, R1 related to it, the change implementing its recommendation.
    for neighbour in ("Briefing/B1", "Review/R1", "PracticeChange/PC1"):
        assert third[neighbour]["changedIn"] == 3, neighbour
        assert third[neighbour]["linksChangedIn"] == 3, neighbour
    assert set(third["Briefing/B1"]["fieldChangedIn"]) == {1}
    # Untouched: what links to nothing that moved.
    for untouched in ("Agency/A1", "Briefing/B2", "Finding/R1-F1"):
        assert third[untouched] == first[untouched], untouched

    # Lifting the embargo publishes R2 again, from this run on.
    await _load(_reviews_only(tmp_path / "fourth"), repository)
    fourth = await _nodes(store)
    for node in (fourth["Review/R2"], fourth["Finding/R2-F1"]):
        assert (node["changedIn"], node["everPublic"], node["publicSince"]) == (4, True, 4)
    assert fourth["Briefing/B1"]["linksChangedIn"] == 4


async def test_a_restriction_a_finding_takes_from_its_new_review_is_a_change(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    await _load(_dataset(tmp_path / "first"), repository)
    moved = tmp_path / "moved"
    write_jsonl(
        moved,
        "findings",
        [
            {
                "finding_id": "R1-F1",
                "review_id": "R3",
                "text": "No child voice.",
                "kind": "observation",
            }
        ],
    )
    await _load(moved, repository)
    nodes = await _nodes(store)
    finding = nodes["Finding/R1-F1"]
    assert (finding["restricted"], finding["changedIn"], finding.get("publicSince")) == (
        True,
        2,
        None,
    )
    assert finding["everPublic"] is True
    assert _field_runs(finding, list(ENTITIES[2].model.model_fields))["review_id"] == 2
    # B2 quotes the finding, which readers no longer see.
    assert nodes["Briefing/B2"]["linksChangedIn"] == 2


async def test_retiring_leaves_a_tombstone_and_changes_what_linked_to_it(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    await _load(_dataset(tmp_path / "first"), repository)
    # R3 was never public; published now, then retired with its finding, and R1-F2 alone.
    await _load(
        _reviews_only(
            tmp_path / "publish", R3={"status": "published", "published_on": "2024-01-10"}
        ),
        repository,
    )
    before = await _nodes(store)
    counts = {row["id"]: row["findingCount"] for row in await store.read("test/derived_reviews")}
    assert counts["R1"] == 2
    retiring = tmp_path / "retire"
    write_csv(
        retiring,
        "retirements",
        [
            {"entity": "reviews", "id": "R3"},
            {"entity": "findings", "id": "R3-F1"},
            {"entity": "findings", "id": "R1-F2"},
        ],
    )
    report = await _load(retiring, repository)
    assert {stem: s.retired for stem, s in report.entities.items()} == {"findings": 2, "reviews": 1}
    assert "(0 created, 0 updated, 0 unchanged, 3 retired)" in summary_line(report)
    after = await _nodes(store)
    for gone in ("Review/R3", "Finding/R3-F1", "Finding/R1-F2"):
        assert gone not in after
    assert after["Retired/reviews/R3"] == {
        "key": "reviews/R3",
        "kind": "reviews",
        "id": "R3",
        "changedIn": 3,
        "everPublic": True,
    }
    assert after["Retired/findings/R1-F2"]["changedIn"] == 3
    # What linked to them shows a link less: changed in this run, and written again next time.
    for neighbour in ("Briefing/B1", "Agency/A2", "Review/R1"):
        node = after[neighbour]
        assert (node["changedIn"], node["linksChangedIn"], node.get("rowHash")) == (3, 3, None)
        assert node["fieldChangedIn"] == before[neighbour]["fieldChangedIn"]
    cited = await store.read("test/briefing_citations", {"id": "B1"})
    assert cited == [{"reviews": ["R2"]}]
    # Derived data follows: R1 has one finding left.
    counts = {row["id"]: row["findingCount"] for row in await store.read("test/derived_reviews")}
    assert counts == {"R1": 1, "R2": 1}

    # Retiring what is already retired changes nothing, so the dataset loads again.
    again = await _load(retiring, repository)
    assert {stem: s.retired for stem, s in again.entities.items()} == {}
    assert await _nodes(store) == after

    # A later load of B1 writes its row again, though it did not change.
    reloaded = await _load(_dataset(tmp_path / "whole"), repository)
    assert reloaded.entities["briefings"].updated == 1
    nodes = await _nodes(store)
    assert nodes["Briefing/B1"]["rowHash"] is not None
    # R3 and R3-F1 loaded again: new entities, and their tombstones are gone.
    assert "Retired/reviews/R3" not in nodes
    assert "Retired/findings/R3-F1" not in nodes
    assert "Retired/findings/R1-F2" not in nodes
    assert nodes["Review/R3"]["createdIn"] == nodes["Review/R3"]["changedIn"] == 5
    assert reloaded.entities["reviews"].created == 1


async def test_retirements_are_validated_before_anything_is_written(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    await _load(_dataset(tmp_path / "first"), repository)
    before = await _nodes(store)
    folder = tmp_path / "bad"
    write_csv(
        folder,
        "retirements",
        [
            {"entity": "cases", "id": "X1"},
            {"entity": "reviews", "id": "R9"},
            {"entity": "reviews", "id": "R2"},
            {"entity": "reviews", "id": "R2"},
            {"entity": "agencies", "id": "metropolitan"},
            {"entity": "agencies", "id": "kent"},
            {"entity": "reviews", "id": "R1"},
            {"entity": "findings", "id": "R1-F1"},
        ],
    )
    write_csv(folder, "reviews", [_reviews()[0]])
    write_csv(
        folder,
        "briefings",
        [
            {
                "briefing_id": "B3",
                "title": "Digest",
                "kind": "newsletter",
                "cites_findings": ["R1-F1"],
            }
        ],
    )
    report = await load_dataset(folder, repository)
    assert [str(p) for p in report.problems] == [
        "reviews.csv:2: related_review_ids: review 'R2' is retired by retirements.csv:4; "
        "a row cannot refer to what its dataset retires",
        "briefings.csv:2: cites_findings: finding 'R1-F1' is retired by retirements.csv:9; "
        "a row cannot refer to what its dataset retires",
        "retirements.csv:2: entity: 'cases' is not allowed: input should be 'agencies', "
        "'reviews', 'findings', 'recommendations', 'briefings', 'practice_changes', "
        "'outcomes', 'imr_assessments', 'governance' or 'resources'",
        "retirements.csv:3: id: unknown review 'R9': not in the graph",
        "retirements.csv:4: id: findings 'R2-F1' in the graph still name review 'R2' "
        "(review_id); retire them in the same file, or change them in this dataset",
        "retirements.csv:4: id: recommendations 'R2-REC1' in the graph still name review 'R2' "
        "(review_id); retire them in the same file, or change them in this dataset",
        "retirements.csv:5: entity+id: duplicate 'reviews/R2'; first on line 4",
        "retirements.csv:6: id: 'metropolitan' is a police force; forces come from the "
        "reference data and cannot be retired",
        "retirements.csv:7: id: 'kent' is a police force; forces come from the reference data "
        "and cannot be retired",
        "retirements.csv:8: id: review 'R1' is loaded by reviews.csv:2; a dataset cannot both "
        "load and retire an entity",
    ]
    assert report.run_id is None
    assert await _nodes(store) == before


async def test_what_needs_a_retired_agency_or_change_is_named(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = _dataset(tmp_path / "first")
    write_csv(
        folder,
        "recommendations",
        [
            {
                "recommendation_id": "R2-REC1",
                "review_id": "R2",
                "text": "Repeat joint visits.",
                "addressed_to": ["A1"],
                "level": "local",
            },
            {
                "recommendation_id": "R2-REC2",
                "review_id": "R2",
                "text": "Share the plan.",
                "addressed_to": ["A1", "A2"],
                "level": "local",
            },
        ],
    )
    write_csv(
        folder,
        "practice_changes",
        [
            {
                "change_id": "PC1",
                "agency_id": "A1",
                "description": "Joint visits as standard.",
                "change_type": "procedure",
                "status": "implemented",
            }
        ],
    )
    write_csv(
        folder,
        "outcomes",
        [
            {
                "outcome_id": "O1",
                "change_id": "PC1",
                "description": "More visits.",
                "direction": "improved",
            }
        ],
    )
    write_csv(
        folder,
        "imr_assessments",
        [{"assessment_id": "IMR1", "review_id": "R1", "agency_id": "A1"}],
    )
    await _load(folder, repository)
    retiring = tmp_path / "retire"
    write_csv(
        retiring,
        "retirements",
        [{"entity": "agencies", "id": "A1"}, {"entity": "practice_changes", "id": "PC1"}],
    )
    report = await load_dataset(retiring, repository)
    assert [str(p) for p in report.problems] == [
        "retirements.csv:2: id: IMR assessments 'IMR1' in the graph still name agency 'A1' "
        "(agency_id); retire them in the same file, or change them in this dataset",
        "retirements.csv:2: id: recommendations 'R2-REC1' in the graph would have no addressee "
        "left (addressed_to); retire them in the same file, or change them in this dataset",
        "retirements.csv:3: id: outcomes 'O1' in the graph still name practice change 'PC1' "
        "(change_id); retire them in the same file, or change them in this dataset",
    ]
    # Retired or changed alongside, they need nothing: the load goes through.
    write_csv(
        retiring,
        "retirements",
        [
            {"entity": "agencies", "id": "A1"},
            {"entity": "practice_changes", "id": "PC1"},
            {"entity": "outcomes", "id": "O1"},
            {"entity": "imr_assessments", "id": "IMR1"},
            {"entity": "governance", "id": "metropolitan:2024-01-01"},
        ],
    )
    write_csv(
        retiring,
        "recommendations",
        [
            {
                "recommendation_id": "R2-REC1",
                "review_id": "R2",
                "text": "Repeat joint visits.",
                "addressed_to": ["A2"],
                "level": "local",
            }
        ],
    )
    report = await load_dataset(retiring, repository)
    assert [str(p) for p in report.problems] == [
        "retirements.csv:6: id: unknown governance record 'metropolitan:2024-01-01': not in "
        "the graph"
    ]
    write_csv(
        retiring,
        "retirements",
        [
            {"entity": "agencies", "id": "A1"},
            {"entity": "practice_changes", "id": "PC1"},
            {"entity": "outcomes", "id": "O1"},
            {"entity": "imr_assessments", "id": "IMR1"},
        ],
    )
    report = await _load(retiring, repository)
    assert {stem: s.retired for stem, s in report.entities.items() if s.retired} == {
        "agencies": 1,
        "practice_changes": 1,
        "outcomes": 1,
        "imr_assessments": 1,
    }
    nodes = await _nodes(store)
    # R2-REC2 lost one of its two addressees: a link less, so it changed.
    assert nodes["Recommendation/R2-REC2"]["linksChangedIn"] == 2
    assert {key for key in nodes if key.startswith("Retired/")} == {
        "Retired/agencies/A1",
        "Retired/practice_changes/PC1",
        "Retired/outcomes/O1",
        "Retired/imr_assessments/IMR1",
    }


async def test_a_node_written_before_change_tracking_has_every_field_changed(
    repository: DatasetRepository, store: GraphStore, tmp_path: Path
) -> None:
    folder = _dataset(tmp_path / "first")
    await _load(folder, repository)
    await store.write("test/forget_change_tracking", {"id": "R1"})
    report = await _load(folder, repository)
    # Its content did not change: the summary says so, and its other properties stay.
    assert report.entities["reviews"].unchanged == 3
    nodes = await _nodes(store)
    r1 = nodes["Review/R1"]
    assert (r1["createdIn"], r1["changedIn"], r1["everPublic"], r1["publicSince"]) == (
        2,
        2,
        True,
        2,
    )
    assert set(r1["fieldChangedIn"]) == {2}
    assert nodes["Review/R2"]["changedIn"] == 1
