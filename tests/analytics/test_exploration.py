"""reviewLearning, relatedReviews and search over HTTP, each compared with the oracle's
independent computation from the dataset files, under public and full visibility."""

from pathlib import Path
from typing import Any

import pytest
from falkordb import FalkorDB

from graph_service.domain.exploration import MAX_SEARCH_RESULTS
from graph_service.domain.paging import Cursor
from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.store import GraphStore
from graph_service.store.embedded import EmbeddedServer
from tests.analytics import oracle
from tests.analytics.conftest import api_for, query, query_error
from tests.api.conftest import graphql
from tests.graphs import EmbeddedHost

VISIBILITIES = [pytest.param(PUBLIC, id="public"), pytest.param(EVERYTHING, id="everything")]


def _seen_by(visibility: Visibility) -> oracle.Visibility:
    return oracle.Visibility(visibility.include_restricted, visibility.include_imr)


def _sample_reviews(ds: oracle.Dataset, count: int = 8) -> list[str]:
    """Spread over the ids, restricted ones included, plus the review with most findings."""
    ids = sorted(ds.reviews)
    step = max(1, len(ids) // count)
    busiest = max(ids, key=lambda i: (len(ds.findings_of_review.get(i, [])), i))
    restricted = [i for i in ids if ds.reviews[i].restricted][:2]
    return sorted({*ids[::step][:count], busiest, *restricted})


# ---------------------------------------------------------------------------------------------
# reviewLearning

LEARNING = """
query ($id: ID!) {
  reviewLearning(id: $id) {
    review { id }
    findings {
      finding { id }
      recommendations {
        recommendation { id }
        practiceChanges { practiceChange { id } outcomes { id } }
      }
    }
    unlinkedRecommendations {
      recommendation { id }
      practiceChanges { practiceChange { id } outcomes { id } }
    }
  }
}
"""


def _recommendation_expected(item: oracle.RecommendationLearning) -> dict[str, Any]:
    return {
        "recommendation": {"id": item.recommendation_id},
        "practiceChanges": [
            {
                "practiceChange": {"id": change.change_id},
                "outcomes": [{"id": o} for o in change.outcome_ids],
            }
            for change in item.changes
        ],
    }


def _learning_expected(learning: oracle.ReviewLearning) -> dict[str, Any]:
    return {
        "review": {"id": learning.review_id},
        "findings": [
            {
                "finding": {"id": f.finding_id},
                "recommendations": [_recommendation_expected(r) for r in f.recommendations],
            }
            for f in learning.findings
        ],
        "unlinkedRecommendations": [
            _recommendation_expected(r) for r in learning.unlinked_recommendations
        ],
    }


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_review_learning_equals_the_independent_computation(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    seen_by = _seen_by(visibility)
    checked = 0
    async with api_for(analytics_store, visibility) as api:
        for review_id in _sample_reviews(analytics_dataset):
            try:
                expected = oracle.review_learning(analytics_dataset, review_id, seen_by)
            except oracle.NotFoundError:
                error = await query_error(api, LEARNING, id=review_id)
                assert error["extensions"]["code"] == "NOT_FOUND", error
                continue
            data = await query(api, LEARNING, id=review_id)
            assert data["reviewLearning"] == _learning_expected(expected), review_id
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_review_learning_of_every_hand_worked_review(
    hand_store: GraphStore, hand_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    """The hand-worked data has a recommendation that addresses no finding (R1-REC3)."""
    seen_by = _seen_by(visibility)
    async with api_for(hand_store, visibility) as api:
        for review_id in hand_dataset.reviews:
            try:
                expected = oracle.review_learning(hand_dataset, review_id, seen_by)
            except oracle.NotFoundError:
                error = await query_error(api, LEARNING, id=review_id)
                assert error["extensions"]["code"] == "NOT_FOUND", error
                continue
            data = await query(api, LEARNING, id=review_id)
            assert data["reviewLearning"] == _learning_expected(expected), review_id
            if review_id == "R1":
                unlinked = data["reviewLearning"]["unlinkedRecommendations"]
                assert [r["recommendation"]["id"] for r in unlinked] == ["R1-REC3"]


async def test_review_learning_of_unknown_or_restricted_reviews_is_not_found(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    restricted = next(r.id for r in analytics_dataset.reviews.values() if r.restricted)
    async with api_for(analytics_store, PUBLIC) as api:
        for review_id in ("NO-SUCH-REVIEW", restricted):
            error = await query_error(api, LEARNING, id=review_id)
            assert error["extensions"]["code"] == "NOT_FOUND"
            assert repr(review_id) in error["message"]
            assert error["message"].startswith("id:")
    async with api_for(analytics_store, EVERYTHING) as api:
        data = await query(api, LEARNING, id=restricted)
        assert data["reviewLearning"]["review"] == {"id": restricted}


# ---------------------------------------------------------------------------------------------
# relatedReviews

RELATED = """
query ($id: ID!, $first: Int, $after: String) {
  relatedReviews(id: $id, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor
      node {
        review { id }
        score
        shared
        sharedPerennialIssues { code }
        sharedThemes { code }
        sharedSystemsFactors { code }
      }
    }
  }
}
"""


def _related_expected(item: oracle.RelatedReview) -> dict[str, Any]:
    return {
        "review": {"id": item.review_id},
        "score": item.score,
        "shared": item.shared,
        "sharedPerennialIssues": [{"code": c} for c in item.shared_perennial_issues],
        "sharedThemes": [{"code": c} for c in item.shared_themes],
        "sharedSystemsFactors": [{"code": c} for c in item.shared_systems_factors],
    }


async def _whole_ranking(api: Any, review_id: str, page_size: int) -> list[dict[str, Any]]:
    """Every related review, following cursors page by page; checks the page flags."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        data = await query(api, RELATED, id=review_id, first=page_size, after=after)
        connection = data["relatedReviews"]
        info = connection["pageInfo"]
        assert info["hasPreviousPage"] == (after is not None)
        nodes.extend(edge["node"] for edge in connection["edges"])
        assert len(nodes) <= connection["totalCount"]
        if not info["hasNextPage"]:
            assert len(nodes) == connection["totalCount"]
            return nodes
        assert len(connection["edges"]) == page_size
        after = info["endCursor"]


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_related_reviews_equal_the_independent_computation(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    seen_by = _seen_by(visibility)
    checked = 0
    async with api_for(analytics_store, visibility) as api:
        for review_id in _sample_reviews(analytics_dataset, count=5):
            try:
                expected = oracle.related_reviews(analytics_dataset, review_id, seen_by)
            except oracle.NotFoundError:
                error = await query_error(api, RELATED, id=review_id)
                assert error["extensions"]["code"] == "NOT_FOUND", error
                continue
            ranking = await _whole_ranking(api, review_id, page_size=100)
            assert ranking == [_related_expected(r) for r in expected], review_id
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_related_reviews_of_every_hand_worked_review(
    hand_store: GraphStore, hand_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    seen_by = _seen_by(visibility)
    async with api_for(hand_store, visibility) as api:
        for review_id in hand_dataset.reviews:
            try:
                expected = oracle.related_reviews(hand_dataset, review_id, seen_by)
            except oracle.NotFoundError:
                error = await query_error(api, RELATED, id=review_id)
                assert error["extensions"]["code"] == "NOT_FOUND", error
                continue
            ranking = await _whole_ranking(api, review_id, page_size=2)
            assert ranking == [_related_expected(r) for r in expected], review_id


async def test_related_reviews_stay_exact_while_code_vectors_are_rebuilt(
    embedded_server: EmbeddedServer, hand_dataset_folder: Path, hand_dataset: oracle.Dataset
) -> None:
    """As after a taxonomy added codes, part-way through a refresh (or after one was
    interrupted): some reviews' vectors were built over another code space (another length),
    one review has none yet. Comparing such vectors would fail; the ranking must fall back to
    the code lists and stay exact."""
    # The code vectors are the embedded engine's own (Neo4j Community compares code lists).
    host = EmbeddedHost(embedded_server)
    name = await host.load(hand_dataset_folder, "vectors")
    async with host.open(name) as store:
        space = sorted(row["code"] for row in await store.read("derived/code_space"))
    # Written with the engine's own client: no statement of the service writes such a state.
    # Closed before the test ends, or the embedded server would outlive the test session.
    client = FalkorDB(unix_socket_path=embedded_server.socket_path)
    try:
        graph = client.select_graph(name)
        raised = dict(graph.query("MATCH (r:Review) RETURN r.id, r.raisedCodes").result_set)
        unused = next(c for c in space if not any(c in codes for codes in raised.values()))
        older = [code for code in space if code != unused]  # the space before it was added
        first, *others = sorted(hand_dataset.reviews)
        for review_id in others[::2]:
            graph.query(
                "MATCH (r:Review {id: $id}) "
                "SET r.codeVector = vecf32($vector), r.codeSpace = 'older'",
                {"id": review_id, "vector": [float(c in raised[review_id]) for c in older]},
            )
        graph.query(
            "MATCH (r:Review {id: $id}) SET r.codeVector = null, r.codeSpace = null",
            {"id": first},
        )
        graph.query("MATCH (s:CodeSpace) SET s.complete = false")  # derived/code_vectors_begin
    finally:
        client.close()
    async with host.open(name) as store, api_for(store, EVERYTHING) as api:
        for review_id in hand_dataset.reviews:
            expected = oracle.related_reviews(hand_dataset, review_id, oracle.EVERYTHING)
            ranking = await _whole_ranking(api, review_id, page_size=2)
            assert ranking == [_related_expected(r) for r in expected], review_id


async def test_related_review_pages_follow_on_from_their_cursors(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    review_id = _sample_reviews(analytics_dataset)[-1]
    async with api_for(analytics_store, EVERYTHING) as api:
        whole = await _whole_ranking(api, review_id, page_size=100)
        in_pages = await _whole_ranking(api, review_id, page_size=7)
        empty = await query(api, RELATED, id=review_id, first=0)
    assert in_pages == whole
    assert len(whole) > 7
    assert empty["relatedReviews"]["edges"] == []
    assert empty["relatedReviews"]["pageInfo"]["hasNextPage"] is True


async def test_related_reviews_refuse_unknown_ids_and_foreign_or_malformed_cursors(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    public = [r.id for r in analytics_dataset.visible_reviews(oracle.PUBLIC)]
    restricted = next(r.id for r in analytics_dataset.reviews.values() if r.restricted)
    async with api_for(analytics_store, PUBLIC) as api:
        for review_id in ("NO-SUCH-REVIEW", restricted):
            error = await query_error(api, RELATED, id=review_id)
            assert error["extensions"]["code"] == "NOT_FOUND"
            assert repr(review_id) in error["message"]
        first = await query(api, RELATED, id=public[0], first=2)
        cursor = first["relatedReviews"]["pageInfo"]["endCursor"]
        forged = [
            Cursor(f"related:{public[0]}", key, "x").encode() for key in ("²", "-1", "9" * 30)
        ]
        for after in ("not-a-cursor", "", "W10", *forged):
            error = await query_error(api, RELATED, id=public[0], after=after)
            assert error["extensions"]["code"] == "BAD_USER_INPUT"
            assert error["message"].startswith("after:")
        # A cursor from another review's ranking points into a different list.
        error = await query_error(api, RELATED, id=public[1], after=cursor)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"].startswith("after:")
        error = await query_error(api, RELATED, id=public[0], first=101)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"].startswith("first:")


# ---------------------------------------------------------------------------------------------
# search

SEARCH = """
query ($text: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(text: $text, kinds: $kinds, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      node {
        kind id score
        review { id }
        finding { id }
        recommendation { id }
        practiceChange { id }
      }
    }
  }
}
"""


async def _search(api: Any, **variables: Any) -> dict[str, Any]:
    """The search connection (its variables include ``text``, which query() takes itself)."""
    body = await graphql(api, SEARCH, variables)
    assert "errors" not in body, body["errors"]
    found: dict[str, Any] = body["data"]["search"]
    return found


async def _search_error(api: Any, **variables: Any) -> dict[str, Any]:
    body = await graphql(api, SEARCH, variables)
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    return error


# Phrases of the generated texts; the tests use those matching fewer entities than search
# serves, so that every match can be fetched, whatever the size of the dataset under test.
CANDIDATE_TEXTS = (
    "call handler",
    "professional curiosity",
    "staff turnover",
    "missed appointments",
    "call handler neighbour",
    "staff turnover supervision",
    "escalation policy",
    "learning embedded frontline",
)


def _searchable(ds: oracle.Dataset) -> list[str]:
    # Half the cap: the engine also matches other forms of a word (stemming), so it may find
    # more than the words alone hold.
    limit = MAX_SEARCH_RESULTS // 2
    texts = [
        text
        for text in CANDIDATE_TEXTS
        if 0 < len(oracle.entities_with_all_words(ds, text, oracle.EVERYTHING)) < limit
    ]
    assert texts, f"no candidate text matches between 1 and {limit - 1} entities of this dataset"
    return texts


ENTITY_FIELDS = {
    "FINDING": "finding",
    "RECOMMENDATION": "recommendation",
    "PRACTICE_CHANGE": "practiceChange",
}


async def _all_hits(api: Any, text: str, kinds: list[str] | None = None) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = []
    after = None
    while True:
        connection = await _search(api, text=text, kinds=kinds, first=100, after=after)
        hits.extend(edge["node"] for edge in connection["edges"])
        if not connection["pageInfo"]["hasNextPage"] or len(hits) >= MAX_SEARCH_RESULTS:
            assert len(hits) == min(connection["totalCount"], MAX_SEARCH_RESULTS)
            return hits
        after = connection["pageInfo"]["endCursor"]


def _visible(ds: oracle.Dataset, seen_by: oracle.Visibility, kind: str, id_: str) -> bool:
    match kind:
        case "REVIEW":
            return id_ in ds.reviews and ds.sees(seen_by, id_)
        case "FINDING":
            return id_ in ds.findings and ds.sees(seen_by, ds.findings[id_].review_id)
        case "RECOMMENDATION":
            found = ds.recommendations.get(id_)
            return found is not None and ds.sees(seen_by, found.review_id)
        case _:
            return id_ in ds.practice_changes


def _review_of(ds: oracle.Dataset, kind: str, id_: str) -> dict[str, str] | None:
    match kind:
        case "REVIEW":
            return {"id": id_}
        case "FINDING":
            return {"id": ds.findings[id_].review_id}
        case "RECOMMENDATION":
            return {"id": ds.recommendations[id_].review_id}
        case _:
            return None


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_search_finds_every_visible_entity_holding_the_words_and_nothing_hidden(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, visibility: Visibility
) -> None:
    seen_by = _seen_by(visibility)
    async with api_for(analytics_store, visibility) as api:
        for text in _searchable(analytics_dataset):
            expected = oracle.entities_with_all_words(analytics_dataset, text, seen_by)
            assert 0 < len(expected) < 1_000, text
            hits = await _all_hits(api, text)
            found = {(hit["kind"], hit["id"]) for hit in hits}
            assert expected <= found, (text, sorted(expected - found)[:5])
            assert len(found) == len(hits), "each entity once"
            for hit in hits:
                kind, id_ = hit["kind"], hit["id"]
                assert _visible(analytics_dataset, seen_by, kind, id_), (text, kind, id_)
                assert hit["review"] == _review_of(analytics_dataset, kind, id_)
                for field_kind, field in ENTITY_FIELDS.items():
                    assert hit[field] == ({"id": id_} if field_kind == kind else None)
            ranked = [(hit["score"], hit["kind"], hit["id"]) for hit in hits]
            scored = [
                (float(oracle.search_score(analytics_dataset, text, kind, id_)), kind, id_)
                for _, kind, id_ in ranked
            ]
            assert ranked == scored, text  # the score the data gives, not the index's
            assert ranked == sorted(ranked, key=oracle.search_rank), text


async def test_search_hides_restricted_reviews_from_the_public(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    restricted = [r for r in analytics_dataset.reviews.values() if r.restricted]
    text = restricted[0].title
    hidden = {("REVIEW", r.id) for r in restricted}
    async with api_for(analytics_store, PUBLIC) as api:
        public = {(h["kind"], h["id"]) for h in await _all_hits(api, text, ["REVIEW"])}
    async with api_for(analytics_store, EVERYTHING) as api:
        everything = {(h["kind"], h["id"]) for h in await _all_hits(api, text, ["REVIEW"])}
    assert ("REVIEW", restricted[0].id) in everything
    assert not public & hidden
    assert public == everything - hidden


async def test_search_keeps_to_the_kinds_asked_for_and_pages_follow_on(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    text = _searchable(analytics_dataset)[0]
    async with api_for(analytics_store, EVERYTHING) as api:
        whole = await _all_hits(api, text)
        some = await _all_hits(api, text, ["RECOMMENDATION", "PRACTICE_CHANGE"])
        in_pages: list[dict[str, Any]] = []
        after = None
        while True:
            page = await _search(api, text=text, first=9, after=after)
            in_pages.extend(edge["node"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    assert in_pages == whole
    assert {h["kind"] for h in some} <= {"RECOMMENDATION", "PRACTICE_CHANGE"}
    assert some == [h for h in whole if h["kind"] in {"RECOMMENDATION", "PRACTICE_CHANGE"}]


# Each of these holds query syntax of one engine or the other, or Cypher; reduced to its words
# it must search for exactly those words, as data. The first ones match something.
INJECTIONS = {
    '"call" | handler*': "call handler",
    "@text:(staff) turnover~": "text staff turnover",
    "(call) AND handler^2": "call and handler 2",
    "call* handler~2 -curiosity": "call handler 2 curiosity",
    "call') YIELD node RETURN node //": "call yield node return",
    'handler\\" } MATCH (n) DETACH DELETE n //': "handler match n detach delete",
    "%call% {handler} [curiosity] $x": "call handler curiosity x",
}


async def test_query_syntax_in_search_text_is_only_words(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset
) -> None:
    async with api_for(analytics_store, EVERYTHING) as api:
        answers = {text: await _all_hits(api, text) for text in INJECTIONS}
        for text, words in INJECTIONS.items():
            assert answers[text] == await _all_hits(api, words), text
        count = await query(api, "{ reviews(first: 0) { totalCount } }")
    assert answers['"call" | handler*']
    assert count["reviews"]["totalCount"] == len(analytics_dataset.reviews)


async def test_search_refuses_text_without_words_and_bad_arguments(
    analytics_store: GraphStore,
) -> None:
    async with api_for(analytics_store, PUBLIC) as api:
        for text in ("", "   ", "*", '"" | @:', "_ -- //"):
            error = await _search_error(api, text=text)
            assert error["extensions"]["code"] == "BAD_USER_INPUT", text
            assert error["message"].startswith("text:"), error
        error = await _search_error(api, text=" ".join(f"w{n}" for n in range(17)))
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"].startswith("text:")
        error = await _search_error(api, text="call", kinds=[])
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"].startswith("kinds:")
        error = await _search_error(api, text="call", after="bad")
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"].startswith("after:")
        first = await _search(api, text="call", first=1)
        cursor = first["pageInfo"]["endCursor"]
        error = await _search_error(api, text="handler", after=cursor)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
