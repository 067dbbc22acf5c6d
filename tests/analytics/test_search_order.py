"""Search answers are reproducible: equal data gives equal scores and order in two stores
filled differently, paging in any page size walks the one order without skips or repeats, and
a cursor the service did not issue is the caller's error."""

import base64
import csv
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from graph_service.domain.exploration import MAX_SEARCH_RESULTS
from graph_service.domain.paging import Cursor
from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import DatasetRepository, ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from tests.analytics import oracle
from tests.analytics.conftest import api_for
from tests.api.conftest import graphql
from tests.graphs import GraphHost

REVIEWS = 60
SEED = 41
# Words of the generated texts; the tests use those with a few dozen matches.
CANDIDATE_TEXTS = (
    "information sharing",
    "risk",
    "supervision",
    "call handler",
    "domestic abuse",
    "professional curiosity",
    "staff turnover",
    "escalation",
)
SEARCH = """
query ($text: String!, $first: Int, $after: String) {
  search(text: $text, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { kind id score review { id } } }
  }
}
"""
# Fields whose text search reads, per dataset file: changed in a first load of the second store,
# so that its indexes hold replaced documents as well as a different insertion order.
SEARCHED_FIELDS = {
    "reviews": ("title", "summary"),
    "findings": ("text",),
    "recommendations": ("text",),
    "practice_changes": ("description",),
}


def _rewrite(source: Path, target: Path, change: Any) -> Path:
    """A copy of the dataset in ``source`` whose rows per file are ``change(stem, rows)``."""
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as read:
                reader = csv.DictReader(read)
                columns, rows = list(reader.fieldnames or []), list(reader)
            with (target / path.name).open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=columns)
                writer.writeheader()
                writer.writerows(change(path.stem, rows))
        elif path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            rows = [json.loads(line) for line in lines if line.strip()]
            text = "".join(json.dumps(row) + "\n" for row in change(path.stem, rows))
            (target / path.name).write_text(text, encoding="utf-8")
        else:
            shutil.copy(path, target / path.name)
    return target


def _reversed(stem: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return rows[::-1]


def _drafted(stem: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every searched text replaced by a draft that repeats the search words differently."""
    fields = SEARCHED_FIELDS.get(stem, ())
    return [
        {**row, **{f: f"Draft: risk risk supervision {row[f] or ''}" for f in fields}}
        for row in rows
    ]


@pytest.fixture(scope="module")
def order_dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search-order") / "data"
    generate_dataset(folder, reviews=REVIEWS, seed=SEED)
    return folder


@pytest.fixture(scope="module")
def order_dataset(order_dataset_folder: Path) -> oracle.Dataset:
    return oracle.load_dataset(order_dataset_folder)


async def _fill(host: GraphHost, prefix: str, *datasets: Path) -> str:
    """A new graph with the reference data and each dataset loaded in turn; its name."""
    name = await host.reserve(prefix)
    async with host.open(name, timeout_ms=120_000) as store:
        await store.apply_schema(GRAPH_SCHEMA)
        await load_reference(ReferenceRepository(store))
        for dataset in datasets:
            report = await load_dataset(dataset, DatasetRepository(store))
            assert report.ok, report.problems[:3]
    return name


@pytest.fixture(scope="module")
async def two_stores(
    graph_host: GraphHost, order_dataset_folder: Path
) -> AsyncIterator[tuple[GraphStore, GraphStore]]:
    """The same dataset in two fresh graphs: loaded as written into the first; into the second,
    first with other texts, then again with the rows of every file in reverse order."""
    work = order_dataset_folder.parent
    backwards = _rewrite(order_dataset_folder, work / "reversed", _reversed)
    drafts = _rewrite(order_dataset_folder, work / "drafts", _drafted)
    first = await _fill(graph_host, "search_a", order_dataset_folder)
    second = await _fill(graph_host, "search_b", drafts, backwards)
    try:
        async with graph_host.open(first) as one, graph_host.open(second) as other:
            yield one, other
    finally:
        await graph_host.release(first)
        await graph_host.release(second)


def _texts(ds: oracle.Dataset) -> list[str]:
    """Candidate texts with a few dozen matches: enough for ties, few enough to page by one."""
    texts = [
        text
        for text in CANDIDATE_TEXTS
        if 4 <= len(oracle.entities_with_all_words(ds, text, oracle.EVERYTHING)) <= 60
    ]
    assert len(texts) >= 2, "the generated data should hold these phrases"
    return texts


async def _pages(api: Any, text: str, first: int) -> tuple[list[dict[str, Any]], int]:
    """Every hit of a search, page by page of ``first``, and the total the last page gave."""
    hits: list[dict[str, Any]] = []
    after = None
    while True:
        body = await graphql(api, SEARCH, {"text": text, "first": first, "after": after})
        assert "errors" not in body, body["errors"]
        connection = body["data"]["search"]
        hits.extend(edge["node"] for edge in connection["edges"])
        assert connection["pageInfo"]["hasPreviousPage"] == (after is not None)
        assert len(hits) <= MAX_SEARCH_RESULTS
        if not connection["pageInfo"]["hasNextPage"]:
            return hits, connection["totalCount"]
        after = connection["pageInfo"]["endCursor"]


@pytest.mark.parametrize("visibility", [PUBLIC, EVERYTHING], ids=["public", "everything"])
async def test_equal_data_gives_equal_scores_and_order_in_two_stores(
    two_stores: tuple[GraphStore, GraphStore],
    order_dataset: oracle.Dataset,
    visibility: Visibility,
) -> None:
    one, other = two_stores
    texts = _texts(order_dataset)
    async with api_for(one, visibility) as api:
        answers = [await _pages(api, text, 100) for text in texts]
    async with api_for(other, visibility) as api:
        again = [await _pages(api, text, 100) for text in texts]
    assert again == answers
    for text, (hits, total) in zip(texts, answers, strict=True):
        assert total == len(hits), text  # the total counts what the caller is served
        ranked = [(hit["score"], hit["kind"], hit["id"]) for hit in hits]
        assert ranked == sorted(ranked, key=oracle.search_rank), text
        assert [score for score, _, _ in ranked] == [
            oracle.search_score(order_dataset, text, kind, id_) for _, kind, id_ in ranked
        ], text
    ties = [
        hits[n]["score"] == hits[n + 1]["score"]
        for hits, _ in answers
        for n in range(len(hits) - 1)
    ]
    assert any(ties), "the texts should give equal scores that the kind and id order"


async def test_paging_one_two_or_three_at_a_time_walks_the_whole_order(
    two_stores: tuple[GraphStore, GraphStore], order_dataset: oracle.Dataset
) -> None:
    one, _ = two_stores
    async with api_for(one, EVERYTHING) as api:
        for text in _texts(order_dataset):
            whole, total = await _pages(api, text, 100)
            assert len(whole) == total > 3, text
            for first in (1, 2, 3):
                in_pages, _ = await _pages(api, text, first)
                assert in_pages == whole, (text, first)


def _cursor_text(value: Any) -> str:
    raw = json.dumps(value).encode() if not isinstance(value, bytes) else value
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def test_a_search_cursor_the_service_did_not_issue_is_bad_user_input(
    two_stores: tuple[GraphStore, GraphStore],
) -> None:
    one, _ = two_stores
    async with api_for(one, PUBLIC) as api:
        body = await graphql(api, SEARCH, {"text": "risk", "first": 1})
        issued = body["data"]["search"]["edges"][0]["cursor"]
        order, _, id_ = json.loads(base64.urlsafe_b64decode(issued + "=" * (-len(issued) % 4)))
        forged = [
            "bad",
            "",
            "%%%",
            _cursor_text(b"\xff\xfe\x00"),
            _cursor_text({"order": order, "key": "0"}),
            _cursor_text([order, "0"]),
            _cursor_text([order, 0, id_]),
            _cursor_text([order, None, id_]),
            _cursor_text([order, "0", id_, "extra"]),
            Cursor(order, "-1", id_).encode(),
            Cursor(order, "", id_).encode(),
            Cursor(order, "1.5", id_).encode(),
            Cursor(order, "1e3", id_).encode(),
            Cursor(order, "\uff11", id_).encode(),  # a digit, but not an ASCII one
            Cursor(order, "9" * 10, id_).encode(),
            Cursor(order, str(MAX_SEARCH_RESULTS), id_).encode(),
            Cursor(order, "0\u0000", id_).encode(),
            Cursor(order + " more", "0", id_).encode(),
            Cursor("related:R000001", "0", id_).encode(),
            Cursor("PUBLISHED_DESC", "2020-01-01", "R000001").encode(),
        ]
        for cursor in forged:
            body = await graphql(api, SEARCH, {"text": "risk", "first": 5, "after": cursor})
            assert body["data"] is None, cursor
            [error] = body["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", (cursor, error)
            assert error["message"].startswith("after:"), (cursor, error)
            assert error["path"] == ["search"], (cursor, error)
