"""Derived data equals what the facts say, through every load path.

The expected values are computed here a second time, in plain Python, from the dataset rows
(and the crosswalk of a new taxonomy version), and compared with everything of the kind that
the graph holds, so a stale relationship or property fails as surely as a wrong one.
"""

import hashlib
import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from graph_service.domain.similarity import is_near_identical, words
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.dataset.reader import read_dataset
from graph_service.loaders.dataset.rows import (
    FindingRow,
    OutcomeRow,
    PracticeChangeRow,
    RecommendationRow,
    ReviewRow,
)
from graph_service.loaders.dataset.validation import parse
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import REFERENCE_DIR, load_reference
from graph_service.repository import DatasetRepository, DerivedRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.loaders.datasets import write_jsonl

DONE = ("implemented", "embedded")
Derived = dict[str, list[str]]  # test statement -> its rows, each as sorted JSON


@dataclass(frozen=True)
class Facts:
    """The rows the graph holds after some loads: a later row replaces the earlier one."""

    reviews: dict[str, ReviewRow]
    findings: dict[str, FindingRow]
    recommendations: dict[str, RecommendationRow]
    changes: dict[str, PracticeChangeRow]
    outcomes: dict[str, OutcomeRow]

    @classmethod
    def read(cls, folder: Path) -> "Facts":
        parsed, problems = parse(read_dataset(folder))
        assert problems == []

        def rows(stem: str, key: str) -> dict[str, Any]:
            return {getattr(p.row, key): p.row for p in parsed.of(stem)}

        return cls(
            reviews=rows("reviews", "review_id"),
            findings=rows("findings", "finding_id"),
            recommendations=rows("recommendations", "recommendation_id"),
            changes=rows("practice_changes", "change_id"),
            outcomes=rows("outcomes", "outcome_id"),
        )

    def then(self, later: "Facts") -> "Facts":
        return Facts(
            reviews=self.reviews | later.reviews,
            findings=self.findings | later.findings,
            recommendations=self.recommendations | later.recommendations,
            changes=self.changes | later.changes,
            outcomes=self.outcomes | later.outcomes,
        )

    def recoded(self, successors: dict[str, list[str]]) -> "Facts":
        """The findings' issue codings after a crosswalk moved them to the successors."""
        findings = {}
        for key, finding in self.findings.items():
            issues = [new for old in finding.perennial_issues for new in successors.get(old, [old])]
            findings[key] = finding.model_copy(update={"perennial_issues": issues})
        return replace(self, findings=findings)


def _restricted(review: ReviewRow) -> bool:
    return review.restricted if review.restricted is not None else review.status != "published"


def _year(review: ReviewRow) -> int | None:
    date = review.published_on or review.initiated_on
    return int(date[:4]) if date else None


def _rows(rows: Iterable[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def expected(facts: Facts) -> Derived:
    """Every derived value, from the rows alone (docs/analytics.md, "Derived data")."""
    findings_of: dict[str, list[FindingRow]] = defaultdict(list)
    for finding in facts.findings.values():
        findings_of[finding.review_id].append(finding)
    raises: list[dict[str, Any]] = []
    issues_raised: dict[str, set[str]] = {}
    for review_id, findings in findings_of.items():
        for label, field in (("PerennialIssue", "perennial_issues"), ("Theme", "themes")):
            counts = Counter(code for f in findings for code in set(getattr(f, field)))
            raises += [
                {"source": review_id, "target": code, "label": label, "findings": n,
                 "supports": None, "hinders": None}
                for code, n in counts.items()
            ]  # fmt: skip
            if label == "PerennialIssue":
                issues_raised[review_id] = set(counts)
        effects = [item.split(":") for f in findings for item in f.systems_factors]
        for code in {code for code, _ in effects}:
            raises.append(
                {"source": review_id, "target": code, "label": "SystemsFactor",
                 "findings": sum(1 for c, _ in effects if c == code),
                 "supports": sum(1 for c, e in effects if c == code and e == "supports"),
                 "hinders": sum(1 for c, e in effects if c == code and e == "hinders")}
            )  # fmt: skip
    implementing: dict[str, list[PracticeChangeRow]] = defaultdict(list)
    for change in facts.changes.values():
        for recommendation_id in change.implements:
            implementing[recommendation_id].append(change)
    outcomes = Counter(outcome.change_id for outcome in facts.outcomes.values())
    pairs = Counter(
        (a, b, _restricted(facts.reviews[review_id]))
        for review_id, codes in issues_raised.items()
        for a, b in combinations(sorted(codes), 2)
    )
    return {
        "derived_reviews": _rows(
            {
                "id": key,
                "forceCodes": sorted(set(review.force_ids)),
                "strandCodes": sorted(set(review.strands)),
                "findingCount": len(findings_of[key]),
            }
            for key, review in facts.reviews.items()
        ),
        "derived_raises": _rows(raises),
        "derived_findings": _rows(
            {"id": key, **_copied(facts.reviews[finding.review_id])}
            for key, finding in facts.findings.items()
        ),
        "derived_recommendations": _rows(
            {
                "id": key,
                **_copied(facts.reviews[rec.review_id]),
                "changeCount": len(implementing[key]),
                "implemented": any(c.status in DONE for c in implementing[key]),
            }
            for key, rec in facts.recommendations.items()
        ),
        "derived_targets": _rows(
            {"source": key, "target": code, "label": "PerennialIssue"}
            for key, rec in facts.recommendations.items()
            for code in {
                code for f in rec.addresses_findings for code in facts.findings[f].perennial_issues
            }
        ),
        "derived_changes": _rows(
            {"id": key, "outcomeCount": outcomes[key]} for key in facts.changes
        ),
        "derived_co_occurs": _rows(
            {
                "a": a,
                "b": b,
                "labels": ["PerennialIssue", "PerennialIssue"],
                "reviews": pairs[a, b, True] + pairs[a, b, False],
                "openReviews": pairs[a, b, False],
            }
            for a, b in {(a, b) for a, b, _ in pairs}
        ),
        "derived_groups": _rows(_groups(facts)),
    }


def _copied(review: ReviewRow) -> dict[str, Any]:
    return {
        "restricted": _restricted(review),
        "reviewType": review.review_type,
        "year": _year(review),
    }


def _groups(facts: Facts) -> list[dict[str, Any]]:
    """Groups over every recommendation, and groups over those of unrestricted reviews only."""
    every = sorted(facts.recommendations)
    visible = [
        key for key in every if not _restricted(facts.reviews[facts.recommendations[key].review_id])
    ]
    return _components(facts, every, "all") + _components(facts, visible, "open")


def _components(facts: Facts, ids: list[str], scope: str) -> list[dict[str, Any]]:
    """Connected components of near-identical recommendations, by comparing every pair."""
    word_sets = [words(facts.recommendations[key].text) for key in ids]
    group_of = list(range(len(ids)))  # each component labelled by its lowest position
    for i, j in combinations(range(len(ids)), 2):
        if is_near_identical(word_sets[i], word_sets[j]) and group_of[i] != group_of[j]:
            low, high = sorted((group_of[i], group_of[j]))
            group_of = [low if label == high else label for label in group_of]
    members: dict[int, list[str]] = defaultdict(list)
    for position, label in enumerate(group_of):
        members[label].append(ids[position])
    groups = []
    for group in members.values():
        if len(group) < 2:
            continue
        review_of = {key: facts.recommendations[key].review_id for key in group}
        groups.append(
            {"id": f"{scope}:{group[0]}", "scope": scope, "firstId": group[0],
             "text": facts.recommendations[group[0]].text,
             "recommendations": len(group), "reviews": len(set(review_of.values())),
             "members": group}
        )  # fmt: skip
    return groups


async def derived(store: GraphStore) -> Derived:
    found = {}
    for name in (
        "derived_reviews",
        "derived_raises",
        "derived_findings",
        "derived_recommendations",
        "derived_targets",
        "derived_changes",
        "derived_co_occurs",
        "derived_groups",
    ):
        rows = await store.read(f"test/{name}")
        if name == "derived_groups":  # members come in no particular order
            rows = [{**row, "members": sorted(row["members"])} for row in rows]
        found[name] = _rows(rows)
    return found


def _assert_equal(found: Derived, wanted: Derived) -> None:
    for name in wanted:
        missing = sorted(set(wanted[name]) - set(found[name]))
        unexpected = sorted(set(found[name]) - set(wanted[name]))
        assert not missing, f"{name}: {len(missing)} missing, e.g. {missing[:3]}"
        assert not unexpected, f"{name}: {len(unexpected)} unexpected, e.g. {unexpected[:3]}"
        assert found[name] == wanted[name], name  # no duplicates either


async def _assert_derived(store: GraphStore, wanted: Derived) -> None:
    _assert_equal(await derived(store), wanted)
    if "derived/review_code_vectors" in store.catalogue:
        await _assert_code_vectors_match_raised_codes(store)


async def _assert_code_vectors_match_raised_codes(store: GraphStore) -> None:
    """Each vector has a 1 exactly at the positions of the review's codes in the code space."""
    space = sorted(row["code"] for row in await store.read("derived/code_space"))
    fingerprint = hashlib.sha256("\n".join(space).encode()).hexdigest()[:16]
    assert await store.read("test/derived_code_space") == [{"complete": True, "key": fingerprint}]
    wrong = [
        row["id"]
        for row in await store.read("test/derived_code_vectors")
        if row["codeVector"] != [1.0 if code in row["raisedCodes"] else 0.0 for code in space]
    ]
    assert not wrong, f"{len(wrong)} reviews have a code vector unlike their codes: {wrong[:3]}"


@pytest.fixture
async def repository(store: GraphStore) -> DatasetRepository:
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return DatasetRepository(store)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset: restricted and open reviews, several forces, codings of every
    kind, practice changes and outcomes, and repeated recommendation texts."""
    folder = tmp_path_factory.mktemp("derived") / "ds"
    generate_dataset(folder, reviews=40, seed=5)
    return folder


async def _load(folder: Path, repository: DatasetRepository) -> None:
    report = await load_dataset(folder, repository)
    assert report.ok, report.problems[:5]
    assert report.derive_seconds > 0


async def test_a_load_derives_exactly_what_the_rows_say(
    repository: DatasetRepository, store: GraphStore, generated: Path
) -> None:
    await _load(generated, repository)
    wanted = expected(Facts.read(generated))
    assert len(wanted["derived_groups"]) > 1
    assert any('"openReviews": 0' not in row for row in wanted["derived_co_occurs"])
    await _assert_derived(store, wanted)


async def test_loading_the_same_dataset_again_leaves_the_derived_data_as_it_was(
    repository: DatasetRepository, store: GraphStore, generated: Path
) -> None:
    await _load(generated, repository)
    before = await derived(store)
    await _load(generated, repository)
    assert await derived(store) == before
    await DerivedRepository(store).refresh()
    assert await derived(store) == before


def _dump(rows: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json", exclude_none=True) for row in rows]


def _changes(facts: Facts, folder: Path) -> Path:
    """A second dataset that moves a finding, recodes another, restricts a published review,
    adds a practice change with its outcome and repeats a recommendation in a new review."""
    moved = next(f for f in facts.findings.values() if f.perennial_issues)
    gone = {moved.finding_id}
    target = next(r for r in facts.reviews if r != moved.review_id)
    # A recommendation of the old review may not keep addressing a finding that left it.
    released = [
        rec.model_copy(update={"addresses_findings": sorted(set(rec.addresses_findings) - gone)})
        for rec in facts.recommendations.values()
        if moved.finding_id in rec.addresses_findings
    ]
    recoded = next(
        f for f in facts.findings.values() if f.finding_id != moved.finding_id and f.systems_factors
    )
    published = next(
        r for r in facts.reviews.values() if r.status == "published" and not _restricted(r)
    )
    unchanged = next(
        rec for rec in facts.recommendations.values()
        if not any(rec.recommendation_id in c.implements for c in facts.changes.values())
    )  # fmt: skip
    repeated = next(iter(facts.recommendations.values()))
    write_jsonl(folder, "reviews", _dump([
        published.model_copy(update={"restricted": True}),
        ReviewRow(review_id="R-NEW", title="A new review", review_type="SAR",
                  status="published", published_on="2025-02-01", force_ids=["kent", "dorset"]),
    ]))  # fmt: skip
    write_jsonl(folder, "findings", _dump([
        moved.model_copy(update={"review_id": target}),
        recoded.model_copy(update={"perennial_issues": ["PROFESSIONAL_DISPUTES", "TRAINING"],
                                   "systems_factors": ["TASK:supports", "TEAM_COMMS:hinders"]}),
        FindingRow(finding_id="R-NEW-F1", review_id="R-NEW", text="t", kind="observation",
                   perennial_issues=["TRAINING", "SUPERVISION"], themes=["RISK"]),
    ]))  # fmt: skip
    write_jsonl(folder, "recommendations", _dump([
        *released,
        RecommendationRow(recommendation_id="R-NEW-REC1", review_id="R-NEW",
                          text=repeated.text + " Promptly.", addressed_to=["kent"],
                          addresses_findings=["R-NEW-F1"], level="local"),
    ]))  # fmt: skip
    write_jsonl(folder, "practice_changes", _dump([
        PracticeChangeRow(change_id="PC-NEW", agency_id="kent", description="d",
                          change_type="training", status="embedded",
                          implements=[unchanged.recommendation_id, "R-NEW-REC1"]),
    ]))  # fmt: skip
    write_jsonl(folder, "outcomes", _dump([
        OutcomeRow(outcome_id="O-NEW", change_id="PC-NEW", description="d", direction="improved"),
    ]))  # fmt: skip
    return folder


async def test_a_second_load_that_changes_things_leaves_nothing_stale(
    repository: DatasetRepository, store: GraphStore, generated: Path, tmp_path: Path
) -> None:
    await _load(generated, repository)
    first = Facts.read(generated)
    second = _changes(first, tmp_path / "second")
    await _load(second, repository)
    facts = first.then(Facts.read(second))
    wanted = expected(facts)
    assert wanted != expected(first)
    await _assert_derived(store, wanted)


def _new_issue_version(folder: Path) -> dict[str, list[str]]:
    """A perennial-issue version that splits one issue and merges another into a third."""
    shutil.copytree(REFERENCE_DIR, folder)
    path = folder / "perennial_issues.yaml"
    document = yaml.safe_load(path.read_text())
    curiosity = next(e for e in document["entries"] if e["code"] == "PROFESSIONAL_CURIOSITY")
    split = ["PROFESSIONAL_CURIOSITY_CHILD", "PROFESSIONAL_CURIOSITY_ADULT"]
    successors = {"PROFESSIONAL_CURIOSITY": split, "OPTIMISM_BIAS": ["DISGUISED_COMPLIANCE"]}
    document["entries"] = [e for e in document["entries"] if e["code"] not in successors]
    document["entries"] += [{**curiosity, "code": code} for code in split]
    document["version"] = "2026.2"
    document["crosswalk"] = [{"from": old, "to": new} for old, new in successors.items()]
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return successors


async def test_a_taxonomy_version_moves_the_derived_data_to_the_successors(
    repository: DatasetRepository, store: GraphStore, generated: Path, tmp_path: Path
) -> None:
    await _load(generated, repository)
    facts = Facts.read(generated)
    successors = _new_issue_version(tmp_path / "reference")
    await load_reference(ReferenceRepository(store), tmp_path / "reference")
    wanted = expected(facts.recoded(successors))
    assert any("PROFESSIONAL_CURIOSITY_CHILD" in row for row in wanted["derived_co_occurs"])
    assert not any("OPTIMISM_BIAS" in row for rows in wanted.values() for row in rows)
    await _assert_derived(store, wanted)
