"""Reference taxonomies: valid as shipped, refused with their place when wrong, idempotent."""

import shutil
from pathlib import Path

import pytest

from graph_service.errors import ReferenceDataError
from graph_service.loaders.reference import REFERENCE_DIR, load_reference, read_reference
from graph_service.repository import ReferenceRepository
from graph_service.store import GraphStore


def test_the_shipped_taxonomies_are_valid() -> None:
    taxonomies = {t.name: t for t in read_reference()}
    forces = taxonomies["forces"].rows
    assert sum(row["kind"] == "territorial" for row in forces) == 43
    assert sum(row["country"] == "wales" for row in forces) == 4
    assert {row["code"] for row in taxonomies["themes"].rows} == {
        row["theme"] for row in taxonomies["perennial_issues"].rows
    } | {row["code"] for row in taxonomies["themes"].rows}
    review_types = {row["code"]: row for row in taxonomies["review_types"].rows}
    assert review_types["SCR"]["replacedBy"] == ["CSPR"]
    assert all(t.version for t in taxonomies.values())


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    return target


def test_an_unknown_theme_is_reported_with_file_and_entry(reference_copy: Path) -> None:
    path = reference_copy / "perennial_issues.yaml"
    path.write_text(path.read_text().replace("theme: RISK", "theme: NO_SUCH_THEME", 1))
    with pytest.raises(ReferenceDataError) as caught:
        read_reference(reference_copy)
    assert f"{path}: entries[0].theme: unknown theme 'NO_SUCH_THEME'" in caught.value.message


def test_every_problem_in_a_file_is_listed(reference_copy: Path) -> None:
    path = reference_copy / "forces.yaml"
    text = path.read_text().replace("kind: territorial", "kind: regional", 2)
    path.write_text(text.replace("country: wales", "country: mars", 1))
    with pytest.raises(ReferenceDataError) as caught:
        read_reference(reference_copy)
    lines = caught.value.message.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{path}: entries[") for line in lines)
    assert sum(".kind:" in line for line in lines) == 2
    assert sum(".country:" in line for line in lines) == 1


def test_unknown_fields_are_errors_not_silently_dropped(reference_copy: Path) -> None:
    path = reference_copy / "themes.yaml"
    path.write_text(path.read_text().replace("  - code: RISK", "  - code: RISK\n    colour: red"))
    with pytest.raises(ReferenceDataError, match=r"entries\[0\]\.colour: Extra inputs"):
        read_reference(reference_copy)


def test_a_missing_file_is_named(reference_copy: Path) -> None:
    (reference_copy / "themes.yaml").unlink()
    with pytest.raises(ReferenceDataError, match=r"themes\.yaml: reference file is missing"):
        read_reference(reference_copy)


async def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    repository = ReferenceRepository(store)
    first = await load_reference(repository)
    snapshot = (
        await repository.review_types(),
        await repository.forces(),
        await repository.themes(),
        await repository.perennial_issues(),
        await store.read("test/count_nodes"),
    )
    assert await load_reference(repository) == first
    again = (
        await repository.review_types(),
        await repository.forces(),
        await repository.themes(),
        await repository.perennial_issues(),
        await store.read("test/count_nodes"),
    )
    assert again == snapshot
    assert snapshot[-1] == [{"nodes": sum(load.entries for load in first)}]


def test_an_imr_criterion_must_describe_every_score(reference_copy: Path) -> None:
    path = reference_copy / "imr_criteria.yaml"
    lines = path.read_text().splitlines(keepends=True)
    first_level_3 = next(i for i, line in enumerate(lines) if line.strip().startswith("3:"))
    path.write_text("".join(lines[:first_level_3] + lines[first_level_3 + 1 :]))
    with pytest.raises(ReferenceDataError) as caught:
        read_reference(reference_copy)
    assert f"{path}: entries[0].levels: Value error, needs exactly the scores 0 to 3" in (
        caught.value.message
    )


def test_the_police_sector_is_required(reference_copy: Path) -> None:
    path = reference_copy / "agency_sectors.yaml"
    path.write_text(path.read_text().replace("code: police\n", "code: policing\n"))
    with pytest.raises(ReferenceDataError, match="a sector with code 'police' is required"):
        read_reference(reference_copy)
