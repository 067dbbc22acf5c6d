"""Synthetic dataset generator: deterministic, in the import format, internally consistent."""

import csv
import json
import re
import shutil
import statistics
import string
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph_service.errors import GeneratorDataError, GraphServiceError
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import read_reference
from graph_service.loaders.synthetic_tables import (
    SYNTHETIC_DIR,
    read_synthetic_tables,
    synthetic_tables,
)

ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The import format's fields, written out here so the test checks the contract itself.
CSV_FIELDS = {
    "agencies": ["agency_id", "name", "sector", "area"],
    "reviews": [
        "review_id",
        "title",
        "review_type",
        "status",
        "restricted",
        "published_on",
        "initiated_on",
        "force_ids",
        "commissioned_by",
        "agency_ids",
        "strands",
        "subject_age_group",
        "summary",
        "source_url",
        "related_review_ids",
    ],
    "recommendations": [
        "recommendation_id",
        "review_id",
        "text",
        "addressed_to",
        "addresses_findings",
        "level",
        "made_on",
        "status",
        "status_updated_on",
    ],
    "practice_changes": [
        "change_id",
        "agency_id",
        "description",
        "change_type",
        "status",
        "implements",
        "informed_by_briefings",
        "started_on",
        "completed_on",
        "evidence",
    ],
    "outcomes": [
        "outcome_id",
        "change_id",
        "description",
        "direction",
        "observed_on",
        "measure",
        "value",
        "baseline",
        "evidence_url",
    ],
    "briefings": [
        "briefing_id",
        "title",
        "kind",
        "published_on",
        "url",
        "covers_issues",
        "covers_themes",
        "cites_reviews",
        "cites_findings",
    ],
    "governance": [
        "force_id",
        "recorded_on",
        "has_review_team",
        "review_lead_role",
        "oversight_board",
        "recommendation_tracking",
        "imr_signoff_role",
        "notes",
    ],
    "resources": [
        "resource_id",
        "title",
        "kind",
        "shared_by",
        "shared_on",
        "url",
        "issues",
        "themes",
    ],
}
JSONL_FIELDS = {
    "findings": {
        "finding_id",
        "review_id",
        "text",
        "kind",
        "perennial_issues",
        "themes",
        "systems_factors",
        "agency_ids",
    },
    "imr_assessments": {
        "assessment_id",
        "review_id",
        "agency_id",
        "assessed_on",
        "assessor_role",
        "scores",
        "comment",
    },
}
ID_FIELD = {
    "agencies": "agency_id",
    "reviews": "review_id",
    "findings": "finding_id",
    "recommendations": "recommendation_id",
    "practice_changes": "change_id",
    "outcomes": "outcome_id",
    "imr_assessments": "assessment_id",
    "briefings": "briefing_id",
    "resources": "resource_id",
}


class Dataset:
    """A generated dataset read back: CSV rows as strings, JSONL rows as decoded objects."""

    def __init__(self, folder: Path, counts: dict[str, int]) -> None:
        self.folder = folder
        self.counts = counts
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.headers: dict[str, list[str]] = {}
        for stem in CSV_FIELDS:
            with (folder / f"{stem}.csv").open(encoding="utf-8", newline="") as file:
                reader = csv.DictReader(file)
                self.rows[stem] = list(reader)
                self.headers[stem] = list(reader.fieldnames or [])
        for stem in JSONL_FIELDS:
            lines = (folder / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
            self.rows[stem] = [json.loads(line) for line in lines]

    def __getitem__(self, stem: str) -> list[dict[str, Any]]:
        return self.rows[stem]


def split(cell: str) -> list[str]:
    return cell.split(";") if cell else []


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("small") / "data"
    return Dataset(folder, generate_dataset(folder, reviews=60, seed=11))


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("medium") / "data"
    return Dataset(folder, generate_dataset(folder, reviews=300, seed=4))


@pytest.fixture(scope="module")
def reference() -> dict[str, list[dict[str, Any]]]:
    return {taxonomy.name: taxonomy.rows for taxonomy in read_reference()}


def codes(reference: dict[str, list[dict[str, Any]]], name: str) -> set[str]:
    return {row["code"] for row in reference[name]}


def test_the_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate_dataset(tmp_path / "a", reviews=60, seed=5)
    second = generate_dataset(tmp_path / "b", reviews=60, seed=5)
    assert first == second
    names = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert names == sorted(path.name for path in (tmp_path / "b").iterdir())
    assert len(names) == 11  # ten entity files and dataset.yaml
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_different_seed_gives_different_data(tmp_path: Path) -> None:
    generate_dataset(tmp_path / "a", reviews=60, seed=5)
    generate_dataset(tmp_path / "b", reviews=60, seed=6)
    for name in ("reviews.csv", "findings.jsonl", "recommendations.csv"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes()


def test_the_files_follow_the_import_format(small: Dataset) -> None:
    for stem, fields in CSV_FIELDS.items():
        assert small.headers[stem] == fields, stem
        assert not (small.folder / f"{stem}.jsonl").exists()
        text = (small.folder / f"{stem}.csv").read_text(encoding="utf-8")
        assert "\r" not in text
    for stem, keys in JSONL_FIELDS.items():
        assert not (small.folder / f"{stem}.csv").exists()
        for line in (small.folder / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            assert set(obj) <= keys
            assert None not in obj.values()
            assert line == json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for row in small["reviews"]:
        assert row["restricted"] in ("true", "false")
    for row in small["governance"]:
        assert row["has_review_team"] in ("true", "false")


def test_the_manifest_says_the_data_is_synthetic(small: Dataset) -> None:
    manifest = yaml.safe_load((small.folder / "dataset.yaml").read_text(encoding="utf-8"))
    assert set(manifest) == {"name", "description", "source", "format_version"}
    assert manifest["source"] == "synthetic"
    assert manifest["format_version"] == 1
    assert "SYNTHETIC" in manifest["description"]
    assert "seed 11" in manifest["description"]
    assert "60 reviews" in manifest["description"]


def test_the_counts_returned_match_the_rows_written(small: Dataset) -> None:
    assert set(small.counts) == set(CSV_FIELDS) | set(JSONL_FIELDS)
    for stem, count in small.counts.items():
        assert len(small[stem]) == count, stem
    assert small.counts["reviews"] == 60
    assert small.counts["briefings"] == 60 // 50 + 5
    assert small.counts["resources"] == 60 // 100 + 5


def test_ids_are_valid_and_unique_per_file(small: Dataset) -> None:
    for stem, field in ID_FIELD.items():
        ids = [row[field] for row in small[stem]]
        assert all(ID.match(i) for i in ids), stem
        assert len(set(ids)) == len(ids), stem
    governance = [(row["force_id"], row["recorded_on"]) for row in small["governance"]]
    assert len(set(governance)) == len(governance)


def test_every_reference_resolves(
    small: Dataset, reference: dict[str, list[dict[str, Any]]]
) -> None:
    forces = codes(reference, "forces")
    agencies = {row["agency_id"] for row in small["agencies"]} | forces
    reviews = {row["review_id"]: row for row in small["reviews"]}
    review_agencies = {rid: set(split(row["agency_ids"])) for rid, row in reviews.items()}
    findings = {row["finding_id"]: row for row in small["findings"]}
    recommendations = {row["recommendation_id"]: row for row in small["recommendations"]}
    changes = {row["change_id"] for row in small["practice_changes"]}
    briefings = {row["briefing_id"] for row in small["briefings"]}

    for row in small["reviews"]:
        assert set(split(row["force_ids"])) <= set(split(row["agency_ids"]))
        assert set(split(row["agency_ids"])) <= agencies
        assert set(split(row["related_review_ids"])) <= set(reviews)
    for row in findings.values():
        assert row["review_id"] in reviews
        assert set(row["agency_ids"]) <= review_agencies[row["review_id"]]
    for row in recommendations.values():
        assert row["review_id"] in reviews
        addressed = split(row["addresses_findings"])
        assert 1 <= len(addressed) <= 3
        assert all(findings[f]["review_id"] == row["review_id"] for f in addressed)
        assert 1 <= len(split(row["addressed_to"])) <= 2
        assert set(split(row["addressed_to"])) <= review_agencies[row["review_id"]]
    for row in small["practice_changes"]:
        implemented = split(row["implements"])
        assert 1 <= len(implemented) <= 2
        assert set(implemented) <= set(recommendations)
        assert any(
            row["agency_id"] in split(recommendations[r]["addressed_to"]) for r in implemented
        )
        assert set(split(row["informed_by_briefings"])) <= briefings
    for row in small["outcomes"]:
        assert row["change_id"] in changes
    for row in small["imr_assessments"]:
        assert row["agency_id"] in review_agencies[row["review_id"]]
    for row in small["briefings"]:
        for cited in split(row["cites_reviews"]):
            assert reviews[cited]["status"] == "published"
        assert set(split(row["cites_findings"])) <= set(findings)


def test_every_code_is_in_the_reference_taxonomies(
    medium: Dataset, reference: dict[str, list[dict[str, Any]]]
) -> None:
    forces = codes(reference, "forces")
    issues = codes(reference, "perennial_issues")
    themes = codes(reference, "themes")
    sectors = codes(reference, "agency_sectors")
    factors = codes(reference, "systems_factors")
    issue_theme = {row["code"]: row["theme"] for row in reference["perennial_issues"]}

    assert {row["sector"] for row in medium["agencies"]} <= sectors - {"police"}
    assert not {row["agency_id"] for row in medium["agencies"]} & forces
    for row in medium["reviews"]:
        assert row["review_type"] in codes(reference, "review_types")
        assert set(split(row["force_ids"])) <= forces
        assert set(split(row["strands"])) <= codes(reference, "strands")
    for row in medium["findings"]:
        assert set(row["perennial_issues"]) <= issues
        assert set(row["themes"]) == {issue_theme[i] for i in row["perennial_issues"]}
        for factor in row["systems_factors"]:
            code, effect = factor.split(":")
            assert code in factors
            assert effect in ("supports", "hinders")
    for row in medium["imr_assessments"]:
        assert set(row["scores"]) <= codes(reference, "imr_criteria")
        assert all(0 <= score <= 3 for score in row["scores"].values())
    for row in medium["briefings"]:
        assert set(split(row["covers_issues"])) <= issues
        assert set(split(row["covers_themes"])) <= themes
    for row in medium["resources"]:
        assert row["shared_by"] in forces
        assert set(split(row["issues"])) <= issues
        assert set(split(row["themes"])) <= themes
    territorial = {row["code"] for row in reference["forces"] if row["kind"] == "territorial"}
    assert {row["force_id"] for row in medium["governance"]} == territorial


def test_review_types_fit_their_time_and_country(
    medium: Dataset, reference: dict[str, list[dict[str, Any]]]
) -> None:
    country = {row["code"]: row["country"] for row in reference["forces"]}
    jurisdiction = {row["code"]: row["jurisdiction"] for row in reference["review_types"]}
    for row in medium["reviews"]:
        review_type = row["review_type"]
        countries = {country[f] for f in split(row["force_ids"])}
        if jurisdiction[review_type] == "wales":
            assert countries == {"wales"}, row
        if jurisdiction[review_type] == "england":
            assert "wales" not in countries, row
        initiated = row["initiated_on"]
        if review_type == "SCR":
            assert initiated < "2018-06-29"
            assert row["published_on"][:4] <= "2018"
        if review_type == "CSPR":
            assert initiated >= "2018-06-29"
        if review_type in ("CPR", "APR"):
            assert initiated < "2024-10-01"
        if review_type == "SUSR":
            assert initiated >= "2024-10-01"
        if review_type == "OWHR":
            assert initiated >= "2023-04-01"
        assert "2011" <= initiated[:4] <= "2026"
    counts = Counter(row["review_type"] for row in medium["reviews"])
    common = {code for code, _ in counts.most_common(4)}
    assert "DHR" in common
    assert "SAR" in common
    assert common & {"SCR", "CSPR"}


def test_dates_are_well_formed_and_in_order(medium: Dataset) -> None:
    for row in medium["reviews"]:
        if row["status"] == "published":
            assert DAY.match(row["published_on"])
            assert row["initiated_on"] < row["published_on"]
        else:
            assert row["published_on"] == ""
            assert row["restricted"] == "true"
    for row in medium["recommendations"]:
        if row["status_updated_on"]:
            assert row["made_on"] < row["status_updated_on"]
    made = {row["recommendation_id"]: row["made_on"] for row in medium["recommendations"]}
    started: dict[str, str] = {}
    for row in medium["practice_changes"]:
        assert DAY.match(row["started_on"])
        assert all(made[r] < row["started_on"] for r in split(row["implements"]))
        if row["completed_on"]:
            assert row["status"] in ("implemented", "embedded")
            assert row["completed_on"] >= row["started_on"]
        started[row["change_id"]] = row["started_on"]
    for row in medium["outcomes"]:
        assert row["observed_on"] > started[row["change_id"]]
    for stem in medium.rows:
        for row in medium[stem]:
            for key, value in row.items():
                if key.endswith("_on") and value:
                    assert date.fromisoformat(value).year <= 2026, (stem, key)


def test_the_shape_is_plausible(medium: Dataset) -> None:
    per_review = Counter(row["review_id"] for row in medium["findings"])
    assert set(per_review) == {row["review_id"] for row in medium["reviews"]}
    assert all(5 <= n <= 15 for n in per_review.values())
    recs = Counter(row["review_id"] for row in medium["recommendations"])
    assert all(2 <= n <= 8 for n in recs.values())
    for row in medium["reviews"]:
        assert 1 <= len(split(row["force_ids"])) <= 2
        assert 3 <= len(split(row["agency_ids"])) <= 8
    statuses = Counter(row["status"] for row in medium["reviews"])
    assert statuses["published"] > sum(statuses.values()) / 2
    kinds = Counter(row["kind"] for row in medium["findings"])
    assert kinds.most_common(1)[0][0] == "missed_opportunity"
    texts = Counter(row["text"] for row in medium["recommendations"])
    assert texts.most_common(1)[0][1] > 1  # some recommendations repeat across reviews
    assert 200 <= len(medium["agencies"]) <= 900


def test_a_few_perennial_issues_dominate(
    medium: Dataset, reference: dict[str, list[dict[str, Any]]]
) -> None:
    uses = Counter(issue for row in medium["findings"] for issue in row["perennial_issues"])
    counts = [uses.get(code, 0) for code in codes(reference, "perennial_issues")]
    assert max(counts) >= 3 * statistics.median(counts)
    top = uses.most_common(1)[0][0]
    reviews = {row["review_id"]: row["review_type"] for row in medium["reviews"]}
    types = {
        reviews[row["review_id"]] for row in medium["findings"] if top in row["perennial_issues"]
    }
    assert len(types) >= 4  # the dominant issue recurs across review types


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("already here", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        generate_dataset(tmp_path, reviews=5, seed=1)
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "data"
    target.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="not a folder"):
        generate_dataset(target, reviews=5, seed=1)


def test_fewer_than_one_review_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate_dataset(tmp_path / "data", reviews=0, seed=1)
    assert not (tmp_path / "data").exists()


def test_an_existing_empty_folder_is_used(tmp_path: Path) -> None:
    counts = generate_dataset(tmp_path, reviews=1, seed=1)
    assert counts["reviews"] == 1
    assert (tmp_path / "dataset.yaml").is_file()


# -- the generator's tables --------------------------------------------------------------------


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_shipped_tables_are_read_once_and_none_is_empty() -> None:
    tables = synthetic_tables()
    assert synthetic_tables() is tables
    for part, group in tables:
        for name, table in group:
            if name in ("factor_weight", "sector_weight"):  # unlisted entries weigh a default
                continue
            assert table, f"{part}.{name} is empty"
            if isinstance(table, tuple):
                assert all(item is None or item.strip() for item in table), f"{part}.{name}"
    weights = [
        tables.reviews.status,
        tables.reviews.susr_families,
        tables.findings.kind,
        tables.recommendations.level,
        tables.recommendations.change_type,
        tables.recommendations.direction,
        tables.briefings.kind,
        tables.resources.kind,
        *tables.reviews.strands.values(),
        *tables.recommendations.change_status.values(),
    ]
    assert all(sum(table.values()) > 0 for table in weights)
    counts = [tables.findings.issues_per_finding, *tables.findings.factors_per_kind.values()]
    assert all(min(table) >= 0 and sum(table.values()) > 0 for table in counts)
    assert len(tables.agencies.extra_sectors) >= 2  # two are drawn per force area


def test_every_template_uses_only_what_the_generator_fills() -> None:
    tables = synthetic_tables()
    expected = {
        "agency names": (tables.agencies.agency_names.values(), {"area"}),
        "commissioners": (
            [*tables.reviews.commissioners.values(), tables.reviews.commissioner_of_other_types],
            {"area"},
        ),
        "finding texts": (
            [text for texts in tables.findings.templates.values() for text in texts],
            {"actor", "actor_lc", "action", "event", "slip", "signal", "good_act", "context"}
            | {"issue", "issue_cap"},
        ),
        "change descriptions": (
            tables.recommendations.change_description.values(),
            {"issue", "audience", "unit"},
        ),
        "measures": (tables.recommendations.measures, {"issue"}),
        "briefing titles": (tables.briefings.title.values(), {"issue", "month"}),
        "resource titles": (tables.resources.title.values(), {"issue"}),
    }
    for what, (templates, fields) in expected.items():
        for template in templates:
            assert _placeholders(template) <= fields, f"{what}: {template!r}"
    for text in tables.recommendations.common:
        # {who} is the addressee; every other brace holds alternatives split by "|".
        assert text.startswith("{who} should "), text
        assert all(name == "who" or "|" in name for name in _placeholders(text)), text


def test_every_code_in_the_tables_is_in_the_reference_taxonomies(
    reference: dict[str, list[dict[str, Any]]],
) -> None:
    tables = synthetic_tables()
    review_types = codes(reference, "review_types")
    assert set(tables.reviews.issue_order) <= codes(reference, "perennial_issues")
    assert set(tables.reviews.family_of_type) <= review_types
    assert set(tables.reviews.type_weights) <= review_types
    assert set(tables.reviews.commissioners) <= review_types
    assert set(tables.reviews.force_weight) <= codes(reference, "forces")
    strands = codes(reference, "strands")
    assert all(set(weights) <= strands for weights in tables.reviews.strands.values())
    assert set(tables.findings.factor_weight) <= codes(reference, "systems_factors")
    sectors = codes(reference, "agency_sectors")
    assert set(tables.agencies.agency_names) <= sectors
    assert all(set(weights) <= sectors for weights in tables.agencies.sector_weight.values())


@pytest.fixture
def table_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "synthetic"
    shutil.copytree(SYNTHETIC_DIR, folder)
    return folder


def _edit_table(folder: Path, file: str, key: str, value: object) -> None:
    path = folder / f"{file}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document[key] = value
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def test_a_copy_of_the_shipped_tables_reads_the_same(table_folder: Path) -> None:
    assert read_synthetic_tables(table_folder) == synthetic_tables()


def test_a_missing_table_file_is_named(table_folder: Path) -> None:
    (table_folder / "findings.yaml").unlink()
    with pytest.raises(GeneratorDataError, match=r"findings\.yaml: generator data file is missing"):
        read_synthetic_tables(table_folder)
    assert issubclass(GeneratorDataError, GraphServiceError)


def test_a_table_file_that_is_not_yaml_is_named(table_folder: Path) -> None:
    (table_folder / "briefings.yaml").write_text("kind: [unclosed\n", encoding="utf-8")
    with pytest.raises(GeneratorDataError, match=r"briefings\.yaml: cannot read"):
        read_synthetic_tables(table_folder)


@pytest.mark.parametrize(
    ("file", "key", "value", "message"),
    [
        (
            "reviews",
            "status",
            {"published": -1.0},
            r"reviews\.yaml: status\.published: .*greater than or equal to 0",
        ),
        ("findings", "actors", [], r"findings\.yaml: actors: .*at least 1 item"),
        ("briefings", "kind", {"seminar": 0.0}, r"briefings\.yaml: kind: .*weight above 0"),
        ("governance", "boards", "one board", r"governance\.yaml: boards: .*tuple"),
        ("resources", "colour", "blue", r"resources\.yaml: colour: Extra inputs"),
        (
            "findings",
            "templates",
            {"missed_opportunity": ["{actor} missed it."]},
            r"findings\.yaml: templates: no entry for the kind 'good_practice', 'observation'",
        ),
        (
            "agencies",
            "national_sectors",
            ["dwp", "coastguard"],
            r"agencies\.yaml: agency_names: no entry for the sector 'coastguard'",
        ),
    ],
)
def test_a_malformed_table_is_named_with_its_place(
    table_folder: Path, file: str, key: str, value: object, message: str
) -> None:
    _edit_table(table_folder, file, key, value)
    with pytest.raises(GeneratorDataError, match=message):
        read_synthetic_tables(table_folder)


def test_an_empty_table_file_is_named(table_folder: Path) -> None:
    (table_folder / "resources.yaml").write_text("", encoding="utf-8")
    with pytest.raises(GeneratorDataError, match=r"resources\.yaml: \(document\): "):
        read_synthetic_tables(table_folder)
