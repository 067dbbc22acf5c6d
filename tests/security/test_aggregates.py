"""What a reader can learn from aggregates: every analytical figure equals the independent
computation over published, unrestricted material only (oracle.PUBLIC), and differs from the
figure over everything (oracle.EVERYTHING), so restricted material is there and would show.

The queries and the shaping of expected answers are those of the analytics tests.
"""

from collections import Counter
from typing import Any

import httpx
import pytest

from graph_service.domain.visibility import PUBLIC
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.analytics.conftest import api_for, query
from tests.analytics.test_cross_silo import (
    CO_OCCURRENCE,
    GAPS,
    PATHWAY,
    RECURRING,
    REPEATED,
    _gap_expected,
    _group_expected,
    _pair_expected,
    _recurring_expected,
    _stages,
)
from tests.analytics.test_exploration import _related_expected, _whole_ranking
from tests.analytics.test_review_system import (
    OVERVIEW,
    QUALITY,
    _overview_expected,
    _quality_expected,
    _sample_forces,
)

BOTH = (oracle.PUBLIC, oracle.EVERYTHING)


async def _all_pages(
    http: httpx.AsyncClient, text: str, field: str, **variables: Any
) -> list[dict[str, Any]]:
    """Every node of a connection, following cursors; checks totalCount on the way."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        connection = (await query(http, text, after=after, **variables))[field]
        nodes += [edge["node"] for edge in connection["edges"]]
        assert len(nodes) <= connection["totalCount"]
        if not connection["pageInfo"]["hasNextPage"]:
            assert len(nodes) == connection["totalCount"]
            return nodes
        after = connection["pageInfo"]["endCursor"]


@pytest.mark.parametrize("dimension", ["PERENNIAL_ISSUE", "THEME", "STRAND", "SYSTEMS_FACTOR"])
async def test_recurring_issues_count_public_reviews_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, dimension: oracle.Dimension
) -> None:
    public, everything = (
        _recurring_expected(oracle.recurring_issues(analytics_dataset, dimension, seen))
        for seen in BOTH
    )
    async with api_for(analytics_store, PUBLIC) as reader:
        got = (await query(reader, RECURRING, dimension=dimension, min=1))["recurringIssues"]
    assert got == public
    assert got != everything


async def test_recurring_issues_filtered_to_restricted_reviews_stay_public(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    """A filter selecting mostly restricted reviews (their commonest type and force)."""
    hidden = [r for r in analytics_dataset.reviews.values() if r.restricted]
    review_type = Counter(r.review_type for r in hidden).most_common(1)[0][0]
    force = Counter(f for r in hidden for f in r.force_ids).most_common(1)[0][0]
    cases: list[tuple[list[str] | None, list[str] | None]] = [
        ([review_type], None),
        (None, [force]),
    ]
    async with api_for(analytics_store, PUBLIC) as reader:
        for types, forces in cases:
            public, everything = (
                _recurring_expected(
                    oracle.recurring_issues(
                        analytics_dataset,
                        "PERENNIAL_ISSUE",
                        seen,
                        review_types=types,
                        forces=forces,
                    )
                )
                for seen in BOTH
            )
            filter_ = {"reviewTypes": types, "forces": forces}
            got = await query(reader, RECURRING, dimension="PERENNIAL_ISSUE", filter=filter_, min=1)
            assert got["recurringIssues"] == public, filter_
            assert got["recurringIssues"] != everything, filter_


def _pathway_expected(pathway: oracle.IssuePathway) -> dict[str, Any]:
    return {
        "stages": _stages(pathway.stages),
        "byReviewType": [
            {"reviewType": t, "stages": _stages(s)} for t, s in pathway.by_review_type.items()
        ],
        "openRecommendations": {
            "totalCount": len(pathway.open_recommendations),
            "edges": [{"node": {"id": i}} for i in pathway.open_recommendations[:100]],
        },
        "changesWithoutOutcome": {
            "totalCount": len(pathway.changes_without_outcome),
            "edges": [{"node": {"id": i}} for i in pathway.changes_without_outcome[:100]],
        },
    }


async def test_every_issue_pathway_follows_public_material_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    differing = []
    async with api_for(analytics_store, PUBLIC) as reader:
        for code in sorted(analytics_dataset.reference.perennial_issues):
            public, everything = (
                _pathway_expected(oracle.issue_pathway(analytics_dataset, code, seen))
                for seen in BOTH
            )
            got = (await query(reader, PATHWAY, code=code))["issuePathway"]
            assert got == public, code
            if got != everything:
                differing.append(code)
    assert differing


async def test_issue_co_occurrence_counts_public_reviews_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    public, everything = (
        [_pair_expected(p) for p in oracle.issue_co_occurrence(analytics_dataset, seen)]
        for seen in BOTH
    )
    async with api_for(analytics_store, PUBLIC) as reader:
        got = await _all_pages(
            reader, CO_OCCURRENCE, "issueCoOccurrence", min=1, issue=None, first=100
        )
    assert got == public
    assert got != everything


async def test_learning_gaps_count_public_material_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    public, everything = (
        [
            _gap_expected(g)
            for g in oracle.learning_gaps(analytics_dataset, seen, min_unimplemented_share=0.5)
        ]
        for seen in BOTH
    )
    async with api_for(analytics_store, PUBLIC) as reader:
        got = (await query(reader, GAPS, share=0.5))["learningGaps"]
    assert got == public
    assert got != everything


async def test_repeated_recommendations_group_public_recommendations_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    public, everything = (
        [
            _group_expected(g)
            for g in oracle.repeated_recommendations(analytics_dataset, seen, min_reviews=2)
        ]
        for seen in BOTH
    )
    async with api_for(analytics_store, PUBLIC) as reader:
        got = await _all_pages(reader, REPEATED, "repeatedRecommendations", min=2)
    assert got == public
    assert got != everything


async def test_force_overviews_count_public_material_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    forces = _sample_forces(analytics_dataset)
    differing = []
    async with api_for(analytics_store, PUBLIC) as reader:
        for code in forces:
            public, everything = (
                _overview_expected(oracle.force_overview(analytics_dataset, code, seen))
                for seen in BOTH
            )
            got = (await query(reader, OVERVIEW, code=code))["forceOverview"]
            assert got == public, code
            assert got["imrMeanScores"] == []
            if got != everything:
                differing.append(code)
    assert len(forces) >= 5
    assert differing


@pytest.mark.parametrize("group_by", ["NONE", "FORCE", "REVIEW_TYPE", "YEAR"])
async def test_imr_quality_is_empty_for_a_reader(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, group_by: oracle.ImrGroupBy
) -> None:
    public, everything = (
        _quality_expected(group_by, oracle.imr_quality(analytics_dataset, seen, group_by=group_by))
        for seen in BOTH
    )
    hidden = [r for r in analytics_dataset.reviews.values() if r.restricted]
    aimed = {"reviewTypes": [Counter(r.review_type for r in hidden).most_common(1)[0][0]]}
    async with api_for(analytics_store, PUBLIC) as reader:
        got = (await query(reader, QUALITY, groupBy=group_by))["imrQuality"]
        filtered = (await query(reader, QUALITY, groupBy=group_by, filter=aimed))["imrQuality"]
    assert got == public == []
    assert filtered == []
    assert everything


async def test_related_reviews_rank_public_reviews_only(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    public_ids = sorted(r.id for r in analytics_dataset.visible_reviews(oracle.PUBLIC))
    sample = public_ids[:: max(1, len(public_ids) // 5)][:5]
    differing = []
    async with api_for(analytics_store, PUBLIC) as reader:
        for review_id in sample:
            public, everything = (
                [
                    _related_expected(r)
                    for r in oracle.related_reviews(analytics_dataset, review_id, seen)
                ]
                for seen in BOTH
            )
            got = await _whole_ranking(reader, review_id, page_size=100)
            assert got == public, review_id
            if got != everything:
                differing.append(review_id)
    assert differing
