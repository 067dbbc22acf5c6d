"""forceOverview and imrQuality over HTTP, each compared with the oracle's independent
computation from the dataset files, as a reader (published, unrestricted material, no IMRs)
and as an analyst (everything)."""

from collections import Counter
from typing import Any

import pytest

from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.analytics.conftest import api_for, query, query_error

VISIBILITIES = [
    pytest.param(PUBLIC, id="reader"),
    pytest.param(EVERYTHING, id="analyst"),
]


def _seen_by(visibility: Visibility) -> oracle.Visibility:
    return oracle.Visibility(visibility.include_restricted, visibility.include_imr)


# ---------------------------------------------------------------------------------------------
# forceOverview

OVERVIEW = """
query ($code: String!) {
  forceOverview(code: $code) {
    code
    force { code }
    reviews
    reviewsByType { reviewTypeCode count reviewType { code } }
    recommendations
    recommendationsByStatus { status count }
    practiceChanges
    practiceChangesByStatus { status count }
    imrMeanScores { criterionCode mean criterion { code } }
    latestGovernanceRecord {
      forceCode recordedOn hasReviewTeam reviewLeadRole oversightBoard recommendationTracking
      imrSignoffRole notes
    }
  }
}
"""


def _enum(value: str | None) -> str | None:
    return value.upper() if value is not None else None


def _overview_expected(expected: oracle.ForceOverview) -> dict[str, Any]:
    governance = expected.latest_governance
    return {
        "code": expected.code,
        "force": {"code": expected.code},
        "reviews": expected.reviews,
        "reviewsByType": [
            {"reviewTypeCode": code, "count": n, "reviewType": {"code": code}}
            for code, n in expected.reviews_by_type.items()
        ],
        "recommendations": expected.recommendations,
        "recommendationsByStatus": [
            {"status": _enum(status), "count": n}
            for status, n in expected.recommendations_by_status.items()
        ],
        "practiceChanges": expected.practice_changes,
        "practiceChangesByStatus": [
            {"status": _enum(status), "count": n}
            for status, n in expected.practice_changes_by_status.items()
        ],
        "imrMeanScores": [
            {"criterionCode": code, "mean": mean, "criterion": {"code": code}}
            for code, mean in expected.imr_mean_scores.items()
        ],
        "latestGovernanceRecord": governance
        and {
            "forceCode": governance.force_id,
            "recordedOn": governance.recorded_on,
            "hasReviewTeam": governance.has_review_team,
            "reviewLeadRole": governance.review_lead_role,
            "oversightBoard": governance.oversight_board,
            "recommendationTracking": _enum(governance.recommendation_tracking),
            "imrSignoffRole": governance.imr_signoff_role,
            "notes": governance.notes,
        },
    }


def _sample_forces(ds: oracle.Dataset) -> list[str]:
    """The forces with most reviews, recommendations and IMRs, some with none, and one with
    a governance record."""
    reviews = Counter(f for r in ds.reviews.values() for f in r.force_ids)
    recommendations = Counter(a for r in ds.recommendations.values() for a in r.addressed_to)
    imrs = Counter(a.agency_id for a in ds.imr_assessments.values())
    busiest = {c for counts in (reviews, recommendations, imrs) for c, _ in counts.most_common(2)}
    quiet = sorted(ds.reference.forces - set(reviews))[:2]
    governed = sorted({g.force_id for g in ds.governance})[:2]
    return sorted(busiest | set(quiet) | set(governed))


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_force_overview_equals_the_independent_computation(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    forces = _sample_forces(analytics_dataset)
    async with api_for(analytics_store, visibility) as api:
        for code in forces:
            expected = oracle.force_overview(analytics_dataset, code, _seen_by(visibility))
            data = await query(api, OVERVIEW, code=code)
            assert data["forceOverview"] == _overview_expected(expected), code
    assert len(forces) >= 5


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_force_overview_of_the_hand_worked_forces(
    hand_store: GraphStore, hand_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    """Two governance records for one force, a restricted review in progress, IMRs of an
    agency that is no force."""
    async with api_for(hand_store, visibility) as api:
        for code in ("metropolitan", "kent", "south-wales", "dyfed-powys"):
            expected = oracle.force_overview(hand_dataset, code, _seen_by(visibility))
            data = await query(api, OVERVIEW, code=code)
            assert data["forceOverview"] == _overview_expected(expected), code


async def test_restricted_material_does_not_count_in_a_public_force_overview(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    code = Counter(
        f for r in analytics_dataset.reviews.values() if r.restricted for f in r.force_ids
    ).most_common(1)[0][0]
    async with api_for(analytics_store, PUBLIC) as api:
        public = (await query(api, OVERVIEW, code=code))["forceOverview"]
    async with api_for(analytics_store, EVERYTHING) as api:
        everything = (await query(api, OVERVIEW, code=code))["forceOverview"]
    assert public["reviews"] < everything["reviews"]
    assert public["imrMeanScores"] == []


async def test_force_overview_of_an_unknown_force_is_not_found(
    analytics_store: GraphStore,
) -> None:
    async with api_for(analytics_store, EVERYTHING) as api:
        for code in ("no-such-force", "", "metropolitan' OR 1=1 //"):
            error = await query_error(api, OVERVIEW, code=code)
            assert error["extensions"]["code"] == "NOT_FOUND"
            assert error["message"].startswith("code:")
            assert repr(code) in error["message"]


# ---------------------------------------------------------------------------------------------
# imrQuality

QUALITY = """
query ($groupBy: ImrGroupBy!, $filter: ImrQualityFilter) {
  imrQuality(groupBy: $groupBy, filter: $filter) {
    key
    year
    force { code }
    reviewType { code }
    criteria { criterionCode assessed mean distribution criterion { code } }
  }
}
"""


def _quality_expected(group_by: str, groups: list[oracle.ImrQualityGroup]) -> list[dict[str, Any]]:
    def key(value: str | int | None) -> str | None:
        return None if value is None else str(value)

    return [
        {
            "key": key(g.key),
            "year": g.key if group_by == "YEAR" else None,
            "force": {"code": g.key} if group_by == "FORCE" else None,
            "reviewType": {"code": g.key} if group_by == "REVIEW_TYPE" else None,
            "criteria": [
                {
                    "criterionCode": c.code,
                    "assessed": c.assessed,
                    "mean": c.mean,
                    "distribution": c.distribution,
                    "criterion": {"code": c.code},
                }
                for c in g.criteria
            ],
        }
        for g in groups
    ]


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("group_by", ["NONE", "FORCE", "REVIEW_TYPE", "YEAR"])
async def test_imr_quality_equals_the_independent_computation(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    visibility: Visibility,
    group_by: oracle.ImrGroupBy,
) -> None:
    expected = oracle.imr_quality(analytics_dataset, _seen_by(visibility), group_by=group_by)
    async with api_for(analytics_store, visibility) as api:
        data = await query(api, QUALITY, groupBy=group_by)
    assert data["imrQuality"] == _quality_expected(group_by, expected)
    assert bool(expected) == visibility.include_imr


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("group_by", ["NONE", "FORCE", "REVIEW_TYPE", "YEAR"])
async def test_imr_quality_of_the_hand_worked_assessments(
    hand_store: GraphStore,
    hand_dataset: oracle.Dataset,
    visibility: Visibility,
    group_by: oracle.ImrGroupBy,
) -> None:
    """A review with no year (its own group, last), an IMR of an agency that is no force (in
    every group but FORCE), ties on the mean broken by code."""
    expected = oracle.imr_quality(hand_dataset, _seen_by(visibility), group_by=group_by)
    async with api_for(hand_store, visibility) as api:
        data = await query(api, QUALITY, groupBy=group_by)
    assert data["imrQuality"] == _quality_expected(group_by, expected)


def _filters(ds: oracle.Dataset) -> list[dict[str, Any]]:
    assessed = [ds.reviews[a.review_id] for a in ds.imr_assessments.values()]
    types = [t for t, _ in Counter(r.review_type for r in assessed).most_common(2)]
    forces = [
        a for a, _ in Counter(a.agency_id for a in ds.imr_assessments.values()).most_common(3)
    ]
    years = sorted(r.year for r in assessed if r.year is not None)
    middle = years[len(years) // 2]
    return [
        {"reviewTypes": types},
        {"forces": [f for f in forces if f in ds.reference.forces]},
        {"yearFrom": middle},
        {"yearTo": middle},
        {"yearFrom": middle - 1, "yearTo": middle + 1, "reviewTypes": types[:1]},
        {"reviewTypes": [], "forces": []},
    ]


async def test_imr_quality_filters_equal_the_independent_computation(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    visibility = EVERYTHING
    async with api_for(analytics_store, visibility) as api:
        for filter_ in _filters(analytics_dataset):
            for group_by in ("NONE", "FORCE", "YEAR"):
                expected = oracle.imr_quality(
                    analytics_dataset,
                    _seen_by(visibility),
                    group_by=group_by,
                    review_types=filter_.get("reviewTypes"),
                    forces=filter_.get("forces"),
                    year_from=filter_.get("yearFrom"),
                    year_to=filter_.get("yearTo"),
                )
                data = await query(api, QUALITY, groupBy=group_by, filter=filter_)
                assert data["imrQuality"] == _quality_expected(group_by, expected), (
                    filter_,
                    group_by,
                )


async def test_imr_quality_is_empty_without_imr_visibility(analytics_store: GraphStore) -> None:
    async with api_for(analytics_store, PUBLIC) as api:
        data = await query(api, QUALITY, groupBy="REVIEW_TYPE")
    assert data["imrQuality"] == []


async def test_imr_quality_refuses_unknown_codes_and_impossible_years(
    analytics_store: GraphStore,
) -> None:
    wrong = {
        "imrQuality.filter.reviewTypes": {"reviewTypes": ["NOPE"]},
        "imrQuality.filter.forces": {"forces": ["atlantis"]},
        "imrQuality.filter.yearFrom": {"yearFrom": 1066},
        "imrQuality.filter": {"yearFrom": 2022, "yearTo": 2020},
    }
    async with api_for(analytics_store, EVERYTHING) as api:
        for argument, filter_ in wrong.items():
            error = await query_error(api, QUALITY, groupBy="NONE", filter=filter_)
            assert error["extensions"]["code"] == "BAD_USER_INPUT"
            assert error["message"].startswith(argument), error["message"]
        error = await query_error(api, QUALITY, groupBy="COUNTY")
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
