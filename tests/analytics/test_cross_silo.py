"""recurringIssues, issuePathway, issueCoOccurrence and learningGaps over HTTP, each compared
with the oracle's independent computation from the dataset files."""

from typing import Any

import pytest

from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.analytics.conftest import api_for, query, query_error

VISIBILITIES = [pytest.param(PUBLIC, id="public"), pytest.param(EVERYTHING, id="everything")]


def _pair_expected(p: oracle.IssuePair) -> dict[str, Any]:
    return {
        "issueACode": p.issue_a,
        "issueBCode": p.issue_b,
        "reviews": p.reviews,
        "lift": pytest.approx(p.lift),
        "reviewsA": p.reviews_a,
        "reviewsB": p.reviews_b,
    }


def _gap_expected(g: oracle.LearningGap) -> dict[str, Any]:
    return {
        "code": g.code,
        "reviews": g.reviews,
        "recommendations": g.recommendations,
        "unimplemented": g.unimplemented,
        "unimplementedShare": pytest.approx(g.unimplemented_share),
        "firstChangeOn": g.first_change_on,
        "reviewsAfterChange": g.reviews_after_change,
    }


def _group_expected(g: oracle.RecommendationGroup) -> dict[str, Any]:
    return {
        "id": g.group_id,
        "text": g.text,
        "recommendations": g.recommendations,
        "reviews": g.reviews,
        "members": [{"id": member} for member in g.member_ids],
    }


def _oracle_visibility(visibility: Visibility) -> oracle.Visibility:
    return oracle.Visibility(visibility.include_restricted, visibility.include_imr)


RECURRING = """
query ($dimension: RecurrenceDimension!, $filter: RecurrenceFilter, $min: Int!) {
  recurringIssues(dimension: $dimension, filter: $filter, minReviewTypes: $min) {
    code reviews findings reviewTypes forces firstSeen lastSeen reviewTypeCount forceCount
    byReviewType { reviewType reviews findings }
    byYear { year reviews findings }
  }
}
"""


def _recurring_expected(entries: list[oracle.RecurringIssue]) -> list[dict[str, Any]]:
    return [
        {
            "code": e.code,
            "reviews": e.reviews,
            "findings": e.findings,
            "reviewTypes": e.review_types,
            "forces": e.forces,
            "firstSeen": e.first_seen,
            "lastSeen": e.last_seen,
            "reviewTypeCount": len(e.review_types),
            "forceCount": len(e.forces),
            "byReviewType": [
                {"reviewType": c.review_type, "reviews": c.reviews, "findings": c.findings}
                for c in e.by_review_type
            ],
            "byYear": [
                {"year": c.year, "reviews": c.reviews, "findings": c.findings} for c in e.by_year
            ],
        }
        for e in entries
    ]


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("dimension", ["PERENNIAL_ISSUE", "THEME", "STRAND", "SYSTEMS_FACTOR"])
async def test_recurring_issues_equal_the_independent_computation(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    visibility: Visibility,
    dimension: oracle.Dimension,
) -> None:
    expected = oracle.recurring_issues(analytics_dataset, dimension, _oracle_visibility(visibility))
    async with api_for(analytics_store, visibility) as client:
        data = await query(client, RECURRING, dimension=dimension, min=1)

    assert data["recurringIssues"] == _recurring_expected(expected)


async def test_recurring_issue_filters_select_the_same_reviews_as_the_definition(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    reviews = list(analytics_dataset.reviews.values())
    force = sorted({f for r in reviews for f in r.force_ids})[0]
    strand = sorted({s for r in reviews for s in r.strands})[0]
    review_type = sorted({r.review_type for r in reviews})[0]
    cases: list[dict[str, Any]] = [
        {"year_from": 2016, "year_to": 2021},
        {"forces": [force]},
        {"strands": [strand]},
        {"review_types": [review_type]},
        {"jurisdiction": "wales"},
        {"min_review_types": 3},
    ]
    async with api_for(analytics_store, PUBLIC) as client:
        for case in cases:
            arguments = {k: v for k, v in case.items() if k != "min_review_types"}
            graphql_filter = {
                "yearFrom": arguments.get("year_from"),
                "yearTo": arguments.get("year_to"),
                "forces": arguments.get("forces"),
                "strands": arguments.get("strands"),
                "reviewTypes": arguments.get("review_types"),
                "jurisdiction": arguments["jurisdiction"].upper()
                if "jurisdiction" in arguments
                else None,
            }
            minimum = case.get("min_review_types", 1)
            expected = oracle.recurring_issues(
                analytics_dataset,
                "PERENNIAL_ISSUE",
                oracle.PUBLIC,
                min_review_types=minimum,
                **arguments,
            )
            data = await query(
                client, RECURRING, dimension="PERENNIAL_ISSUE", filter=graphql_filter, min=minimum
            )
            assert data["recurringIssues"] == _recurring_expected(expected), case
            assert expected, f"the case {case} should select something"


PATHWAY = """
query ($code: String!) {
  issuePathway(code: $code) {
    stages { ...stages }
    byReviewType { reviewType stages { ...stages } }
    openRecommendations(first: 100) { totalCount edges { node { id } } }
    changesWithoutOutcome(first: 100) { totalCount edges { node { id } } }
  }
}
fragment stages on PathwayStages {
  findings reviews recommendations practiceChanges outcomes
  outcomesByDirection { improved noChange worsened unknown }
  findingsAddressed recommendationsImplemented changesWithOutcome outcomesImproved
}
"""


def _stages(s: oracle.PathwayStages) -> dict[str, Any]:
    directions = s.outcomes_by_direction
    return {
        "findings": s.findings,
        "reviews": s.reviews,
        "recommendations": s.recommendations,
        "practiceChanges": s.practice_changes,
        "outcomes": s.outcomes,
        "outcomesByDirection": {
            "improved": directions["improved"],
            "noChange": directions["no_change"],
            "worsened": directions["worsened"],
            "unknown": directions["unknown"],
        },
        "findingsAddressed": pytest.approx(s.findings_addressed),
        "recommendationsImplemented": pytest.approx(s.recommendations_implemented),
        "changesWithOutcome": pytest.approx(s.changes_with_outcome),
        "outcomesImproved": pytest.approx(s.outcomes_improved),
    }


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_issue_pathways_equal_the_independent_computation(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    codes = sorted(analytics_dataset.reference.perennial_issues)
    async with api_for(analytics_store, visibility) as client:
        for code in codes:
            expected = oracle.issue_pathway(analytics_dataset, code, _oracle_visibility(visibility))
            got = (await query(client, PATHWAY, code=code))["issuePathway"]

            assert got["stages"] == _stages(expected.stages), code
            assert got["byReviewType"] == [
                {"reviewType": t, "stages": _stages(s)} for t, s in expected.by_review_type.items()
            ], code
            opened = got["openRecommendations"]
            assert opened["totalCount"] == len(expected.open_recommendations)
            assert [e["node"]["id"] for e in opened["edges"]] == (
                expected.open_recommendations[:100]
            )
            waiting = got["changesWithoutOutcome"]
            assert waiting["totalCount"] == len(expected.changes_without_outcome)
            assert [e["node"]["id"] for e in waiting["edges"]] == (
                expected.changes_without_outcome[:100]
            )


async def test_open_loops_page_through_every_item(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    code = max(
        analytics_dataset.reference.perennial_issues,
        key=lambda c: len(oracle.issue_pathway(analytics_dataset, c).open_recommendations),
    )
    expected = oracle.issue_pathway(analytics_dataset, code).open_recommendations
    page_query = """
    query ($code: String!, $after: String) {
      issuePathway(code: $code) {
        openRecommendations(first: 7, after: $after) {
          edges { node { id } } pageInfo { hasNextPage endCursor }
        }
      }
    }"""
    seen: list[str] = []
    after = None
    async with api_for(analytics_store, PUBLIC) as client:
        while True:
            data = await query(client, page_query, code=code, after=after)
            page = data["issuePathway"]["openRecommendations"]
            seen += [e["node"]["id"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]

    assert seen == expected
    assert len(expected) > 7


CO_OCCURRENCE = """
query ($min: Int!, $issue: String, $first: Int, $after: String) {
  issueCoOccurrence(minReviews: $min, issue: $issue, first: $first, after: $after) {
    totalCount
    edges { node { issueACode issueBCode reviews lift reviewsA reviewsB } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize(("minimum", "with_issue"), [(1, False), (5, False), (1, True)])
async def test_issue_co_occurrence_equals_the_independent_computation(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    visibility: Visibility,
    minimum: int,
    with_issue: bool,
) -> None:
    issue = sorted(analytics_dataset.reference.perennial_issues)[0] if with_issue else None
    expected = oracle.issue_co_occurrence(
        analytics_dataset, _oracle_visibility(visibility), min_reviews=minimum, issue=issue
    )
    got: list[dict[str, Any]] = []
    after = None
    async with api_for(analytics_store, visibility) as client:
        while True:
            data = await query(
                client, CO_OCCURRENCE, min=minimum, issue=issue, first=40, after=after
            )
            page = data["issueCoOccurrence"]
            assert page["totalCount"] == len(expected)
            got += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]

    assert got == [_pair_expected(p) for p in expected]
    assert expected


GAPS = """
query ($share: Float!) {
  learningGaps(minUnimplementedShare: $share) {
    code reviews recommendations unimplemented unimplementedShare firstChangeOn
    reviewsAfterChange
  }
}
"""


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("share", [0.5, 0.9])
async def test_learning_gaps_equal_the_independent_computation(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    visibility: Visibility,
    share: float,
) -> None:
    expected = oracle.learning_gaps(
        analytics_dataset, _oracle_visibility(visibility), min_unimplemented_share=share
    )
    async with api_for(analytics_store, visibility) as client:
        data = await query(client, GAPS, share=share)

    assert data["learningGaps"] == [_gap_expected(g) for g in expected]
    assert expected


@pytest.mark.parametrize(
    ("text", "variables", "code", "mentions"),
    [
        (
            "query ($code: String!) { issuePathway(code: $code) { code } }",
            {"code": "NOT_AN_ISSUE"},
            "NOT_FOUND",
            "issuePathway.code",
        ),
        (
            "query ($f: RecurrenceFilter) { recurringIssues(filter: $f) { code } }",
            {"f": {"forces": ["atlantis"]}},
            "BAD_USER_INPUT",
            "recurringIssues.filter.forces",
        ),
        (
            "query ($f: RecurrenceFilter) { recurringIssues(filter: $f) { code } }",
            {"f": {"yearFrom": 2022, "yearTo": 2012}},
            "BAD_USER_INPUT",
            "yearFrom",
        ),
        (
            "{ recurringIssues(minReviewTypes: 0) { code } }",
            {},
            "BAD_USER_INPUT",
            "minReviewTypes",
        ),
        (
            "{ issueCoOccurrence(first: 500) { totalCount } }",
            {},
            "BAD_USER_INPUT",
            "first",
        ),
        (
            '{ issueCoOccurrence(after: "bogus") { totalCount } }',
            {},
            "BAD_USER_INPUT",
            "after",
        ),
        (
            "{ learningGaps(minUnimplementedShare: 1.5) { code } }",
            {},
            "BAD_USER_INPUT",
            "minUnimplementedShare",
        ),
    ],
)
async def test_bad_arguments_name_the_argument(
    analytics_store: GraphStore, text: str, variables: dict[str, Any], code: str, mentions: str
) -> None:
    async with api_for(analytics_store, PUBLIC) as client:
        error = await query_error(client, text, **variables)

    assert error["extensions"]["code"] == code
    assert mentions in error["message"]


REPEATED = """
query ($min: Int!, $after: String) {
  repeatedRecommendations(minReviews: $min, first: 100, after: $after) {
    totalCount
    edges { node { id text recommendations reviews members { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("minimum", [2, 4])
async def test_repeated_recommendations_equal_the_independent_grouping(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    visibility: Visibility,
    minimum: int,
) -> None:
    expected = oracle.repeated_recommendations(
        analytics_dataset, _oracle_visibility(visibility), min_reviews=minimum
    )
    got: list[dict[str, Any]] = []
    after = None
    async with api_for(analytics_store, visibility) as client:
        while True:
            data = await query(client, REPEATED, min=minimum, after=after)
            page = data["repeatedRecommendations"]
            assert page["totalCount"] == len(expected)
            got += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]

    assert got == [_group_expected(g) for g in expected]
    assert expected
