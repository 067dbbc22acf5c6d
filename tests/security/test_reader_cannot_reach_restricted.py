"""A reader trying to reach restricted material: by id, through errors, search, counts, forged
cursors, filters on what only restricted reviews have, relationship fields of public nodes,
and the fields and mutations kept for analysts and admins.

Every check is made twice: the reader must not reach the material, and an analyst asking the
same question must, so that each test shows the material is there to be reached.
"""

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.domain.access import Role
from graph_service.domain.exploration import MAX_SEARCH_RESULTS
from graph_service.domain.paging import Cursor
from graph_service.domain.visibility import EVERYTHING, PUBLIC
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.analytics.conftest import api_for, query, query_error
from tests.api.conftest import as_list, graphql, read_rows
from tests.security.conftest import Restricted, bearer, codes, issue, post, serve

# ---------------------------------------------------------------------------------------------
# Single lookups


# Relationship lists take at most this many items per parent here (the request cost limit
# multiplies page sizes through nesting); a list that comes back full might have been cut, so
# the walks below fail rather than miss what lies beyond it.
NESTED = {"findings": 30, "recommendations": 30}
NESTED_OTHERS = 10
_LISTS = re.compile(
    r"\b(relatedReviews|findings|recommendations|imrAssessments|citedBy|briefings|reviews|"
    r"practiceChanges|implements|outcomes)( \{)"
)


def _bounded(selection: str) -> str:
    """``selection`` with every relationship list asking for its bound."""

    def bound(found: re.Match[str]) -> str:
        return f"{found[1]}(first: {NESTED.get(found[1], NESTED_OTHERS)}){found[2]}"

    return _LISTS.sub(bound, selection)


def _assert_uncut(found: Any, where: str) -> None:
    """No nested list came back full, so nothing was cut off by its bound."""
    if isinstance(found, dict):
        for key, value in found.items():
            if isinstance(value, list):
                limit = NESTED.get(key, NESTED_OTHERS)
                assert len(value) < limit, f"{where}: {key} may be cut at {limit}; raise it"
            _assert_uncut(value, where)
    elif isinstance(found, list):
        for item in found:
            _assert_uncut(item, where)


async def _lookups(
    http: httpx.AsyncClient, field: str, ids: list[str], selection: str = "id"
) -> dict[str, Any]:
    """``field(id:)`` for every id, 25 to a request (aliases are limited), by id."""
    found: dict[str, Any] = {}
    for chunk in itertools.batched(ids, 25):
        names = {f"v{n}": id_ for n, id_ in enumerate(chunk)}
        text = (
            "query ("
            + ", ".join(f"${name}: ID!" for name in names)
            + ") { "
            + " ".join(
                f"{name}: {field}(id: ${name}) {{ {_bounded(selection)} }}" for name in names
            )
            + " }"
        )
        data = await query(http, text, **names)
        _assert_uncut(data, field)
        found.update({id_: data[name] for name, id_ in names.items()})
    return found


LOOKUP_KINDS = {
    "review": lambda r: r.reviews,
    "finding": lambda r: r.findings,
    "recommendation": lambda r: r.recommendations,
    "imrAssessment": lambda r: r.imr_assessments,
}


@pytest.mark.parametrize("field", LOOKUP_KINDS)
async def test_a_reader_gets_null_for_every_restricted_id(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    restricted: Restricted,
    field: str,
) -> None:
    hidden: list[str] = sorted(LOOKUP_KINDS[field](restricted))
    assert hidden
    async with api_for(analytics_store, PUBLIC) as reader:
        as_reader = await _lookups(reader, field, hidden)
    async with api_for(analytics_store, EVERYTHING) as analyst:
        as_analyst = await _lookups(analyst, field, hidden)
    assert {id_ for id_, found in as_reader.items() if found is not None} == set()
    assert as_analyst == {id_: {"id": id_} for id_ in hidden}


async def test_a_reader_still_gets_public_material_by_id(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    """The other side of the test above: lookups work, they only hide what they must."""
    public = {
        "review": sorted(set(analytics_dataset.reviews) - restricted.reviews)[:30],
        "finding": sorted(set(analytics_dataset.findings) - restricted.findings)[:30],
        "recommendation": sorted(
            set(analytics_dataset.recommendations) - restricted.recommendations
        )[:30],
    }
    async with api_for(analytics_store, PUBLIC) as reader:
        for field, ids in public.items():
            assert await _lookups(reader, field, ids) == {id_: {"id": id_} for id_ in ids}


CHANGE = """
id
implements { id review { id } findings { id } }
outcomes { id practiceChange { implements { id } } }
"""


async def test_practice_changes_and_outcomes_show_a_reader_no_restricted_recommendation(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    """Practice changes and outcomes are not restricted (docs/analytics.md), but the
    recommendations they implement are when their review is."""
    ds = analytics_dataset
    linked = sorted(
        c.id for c in ds.practice_changes.values() if c.implements & restricted.recommendations
    )
    outcomes = sorted(o.id for c in linked for o in ds.outcomes_of_change.get(c, []))
    assert linked
    assert outcomes
    async with api_for(analytics_store, PUBLIC) as reader:
        changes_read = await _lookups(reader, "practiceChange", linked, CHANGE)
        outcomes_read = await _lookups(
            reader, "outcome", outcomes, "id practiceChange { implements { id } }"
        )
    async with api_for(analytics_store, EVERYTHING) as analyst:
        changes_seen = await _lookups(analyst, "practiceChange", linked, CHANGE)
    for change_id, found in changes_read.items():
        public = sorted(ds.practice_changes[change_id].implements - restricted.recommendations)
        assert [r["id"] for r in found["implements"]] == public, change_id
    assert restricted.leaked(json.dumps(changes_read)) == set()
    assert restricted.leaked(json.dumps(outcomes_read)) == set()
    assert all(found is not None for found in outcomes_read.values())
    assert restricted.leaked(json.dumps(changes_seen))  # the analyst does reach them


# ---------------------------------------------------------------------------------------------
# Errors that could tell a restricted id from an unknown one

EXPLORATION = {
    "reviewLearning": "query ($id: ID!) { reviewLearning(id: $id) { review { id } } }",
    "relatedReviews": "query ($id: ID!) { relatedReviews(id: $id) { totalCount } }",
}
UNKNOWN_REVIEW = "R999999"


@pytest.mark.parametrize("field", EXPLORATION)
async def test_a_restricted_id_is_refused_exactly_like_an_unknown_one(
    analytics_store: GraphStore, restricted: Restricted, field: str
) -> None:
    text = EXPLORATION[field]
    hidden = sorted(restricted.reviews)[::10]
    async with api_for(analytics_store, PUBLIC) as reader:
        unknown = await graphql(reader, text, {"id": UNKNOWN_REVIEW})
        refusals = {id_: await graphql(reader, text, {"id": id_}) for id_ in hidden}
    async with api_for(analytics_store, EVERYTHING) as analyst:
        answered = [await query(analyst, text, id=id_) for id_ in hidden]
    assert codes(unknown) == ["NOT_FOUND"]
    shape = json.dumps(unknown).replace(UNKNOWN_REVIEW, "<id>")
    for id_, refusal in refusals.items():
        assert json.dumps(refusal).replace(id_, "<id>") == shape, id_
    assert all(answer[field] is not None for answer in answered)


# ---------------------------------------------------------------------------------------------
# Search and related reviews

SEARCH = """
query ($text: String!, $kinds: [SearchKind!], $after: String) {
  search(text: $text, kinds: $kinds, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      kind id
      review { id }
      finding { id review { id } }
      recommendation { id review { id } findings { id } }
      practiceChange { id implements { id } }
    }
  }
}
"""
_WORD = re.compile(r"[^\W_]+")


async def _hits(http: httpx.AsyncClient, text: str, kinds: list[str]) -> tuple[set[str], str]:
    """The (kind:id) of every hit, and the whole answer as text; the total counted must be
    the hits served (a count of hidden matches would tell they exist)."""
    found: set[str] = set()
    pages: list[str] = []
    after = None
    while True:
        body = await graphql(http, SEARCH, {"text": text, "kinds": kinds, "after": after})
        assert "errors" not in body, body
        pages.append(json.dumps(body))
        connection = body["data"]["search"]
        found |= {f"{hit['kind']}:{hit['id']}" for hit in connection["nodes"]}
        if not connection["pageInfo"]["hasNextPage"] or len(found) >= MAX_SEARCH_RESULTS:
            assert len(found) == min(connection["totalCount"], MAX_SEARCH_RESULTS), text
            return found, "\n".join(pages)
        after = connection["pageInfo"]["endCursor"]


def _searches(ds: oracle.Dataset, restricted: Restricted) -> list[tuple[str, list[str]]]:
    """Texts taken from restricted material: a review title with its summary's rarest words,
    and the last words of a finding and of a recommendation, each matching a few hundred
    entities at most (so that search returns every match)."""
    wanted: list[tuple[str, list[str]]] = []
    candidates: list[tuple[str, str]] = []
    for review_id in sorted(restricted.reviews):
        review = ds.reviews[review_id]
        candidates.append(("REVIEW", f"{review.title} {review.summary or ''}"))
    candidates += [("FINDING", ds.findings[i].text) for i in sorted(restricted.findings)]
    candidates += [
        ("RECOMMENDATION", ds.recommendations[i].text) for i in sorted(restricted.recommendations)
    ]
    for kind in ("REVIEW", "FINDING", "RECOMMENDATION"):
        for candidate_kind, source in candidates:
            if candidate_kind != kind:
                continue
            text = " ".join(_WORD.findall(source)[-8:])
            matches = oracle.entities_with_all_words(ds, text, oracle.EVERYTHING)
            hidden = {id_ for k, id_ in matches if k == kind} & restricted.hidden_from_readers
            if hidden and len(matches) < MAX_SEARCH_RESULTS // 3:
                wanted.append((text, [kind]))
                break
    assert len(wanted) == 3, wanted
    wanted.append((wanted[1][0], ["REVIEW", "FINDING", "RECOMMENDATION", "PRACTICE_CHANGE"]))
    return wanted


async def test_search_never_returns_restricted_material_to_a_reader(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    def hidden(hit: str) -> bool:
        return hit.partition(":")[2] in restricted.hidden_from_readers

    searches = _searches(analytics_dataset, restricted)
    async with api_for(analytics_store, PUBLIC) as reader:
        as_reader = [await _hits(reader, text, kinds) for text, kinds in searches]
    async with api_for(analytics_store, EVERYTHING) as analyst:
        as_analyst = [await _hits(analyst, text, kinds) for text, kinds in searches]
    for (text, kinds), (read, answer), (seen, _) in zip(
        searches, as_reader, as_analyst, strict=True
    ):
        assert restricted.leaked(answer) == set(), (text, kinds)
        assert {hit for hit in seen if hidden(hit)}, (text, kinds)  # the analyst finds it
        assert read == {hit for hit in seen if not hidden(hit)}, (text, kinds)


RELATED = """
query ($id: ID!) {
  relatedReviews(id: $id, first: 100) {
    totalCount
    nodes { review { id relatedReviews { id } } sharedPerennialIssues { code } }
  }
}
"""


async def test_related_reviews_of_public_reviews_never_hold_restricted_ones(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    public = sorted(set(analytics_dataset.reviews) - restricted.reviews)[::40]
    async with api_for(analytics_store, PUBLIC) as reader:
        as_reader = {id_: await query(reader, RELATED, id=id_) for id_ in public}
    async with api_for(analytics_store, EVERYTHING) as analyst:
        as_analyst = {id_: await query(analyst, RELATED, id=id_) for id_ in public}
    for id_ in public:
        expected = oracle.related_reviews(analytics_dataset, id_, oracle.PUBLIC)
        assert as_reader[id_]["relatedReviews"]["totalCount"] == len(expected)
        assert restricted.leaked(json.dumps(as_reader[id_])) == set(), id_
    assert any(restricted.leaked(json.dumps(answer)) for answer in as_analyst.values())


# ---------------------------------------------------------------------------------------------
# Counts

COUNTS = """
{
  reviews(first: 0) { totalCount }
  findings(first: 0) { totalCount }
  recommendations(first: 0) { totalCount }
  practiceChanges(first: 0) { totalCount }
  outcomes(first: 0) { totalCount }
  imrAssessments(first: 0) { totalCount }
}
"""


async def test_list_counts_count_only_what_a_reader_may_see(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    ds = analytics_dataset
    async with api_for(analytics_store, PUBLIC) as reader:
        as_reader = await query(reader, COUNTS)
    async with api_for(analytics_store, EVERYTHING) as analyst:
        as_analyst = await query(analyst, COUNTS)
    counted = {field: found["totalCount"] for field, found in as_reader.items()}
    assert counted == {
        "reviews": len(ds.reviews) - len(restricted.reviews),
        "findings": len(ds.findings) - len(restricted.findings),
        "recommendations": len(ds.recommendations) - len(restricted.recommendations),
        # Not restricted (docs/analytics.md): every one counts.
        "practiceChanges": len(ds.practice_changes),
        "outcomes": len(ds.outcomes),
        "imrAssessments": 0,
    }
    assert {field: found["totalCount"] for field, found in as_analyst.items()} == {
        "reviews": len(ds.reviews),
        "findings": len(ds.findings),
        "recommendations": len(ds.recommendations),
        "practiceChanges": len(ds.practice_changes),
        "outcomes": len(ds.outcomes),
        "imrAssessments": len(ds.imr_assessments),
    }


# ---------------------------------------------------------------------------------------------
# Cursors forged from restricted nodes

PAGE = """
query ($after: String, $before: String, $first: Int, $last: Int, $order: ReviewOrder!) {
  reviews(orderBy: $order, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage }
    edges { cursor node { id } }
  }
}
"""


def _review_key(review: oracle.Review, order: str) -> str:
    return review.title if order.startswith("TITLE") else review.published_on or ""


@pytest.mark.parametrize("order", ["PUBLISHED_DESC", "TITLE_ASC"])
async def test_a_cursor_forged_from_a_restricted_review_gives_only_public_reviews(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, order: str
) -> None:
    ds = analytics_dataset
    descending = order.endswith("DESC")
    hidden = next(r for r in ds.reviews.values() if r.restricted and r.published_on)
    position = (_review_key(hidden, order), hidden.id)
    cursor = Cursor(order, *position).encode()
    public = sorted(
        (r for r in ds.visible_reviews(oracle.PUBLIC)),
        key=lambda r: (_review_key(r, order), r.id),
        reverse=descending,
    )

    def after(r: oracle.Review) -> bool:
        key = (_review_key(r, order), r.id)
        return key < position if descending else key > position

    following = [r.id for r in public if after(r)][:10]
    preceding = [r.id for r in public if not after(r)][-10:]
    async with api_for(analytics_store, PUBLIC) as reader:
        forward = await query(reader, PAGE, after=cursor, first=10, order=order)
        backward = await query(reader, PAGE, before=cursor, last=10, order=order)
    assert [e["node"]["id"] for e in forward["reviews"]["edges"]] == following
    assert [e["node"]["id"] for e in backward["reviews"]["edges"]] == preceding
    assert len(following) == len(preceding) == 10
    for page in (forward, backward):
        assert page["reviews"]["totalCount"] == len(public)
        for edge in page["reviews"]["edges"]:
            decoded = Cursor.decode(edge["cursor"], argument="after", order=order)
            assert decoded.id not in {r.id for r in ds.reviews.values() if r.restricted}


async def test_forged_cursors_over_findings_and_imr_assessments_give_nothing_hidden(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    finding = sorted(restricted.findings)[len(restricted.findings) // 2]
    assessment = sorted(restricted.imr_assessments)[0]
    texts = {
        "findings": "query ($c: String) { findings(first: 10, after: $c) "
        "{ totalCount edges { cursor node { id review { id } } } } }",
        "imrAssessments": "query ($c: String) { imrAssessments(first: 10, after: $c) "
        "{ totalCount edges { node { id } } } }",
    }
    async with api_for(analytics_store, PUBLIC) as reader:
        findings = await query(
            reader, texts["findings"], c=Cursor("ID_ASC", finding, finding).encode()
        )
        assessments = await query(
            reader, texts["imrAssessments"], c=Cursor("ID_ASC", assessment, assessment).encode()
        )
    expected = sorted(
        f for f in set(analytics_dataset.findings) - restricted.findings if f > finding
    )[:10]
    assert [e["node"]["id"] for e in findings["findings"]["edges"]] == expected
    assert restricted.leaked(json.dumps(findings)) == set()
    assert assessments == {"imrAssessments": {"totalCount": 0, "edges": []}}


# ---------------------------------------------------------------------------------------------
# Filters on what only restricted material has

LIST = """
query ($f: {filter}, $after: String) {
  {field}(filter: $f, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id }
  }
}
"""
FILTER_TYPES = {
    "reviews": "ReviewFilter",
    "findings": "FindingFilter",
    "recommendations": "RecommendationFilter",
    "practiceChanges": "PracticeChangeFilter",
    "imrAssessments": "ImrAssessmentFilter",
}


async def _listed(
    http: httpx.AsyncClient, field: str, filter_: dict[str, Any]
) -> tuple[list[str], int]:
    """Every id the filtered list holds, following cursors, and its totalCount."""
    text = LIST.replace("{filter}", FILTER_TYPES[field]).replace("{field}", field)
    ids: list[str] = []
    after = None
    while True:
        data = await query(http, text, f=filter_, after=after)
        connection = data[field]
        ids += [node["id"] for node in connection["nodes"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return ids, int(connection["totalCount"])
        after = connection["pageInfo"]["endCursor"]


type Case = tuple[str, dict[str, Any], set[str], set[str]]


def _most_restricted[T](values: Counter[T]) -> T:
    return values.most_common(1)[0][0]


def _filter_cases(ds: oracle.Dataset, folder: Path, restricted: Restricted) -> list[Case]:
    """(field, filter, ids a reader must get, ids an analyst must get), each filter aimed at
    what restricted material has."""
    reviews = list(ds.reviews.values())
    hidden = [r for r in reviews if r.restricted]
    involved = {
        row["review_id"]: as_list(row.get("agency_ids")) for row in read_rows(folder, "reviews")
    }

    def reviews_where(keep: Callable[[oracle.Review], bool]) -> tuple[set[str], set[str]]:
        matching = {r.id for r in reviews if keep(r)}
        return matching - restricted.reviews, matching

    cases: list[Case] = []

    def add_reviews(
        name: str, filter_: dict[str, Any], keep: Callable[[oracle.Review], bool]
    ) -> None:
        public, every = reviews_where(keep)
        cases.append(("reviews", filter_, public, every))

    add_reviews(
        "unpublished",
        {"statuses": ["COMMISSIONED", "IN_PROGRESS", "WITHDRAWN"]},
        lambda r: r.status != "published",
    )
    add_reviews("published", {"statuses": ["PUBLISHED"]}, lambda r: r.status == "published")
    review_type = _most_restricted(Counter(r.review_type for r in hidden))
    add_reviews("type", {"reviewTypes": [review_type]}, lambda r: r.review_type == review_type)
    year = _most_restricted(Counter(r.year for r in hidden if r.year))
    add_reviews("year", {"yearFrom": year, "yearTo": year}, lambda r: r.year == year)
    day = min(
        {r.published_on for r in hidden if r.published_on}
        - {r.published_on for r in reviews if not r.restricted}
    )
    add_reviews(
        "publication day", {"publishedFrom": day, "publishedTo": day},
        lambda r: r.published_on == day,
    )  # fmt: skip
    force = _most_restricted(Counter(f for r in hidden for f in r.force_ids))
    add_reviews("force", {"forces": [force]}, lambda r: force in r.force_ids)
    strand = _most_restricted(Counter(s for r in hidden for s in r.strands))
    add_reviews("strand", {"strands": [strand]}, lambda r: strand in r.strands)
    agency = _most_restricted(
        Counter(
            a
            for r in hidden
            for a in involved[r.id]
            if not any(a in involved[p.id] for p in reviews if not p.restricted)
        )
    )
    add_reviews("agency", {"agencies": [agency]}, lambda r: agency in involved[r.id])

    some_hidden = sorted(restricted.reviews)[:12]
    one_public = min(set(ds.reviews) - restricted.reviews)
    wanted = {*some_hidden, one_public}
    findings = {f.id for f in ds.findings.values() if f.review_id in wanted}
    cases.append(
        ("findings", {"reviews": sorted(wanted)}, findings - restricted.findings, findings)
    )
    typed = {
        f.id for f in ds.findings.values() if ds.reviews[f.review_id].review_type == review_type
    }
    cases.append(("findings", {"reviewTypes": [review_type]}, typed - restricted.findings, typed))
    made = {r.id for r in ds.recommendations.values() if r.review_id in wanted}
    cases.append(
        (
            "recommendations",
            {"reviews": sorted(wanted)},
            made - restricted.recommendations,
            made,
        )
    )
    directed = _most_restricted(
        Counter(
            a
            for r in ds.recommendations.values()
            if r.id in restricted.recommendations
            for a in r.addressed_to
        )
    )
    to_it = {r.id for r in ds.recommendations.values() if directed in r.addressed_to}
    cases.append(
        (
            "recommendations",
            {"directedTo": [directed]},
            to_it - restricted.recommendations,
            to_it,
        )
    )
    assessed = {a.id for a in ds.imr_assessments.values() if a.review_id in wanted}
    cases.append(("imrAssessments", {"reviews": sorted(wanted)}, set(), assessed))

    def open_issues(change: oracle.PracticeChange, seen: frozenset[str]) -> set[str]:
        return {
            code
            for r in change.implements
            if r in ds.recommendations and r not in seen
            for code in ds.targets_of_recommendation[r]
        }

    nothing: frozenset[str] = frozenset()
    issue = _most_restricted(
        Counter(
            code
            for c in ds.practice_changes.values()
            for code in open_issues(c, nothing) - open_issues(c, restricted.recommendations)
        )
    )
    changes = ds.practice_changes.values()
    cases.append(
        (
            "practiceChanges",
            {"perennialIssues": [issue]},
            {c.id for c in changes if issue in open_issues(c, restricted.recommendations)},
            {c.id for c in changes if issue in open_issues(c, nothing)},
        )
    )
    return cases


async def test_filters_on_what_restricted_material_has_find_only_public_material(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    analytics_dataset_folder: Path,
    restricted: Restricted,
) -> None:
    cases = _filter_cases(analytics_dataset, analytics_dataset_folder, restricted)
    async with api_for(analytics_store, PUBLIC) as reader:
        as_reader = [await _listed(reader, field, filter_) for field, filter_, _, _ in cases]
    async with api_for(analytics_store, EVERYTHING) as analyst:
        as_analyst = [await _listed(analyst, field, filter_) for field, filter_, _, _ in cases]
    for (field, filter_, public, every), (read, count), (seen, _) in zip(
        cases, as_reader, as_analyst, strict=True
    ):
        assert sorted(read) == sorted(public), (field, filter_)
        assert count == len(public), (field, filter_)
        assert sorted(seen) == sorted(every), (field, filter_)
        assert len(every) > len(public), (field, filter_)  # the filter does reach hidden material


# ---------------------------------------------------------------------------------------------
# Relationship fields of public nodes


async def _nodes(
    http: httpx.AsyncClient, field: str, selection: str, page_size: int
) -> list[dict[str, Any]]:
    """Every node of a list (no filter), following cursors."""
    text = (
        f"query ($after: String) {{ {field}(first: {page_size}, after: $after) "
        f"{{ pageInfo {{ hasNextPage endCursor }} nodes {{ id {_bounded(selection)} }} }} }}"
    )
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        connection = (await query(http, text, after=after))[field]
        _assert_uncut(connection["nodes"], field)
        nodes += connection["nodes"]
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]


def _reached(nodes: list[dict[str, Any]], hidden: Restricted) -> set[str]:
    """The hidden ids reached from the nodes that are not hidden themselves."""
    return {
        id_
        for node in nodes
        if node["id"] not in hidden.hidden_from_readers
        for id_ in hidden.leaked(json.dumps(node))
    }


# What each list's nodes lead to. In the analytics dataset briefings cite no restricted
# material and practice changes (followed from their own list) are the only way from one
# review to another's recommendations, so its reviews are followed one step only.
RELATIONS = {
    "reviews": (
        """
        relatedReviews { id }
        findings { id briefings { id reviews { id } findings { id } } }
        recommendations { id practiceChanges { id implements { id } } }
        imrAssessments { id }
        citedBy { id reviews { id } findings { id } }
        """,
        1,
    ),
    "analytics reviews": (
        "relatedReviews { id } findings { id } recommendations { id } imrAssessments { id }",
        100,
    ),
    "practiceChanges": (
        "implements { id findings { id } } outcomes { id practiceChange { implements { id } } }",
        40,
    ),
    "briefings": ("reviews { id } findings { id review { id } }", 100),
    "findings": ("review { id } recommendations { id } briefings { id reviews { id } }", 100),
}


async def _check_relations(
    store: GraphStore, hidden: Restricted, relation: str
) -> tuple[set[str], set[str]]:
    selection, size = RELATIONS[relation]
    field = relation.rpartition(" ")[2]
    async with api_for(store, PUBLIC) as reader:
        read = await _nodes(reader, field, selection, size)
    async with api_for(store, EVERYTHING) as analyst:
        seen = await _nodes(analyst, field, selection, size)
    assert not {node["id"] for node in read} & hidden.hidden_from_readers
    return _reached(read, hidden), _reached(seen, hidden)


@pytest.mark.parametrize("relation", ["analytics reviews", "practiceChanges"])
async def test_relationship_fields_lead_a_reader_to_nothing_restricted(
    analytics_store: GraphStore, restricted: Restricted, relation: str
) -> None:
    read, seen = await _check_relations(analytics_store, restricted, relation)
    assert read == set()
    assert seen  # from the same public nodes, an analyst reaches restricted material


@pytest.mark.parametrize("relation", ["reviews", "briefings", "findings", "practiceChanges"])
async def test_links_to_restricted_material_are_hidden_from_a_reader(
    linked_store: GraphStore, linked_dataset: oracle.Dataset, relation: str
) -> None:
    """The linked graph: briefings cite restricted reviews and findings, public reviews are
    related to restricted ones."""
    hidden = Restricted.of(linked_dataset)
    read, seen = await _check_relations(linked_store, hidden, relation)
    assert read == set()
    assert seen  # from the same public nodes, an analyst reaches restricted material


# ---------------------------------------------------------------------------------------------
# Fields and mutations for analysts and admins

ANALYST_FIELDS = {
    "loadRuns": "{ loadRuns(first: 5) { totalCount nodes { id } } }",
    "loadRun": 'query ($id: ID! = "%s") { loadRun(id: $id) { id summary } }',
}
ADMIN_FIELDS = {
    "auditLog": "{ auditLog(first: 5) { totalCount nodes { actor action detail } } }",
    "apiKeys": "{ apiKeys { keyId name role } }",
}


async def test_load_runs_are_for_analysts_and_the_audit_log_and_keys_for_admins(
    analytics_store: GraphStore,
) -> None:
    async with api_for(analytics_store, EVERYTHING) as analyst:
        runs = await query(analyst, ANALYST_FIELDS["loadRuns"])
        run_id = runs["loadRuns"]["nodes"][0]["id"]
        run = await query(analyst, ANALYST_FIELDS["loadRun"] % run_id)
        analyst_refused = {
            field: await graphql(analyst, text) for field, text in ADMIN_FIELDS.items()
        }
    async with api_for(analytics_store, PUBLIC) as reader:
        reader_refused = {
            field: await graphql(reader, text.replace("%s", run_id))
            for field, text in {**ANALYST_FIELDS, **ADMIN_FIELDS}.items()
        }
    assert runs["loadRuns"]["totalCount"] >= 1
    assert run["loadRun"]["id"] == run_id
    for refused in (analyst_refused, reader_refused):
        for field, body in refused.items():
            assert codes(body) == ["FORBIDDEN"], (field, body)
            assert body["data"] is None or body["data"].get(field) is None
            assert "summary" not in json.dumps(body)


MUTATIONS = {
    "createApiKey": 'mutation { createApiKey(name: "escalated", role: ADMIN) { text } }',
    "revokeApiKey": 'mutation ($id: ID! = "%s") { revokeApiKey(keyId: $id) { keyId } }',
}
DENIED = """
query ($actor: String!) {
  auditLog(filter: {actor: $actor, outcome: DENIED}, first: 10) {
    nodes { actor actorKind action target outcome detail }
  }
}
"""


@pytest.mark.parametrize("role", [Role.READER, Role.ANALYST])
async def test_key_changes_are_forbidden_below_admin_and_audited_as_denied(
    analytics_store: GraphStore, role: Role
) -> None:
    admin = await issue(analytics_store, Role.ADMIN)
    caller = await issue(analytics_store, role)
    async with serve(analytics_store, headers=bearer(caller)) as http:
        refused = {
            field: await graphql(http, text.replace("%s", admin.key.key_id))
            for field, text in MUTATIONS.items()
        }
    async with serve(analytics_store, headers=bearer(admin)) as http:
        events = await query(http, DENIED, actor=caller.key.name)
        keys = await query(http, "{ apiKeys { keyId name revokedAt } }")
    for field, body in refused.items():
        assert codes(body) == ["FORBIDDEN"], (field, body)
        assert body["data"] is None
    assert sorted(
        (e["action"], e["target"], e["outcome"], e["actorKind"])
        for e in events["auditLog"]["nodes"]
    ) == [
        ("keys.create", "name escalated", "DENIED", "key"),
        ("keys.revoke", f"key {admin.key.key_id}", "DENIED", "key"),
    ]
    assert "escalated" not in {key["name"] for key in keys["apiKeys"]}
    [still] = [key for key in keys["apiKeys"] if key["keyId"] == admin.key.key_id]
    assert still["revokedAt"] is None


async def test_an_admin_may_do_what_the_others_may_not(analytics_store: GraphStore) -> None:
    """The positive control of the two tests above: the same requests succeed for an admin."""
    admin = await issue(analytics_store, Role.ADMIN)
    spare = await issue(analytics_store, Role.READER)
    async with serve(analytics_store, headers=bearer(admin)) as http:
        answers = [
            await post(http, text) for text in (*ADMIN_FIELDS.values(), ANALYST_FIELDS["loadRuns"])
        ]
        revoked = await post(http, MUTATIONS["revokeApiKey"].replace("%s", spare.key.key_id))
    for answer in [*answers, revoked]:
        assert answer.status_code == 200
        assert "errors" not in answer.json(), answer.json()
    async with api_for(analytics_store, PUBLIC) as reader:
        error = await query_error(reader, ADMIN_FIELDS["apiKeys"])
    assert "apiKeys needs the admin role; this caller has reader" in error["message"]
