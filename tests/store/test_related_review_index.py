"""The store's guarantee to related-review ranking, on every backend: a derivation rebuilds the
index that ``exploration/related_reviews`` ranks by (``begin_related_review_index_rebuild``),
and related reviews rank exactly after it, and while it stands stopped part-way, after the
reviews' codes changed."""

import json
import shutil
from pathlib import Path

import pytest

from graph_service.domain.exploration import RelatedReview
from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.dataset.schema import ENTITIES
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import (
    DatasetRepository,
    DerivedRepository,
    ExplorationRepository,
    ReferenceRepository,
)
from graph_service.repository.derived import PER_REVIEW
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.analytics import oracle

# (review id, codes shared, codes in either): one review's ranking.
Ranking = list[tuple[str, int, int]]


class StopError(Exception):
    pass


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic dataset, and the same dataset with the perennial issues of every third
    finding changed: loaded over the first, it changes the codes of some reviews."""
    first = tmp_path_factory.mktemp("related") / "first"
    generate_dataset(first, reviews=30, seed=31)
    second = first.parent / "second"
    shutil.copytree(first, second)
    findings = [
        json.loads(line) for line in (first / "findings.jsonl").read_text().splitlines() if line
    ]
    for index in range(0, len(findings) - 1, 3):
        findings[index]["perennial_issues"] = findings[index + 1]["perennial_issues"]
    (second / "findings.jsonl").write_text(
        "".join(json.dumps(finding) + "\n" for finding in findings)
    )
    return first, second


def _expected(ds: oracle.Dataset, review_id: str, visibility: Visibility) -> Ranking:
    seen_by = oracle.Visibility(visibility.include_restricted, visibility.include_imr)
    return [
        (related.review_id, related.shared, round(related.shared / related.score))
        for related in oracle.related_reviews(ds, review_id, seen_by)
    ]


def _served(related: list[RelatedReview] | None) -> Ranking:
    assert related is not None
    return [(item.review.id, item.shared, item.either) for item in related]


async def _assert_exact(store: GraphStore, ds: oracle.Dataset, visibility: Visibility) -> None:
    exploration = ExplorationRepository(store)
    seen_by = oracle.Visibility(visibility.include_restricted, visibility.include_imr)
    visible = [review_id for review_id in sorted(ds.reviews) if ds.sees(seen_by, review_id)]
    assert visible
    for review_id in visible:
        served = await exploration.related_reviews(review_id, visibility, skip=0, limit=1_000)
        assert _served(served) == _expected(ds, review_id, visibility), review_id


async def test_related_reviews_rank_exactly_after_a_derivation_and_while_one_is_stopped(
    store: GraphStore, versions: tuple[Path, Path]
) -> None:
    first, second = versions
    before, after = oracle.load_dataset(first), oracle.load_dataset(second)
    changed = [
        r for r in after.reviews if after.elements_of_review[r] != before.elements_of_review[r]
    ]
    assert changed, "the second version must change some review's codes"
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    report = await load_dataset(first, DatasetRepository(store))
    assert report.ok, report.problems[:3]
    for visibility in (PUBLIC, EVERYTHING):
        await _assert_exact(store, before, visibility)

    # The second version's facts, then a derivation that stops once every review's codes are
    # derived anew, before the index is rebuilt for them.
    last_entity = ENTITIES[-1].stem

    def stop_before_deriving(name: str, done: int, total: int) -> None:
        if name == last_entity and done == total:
            raise StopError

    with pytest.raises(StopError):
        await load_dataset(second, DatasetRepository(store), progress=stop_before_deriving)
    last_per_review_step = PER_REVIEW[-1][0]

    def stop_before_the_index(step: str, seconds: float) -> None:
        if step == last_per_review_step:
            raise StopError

    with pytest.raises(StopError):
        await DerivedRepository(store).refresh(on_step=stop_before_the_index)
    # Readers are told the figures are being refreshed; those who see everything are answered.
    await _assert_exact(store, after, EVERYTHING)

    await DerivedRepository(store).refresh()
    for visibility in (PUBLIC, EVERYTHING):
        await _assert_exact(store, after, visibility)
