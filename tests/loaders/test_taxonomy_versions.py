"""New taxonomy versions: crosswalks retire codes and move every link, losing no coding."""

import shutil
from pathlib import Path

import pytest
import yaml

from graph_service.errors import ReferenceDataError
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.reference import REFERENCE_DIR, load_reference, read_reference
from graph_service.repository import DatasetRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.loaders.datasets import small_dataset, write_csv, write_jsonl


def _edit(folder: Path, taxonomy: str, version: str, crosswalk: list[dict[str, object]]) -> Path:
    """Write a new version of one taxonomy: retired codes leave the entries."""
    path = folder / f"{taxonomy}.yaml"
    document = yaml.safe_load(path.read_text())
    retired = {entry["from"] for entry in crosswalk}
    document["version"] = version
    document["entries"] = [e for e in document["entries"] if e["code"] not in retired]
    document["crosswalk"] = crosswalk
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return path


@pytest.fixture
def next_version(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    return folder


@pytest.fixture
async def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    folder = small_dataset(tmp_path / "ds")
    write_csv(
        folder,
        "reviews",
        [
            {"review_id": "R1", "title": "Adult A", "review_type": "DHR", "status": "published",
             "published_on": "2023-05-01", "force_ids": ["kent"]},
            {"review_id": "R2", "title": "Adult D", "review_type": "SAR", "status": "published",
             "published_on": "2021-01-01"},
        ],
    )  # fmt: skip
    write_jsonl(
        folder,
        "findings",
        [
            {"finding_id": "R1-F1", "review_id": "R1", "text": "a", "kind": "observation",
             "perennial_issues": ["PROFESSIONAL_CURIOSITY", "INFORMATION_SHARING"]},
            {"finding_id": "R2-F1", "review_id": "R2", "text": "b", "kind": "observation",
             "perennial_issues": ["PROFESSIONAL_CURIOSITY"]},
        ],
    )  # fmt: skip
    report = await load_dataset(folder, DatasetRepository(store))
    assert report.ok, report.problems
    return store


async def test_a_real_rename_moves_reviews_to_the_new_type(
    loaded: GraphStore, next_version: Path, tmp_path: Path
) -> None:
    # Victims and Prisoners Act 2024 s19 renames domestic homicide reviews.
    _edit(next_version, "review_types", "2026.2", [{"from": "DHR", "to": "DARDR"}])
    reference = ReferenceRepository(loaded)
    [review_types] = [t for t in await load_reference(reference, next_version)
                      if t.name == "review_types"]  # fmt: skip
    assert (review_types.retired, review_types.links_moved) == (1, 1)
    assert await loaded.read("test/review_type_of", {"id": "R1"}) == [
        {"property": "DARDR", "linked": "DARDR"}
    ]
    assert await loaded.read("test/retired", {"code": "DHR"}) == [
        {"retired": True, "successors": ["DARDR"], "retiredIn": "2026.2"}
    ]
    assert "DHR" not in {t.code for t in await reference.review_types()}

    # A dataset still using the old code is told what to use instead.
    folder = tmp_path / "late"
    write_csv(folder, "reviews", [{"review_id": "R3", "title": "Adult E", "review_type": "DHR",
                                   "status": "in_progress"}])  # fmt: skip
    report = await load_dataset(folder, DatasetRepository(loaded))
    assert [str(p) for p in report.problems] == [
        "reviews.csv:2: review_type: 'DHR' is a retired code; use 'DARDR'"
    ]


async def test_a_split_keeps_every_finding_coded(loaded: GraphStore, next_version: Path) -> None:
    path = next_version / "perennial_issues.yaml"
    document = yaml.safe_load(path.read_text())
    curiosity = next(e for e in document["entries"] if e["code"] == "PROFESSIONAL_CURIOSITY")
    for suffix, name in (("CHILD", "children"), ("ADULT", "adults")):
        document["entries"].append(
            {**curiosity, "code": f"PROFESSIONAL_CURIOSITY_{suffix}",
             "name": f"Professional curiosity about {name}"}
        )  # fmt: skip
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    split = ["PROFESSIONAL_CURIOSITY_CHILD", "PROFESSIONAL_CURIOSITY_ADULT"]
    _edit(next_version, "perennial_issues", "2026.2",
          [{"from": "PROFESSIONAL_CURIOSITY", "to": split}])  # fmt: skip
    before = await loaded.read("test/issue_codings")
    coded_before = {row["finding"] for row in before}

    loads = await load_reference(ReferenceRepository(loaded), next_version)
    after = await loaded.read("test/issue_codings")
    assert {row["finding"] for row in after} == coded_before
    assert after == [
        {"finding": "R1-F1", "issue": "INFORMATION_SHARING"},
        {"finding": "R1-F1", "issue": "PROFESSIONAL_CURIOSITY_ADULT"},
        {"finding": "R1-F1", "issue": "PROFESSIONAL_CURIOSITY_CHILD"},
        {"finding": "R2-F1", "issue": "PROFESSIONAL_CURIOSITY_ADULT"},
        {"finding": "R2-F1", "issue": "PROFESSIONAL_CURIOSITY_CHILD"},
    ]
    assert next(t for t in loads if t.name == "perennial_issues").links_moved == 2

    # The same version loaded again moves nothing and changes nothing.
    again = await load_reference(ReferenceRepository(loaded), next_version)
    assert next(t for t in again if t.name == "perennial_issues").links_moved == 0
    assert await loaded.read("test/issue_codings") == after


@pytest.mark.parametrize(
    ("taxonomy", "crosswalk", "problem"),
    [
        ("themes", [{"from": "RISK", "to": "VICTIM_CARE"}],
         "crosswalk[0].from: 'RISK' is still an entry; remove it to retire it"),
        ("strands", [{"from": "OLD", "to": "NOWHERE"}],
         "crosswalk[0].to: 'NOWHERE' is not an entry of this version"),
        ("forces", [{"from": "old-force", "to": "kent"}],
         "crosswalk: codes of forces cannot be retired or renamed"),
        ("review_types", [{"from": "OLD", "to": ["SAR", "CSPR"]}],
         "crosswalk[0].to: a review_types code can only be replaced by one code"),
    ],
)  # fmt: skip
def test_bad_crosswalks_are_refused(
    next_version: Path, taxonomy: str, crosswalk: list[dict[str, object]], problem: str
) -> None:
    path = next_version / f"{taxonomy}.yaml"
    document = yaml.safe_load(path.read_text())
    document["crosswalk"] = crosswalk
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    with pytest.raises(ReferenceDataError) as caught:
        read_reference(next_version)
    assert f"{path}: {problem}" in caught.value.message
