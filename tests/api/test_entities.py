"""Entity lookups, relationship fields and paginated lists, checked against the dataset files."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.domain.visibility import Visibility
from graph_service.loaders.dataset.load import load_dataset
from graph_service.repository import DatasetRepository
from graph_service.store import GraphStore
from tests.api.conftest import as_list, graphql, read_rows, signed_in
from tests.loaders.datasets import write_csv


@pytest.fixture
async def public_api(loaded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(loaded_store, Role.READER) as client:
        yield client


@pytest.fixture
async def full_api(loaded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(loaded_store, Role.ANALYST) as client:
        yield client


def _restricted(row: dict[str, Any]) -> bool:
    value = row.get("restricted")
    if value in (None, ""):
        return bool(row["status"] != "published")
    return str(value).lower() == "true"


def _visible_reviews(dataset: Path, visibility: Visibility) -> list[dict[str, Any]]:
    rows = read_rows(dataset, "reviews")
    return [r for r in rows if visibility.include_restricted or not _restricted(r)]


async def _data(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    body = await graphql(client, query, variables)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def _error(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    body = await graphql(client, query, variables)
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    return error


REVIEW_DETAIL = """
query ($id: ID!) {
  review(id: $id) {
    id title status restricted reviewTypeCode reviewType { code }
    forces { code } strands { code } agencies { id }
    findings(first: 20) {
      id kind review { id }
      perennialIssues { code } themes { code }
      systemsFactors { factor { code } effect }
      recommendations(first: 10) { id }
    }
    recommendations(first: 20) {
      id status findings(first: 20) { id } directedTo(first: 10) { id }
      practiceChanges(first: 10) {
        id agency { id } outcomes(first: 10) { id direction practiceChange { id } }
      }
    }
  }
}
"""


async def test_a_review_and_everything_hanging_off_it_match_the_files(
    public_api: httpx.AsyncClient, generated_dataset: Path
) -> None:
    visible = _visible_reviews(generated_dataset, Visibility())
    review = max(visible, key=lambda r: sum(1 for _ in as_list(r.get("force_ids"))))
    findings = [
        f for f in read_rows(generated_dataset, "findings") if f["review_id"] == review["review_id"]
    ]
    recs = [
        r
        for r in read_rows(generated_dataset, "recommendations")
        if r["review_id"] == review["review_id"]
    ]
    assert findings, "the generated review should have findings"
    assert recs, "the generated review should have recommendations"

    data = await _data(public_api, REVIEW_DETAIL, id=review["review_id"])
    got = data["review"]

    assert got["title"] == review["title"]
    assert got["reviewType"]["code"] == review["review_type"]
    assert sorted(f["code"] for f in got["forces"]) == sorted(as_list(review["force_ids"]))
    assert sorted(s["code"] for s in got["strands"]) == sorted(as_list(review["strands"]))
    assert sorted(a["id"] for a in got["agencies"]) == sorted(as_list(review["agency_ids"]))
    assert [f["id"] for f in got["findings"]] == sorted(f["finding_id"] for f in findings)
    for finding, source in zip(
        got["findings"], sorted(findings, key=lambda f: f["finding_id"]), strict=True
    ):
        assert finding["review"]["id"] == review["review_id"]
        assert finding["kind"].lower() == source["kind"]
        assert [i["code"] for i in finding["perennialIssues"]] == sorted(
            as_list(source["perennial_issues"])
        )
        assert sorted(
            f"{s['factor']['code']}:{s['effect'].lower()}" for s in finding["systemsFactors"]
        ) == sorted(as_list(source["systems_factors"]))
        addressing = sorted(
            r["recommendation_id"]
            for r in recs
            if source["finding_id"] in as_list(r["addresses_findings"])
        )
        assert [r["id"] for r in finding["recommendations"]] == addressing
    changes = read_rows(generated_dataset, "practice_changes")
    outcomes = read_rows(generated_dataset, "outcomes")
    for rec in got["recommendations"]:
        expected = sorted(c["change_id"] for c in changes if rec["id"] in as_list(c["implements"]))
        assert [c["id"] for c in rec["practiceChanges"]] == expected
        for change in rec["practiceChanges"]:
            wanted = sorted(o["outcome_id"] for o in outcomes if o["change_id"] == change["id"])
            assert [o["id"] for o in change["outcomes"]] == wanted
            assert all(o["practiceChange"]["id"] == change["id"] for o in change["outcomes"])


async def test_unknown_and_restricted_ids_give_null_unless_allowed(
    public_api: httpx.AsyncClient, full_api: httpx.AsyncClient, generated_dataset: Path
) -> None:
    restricted = [r for r in read_rows(generated_dataset, "reviews") if _restricted(r)]
    assert restricted, "the generated dataset should hold restricted reviews"
    query = "query ($id: ID!) { review(id: $id) { id } }"

    assert (await _data(public_api, query, id="NO-SUCH-REVIEW"))["review"] is None
    assert (await _data(public_api, query, id=restricted[0]["review_id"]))["review"] is None
    shown = await _data(full_api, query, id=restricted[0]["review_id"])
    assert shown["review"] == {"id": restricted[0]["review_id"]}


LIST = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: ReviewOrder!,
       $filter: ReviewFilter) {
  reviews(first: $first, after: $after, last: $last, before: $before, orderBy: $order,
          filter: $filter) {
    totalCount
    edges { cursor node { id title publishedOn } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def _walk(client: httpx.AsyncClient, order: str, size: int, **variables: Any) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        data = await _data(client, LIST, first=size, after=after, order=order, **variables)
        page = data["reviews"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


async def _walk_back(client: httpx.AsyncClient, order: str, size: int) -> list[str]:
    seen: list[str] = []
    before = None
    while True:
        data = await _data(client, LIST, last=size, before=before, order=order)
        page = data["reviews"]
        seen = [edge["node"]["id"] for edge in page["edges"]] + seen
        if not page["pageInfo"]["hasPreviousPage"]:
            return seen
        before = page["pageInfo"]["startCursor"]


@pytest.mark.parametrize(
    ("order", "key", "descending"),
    [
        ("PUBLISHED_DESC", "published_on", True),
        ("TITLE_ASC", "title", False),
        ("ID_ASC", "review_id", False),
    ],
)
async def test_pages_forwards_and_backwards_cover_the_visible_reviews_in_order(
    public_api: httpx.AsyncClient, generated_dataset: Path, order: str, key: str, descending: bool
) -> None:
    visible = _visible_reviews(generated_dataset, Visibility())
    expected = [
        r["review_id"]
        for r in sorted(
            visible, key=lambda r: (r.get(key) or "", r["review_id"]), reverse=descending
        )
    ]

    assert await _walk(public_api, order, 7) == expected
    assert await _walk_back(public_api, order, 6) == expected
    first_page = await _data(public_api, LIST, first=3, order=order)
    assert first_page["reviews"]["totalCount"] == len(expected)


async def test_filters_keep_exactly_the_matching_reviews(
    public_api: httpx.AsyncClient, generated_dataset: Path
) -> None:
    visible = _visible_reviews(generated_dataset, Visibility())
    force = as_list(visible[0]["force_ids"])[0]
    review_type = visible[-1]["review_type"]
    years = sorted(int(r["published_on"][:4]) for r in visible if r.get("published_on"))
    low, high = years[len(years) // 4], years[3 * len(years) // 4]
    cases: list[tuple[dict[str, Any], set[str]]] = [
        (
            {"forces": [force]},
            {r["review_id"] for r in visible if force in as_list(r["force_ids"])},
        ),
        (
            {"reviewTypes": [review_type]},
            {r["review_id"] for r in visible if r["review_type"] == review_type},
        ),
        (
            {"yearFrom": low, "yearTo": high},
            {
                r["review_id"]
                for r in visible
                if low <= int((r.get("published_on") or r.get("initiated_on") or "0")[:4]) <= high
            },
        ),
    ]
    for filter_, expected in cases:
        got = await _walk(public_api, "ID_ASC", 50, filter=filter_)
        assert set(got) == expected, filter_
        assert len(got) == len(expected)


async def test_cursors_stay_valid_while_reviews_are_added(
    reference_store: GraphStore, tmp_path: Path
) -> None:
    def reviews(ids: list[str]) -> Path:
        folder = tmp_path / "-".join(ids)
        rows = [
            {
                "review_id": i,
                "title": f"Review {i}",
                "review_type": "CSPR",
                "status": "published",
                "published_on": "2024-01-01",
            }
            for i in ids
        ]
        write_csv(folder, "reviews", rows)
        return folder

    repository = DatasetRepository(reference_store)
    assert (await load_dataset(reviews(["B", "D", "F", "H"]), repository)).ok
    async with signed_in(reference_store, Role.READER) as client:
        first = await _data(client, LIST, first=2, order="ID_ASC")
        assert [e["node"]["id"] for e in first["reviews"]["edges"]] == ["B", "D"]
        assert (await load_dataset(reviews(["A", "C", "E", "G"]), repository)).ok
        after = first["reviews"]["pageInfo"]["endCursor"]
        rest = await _data(client, LIST, first=10, after=after, order="ID_ASC")
    assert [e["node"]["id"] for e in rest["reviews"]["edges"]] == ["E", "F", "G", "H"]


@pytest.mark.parametrize(
    ("variables", "code", "mentions"),
    [
        ({"first": 101}, "BAD_USER_INPUT", "first"),
        ({"last": -1}, "BAD_USER_INPUT", "last"),
        ({"first": 5, "after": "not-a-cursor"}, "BAD_USER_INPUT", "after"),
        ({"first": 5, "last": 5}, "BAD_USER_INPUT", "first and last"),
        ({"filter": {"reviewTypes": ["NOPE"]}}, "BAD_USER_INPUT", "reviews.filter.reviewTypes"),
        ({"filter": {"forces": ["atlantis"]}}, "BAD_USER_INPUT", "reviews.filter.forces"),
        ({"filter": {"yearFrom": 2020, "yearTo": 2010}}, "BAD_USER_INPUT", "yearFrom"),
        ({"filter": {"publishedFrom": "2020-13-45"}}, "BAD_USER_INPUT", "publishedFrom"),
        ({"order": "SIDEWAYS"}, "BAD_USER_INPUT", "SIDEWAYS"),
    ],
)
async def test_bad_arguments_get_a_coded_error_naming_the_argument(
    public_api: httpx.AsyncClient, variables: dict[str, Any], code: str, mentions: str
) -> None:
    arguments = {"order": "ID_ASC", **variables}
    error = await _error(public_api, LIST, **arguments)

    assert error["extensions"]["code"] == code
    assert mentions in error["message"]
    assert "Traceback" not in error["message"]


async def test_a_cursor_from_another_order_is_refused(public_api: httpx.AsyncClient) -> None:
    page = await _data(public_api, LIST, first=2, order="ID_ASC")
    cursor = page["reviews"]["pageInfo"]["endCursor"]

    error = await _error(public_api, LIST, first=2, after=cursor, order="TITLE_ASC")

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "ID_ASC" in error["message"]


NESTED_PAGE = """
query ($first: Int) {
  reviews(first: $first, orderBy: ID_ASC) {
    edges { node {
      id reviewType { code } forces { code } strands { code }
      agencies(first: 5) { id sector { code } }
      findings(first: 3) { id perennialIssues { code } themes { code } review { id } }
      recommendations(first: 3) { id practiceChanges(first: 2) { id outcomes(first: 2) { id } } }
    } }
  }
}
"""


async def test_statements_per_request_do_not_grow_with_page_size(
    loaded_store: GraphStore,
) -> None:
    # Without the caches, each request checks its key and reads the reference data alike;
    # with them, the first would read more than the second whatever the page size.
    uncached = Settings(key_cache_seconds=0, reference_cache_seconds=0)
    async with signed_in(loaded_store, Role.READER, uncached) as client:
        counts = []
        for size in (5, 40):
            before = loaded_store.statements_run
            await _data(client, NESTED_PAGE, first=size)
            counts.append(loaded_store.statements_run - before)

    assert counts[0] == counts[1]
