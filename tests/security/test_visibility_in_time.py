"""Restricted material stays hidden at every instant: while a load embargoes published reviews,
after a load stopped at any point, and in figures derived from it, on every backend.

A reader's view is sampled between the load's statements (the load and the reader share one
event loop, and every statement is one atomic write). Each sample first reads which of the
embargoed reviews are hidden, then what a reader is served: hiding only ever goes one way
during these loads, so anything of a review that was already hidden is a leak.
"""

import asyncio
import json
from collections.abc import Awaitable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.domain.entities import Entity, Finding, Recommendation
from graph_service.domain.filters import FindingFilter, RecommendationFilter, ReviewFilter
from graph_service.domain.paging import PageRequest
from graph_service.domain.visibility import EVERYTHING, PUBLIC
from graph_service.errors import FiguresRefreshingError
from graph_service.loaders.dataset.load import load_dataset
from graph_service.loaders.generate import generate_dataset
from graph_service.loaders.reference import load_reference
from graph_service.repository import (
    AnalyticsRepository,
    DatasetRepository,
    DerivedRepository,
    EntityRepository,
    ReferenceRepository,
)
from graph_service.repository.analytics import ReviewSelection
from graph_service.repository.exploration import ExplorationRepository
from graph_service.repository.export import ExportRepository
from graph_service.repository.trees import TreeRepository
from graph_service.services.feed import ChangeFeed
from graph_service.store import GraphStore
from graph_service.store.schema import GRAPH_SCHEMA
from tests.analytics.test_oracle import HAND_DATASET, write_dataset
from tests.api.conftest import client_for
from tests.security.conftest import bearer, codes, issue, post, rewrite_csv, serve

EMBARGOED = 25


class StopError(Exception):
    """Stands for the load's process being killed between two statements."""


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, frozenset[str]]:
    """A generated dataset, and the same with 25 of its published reviews under embargo."""
    published = tmp_path_factory.mktemp("embargo") / "published"
    generate_dataset(published, reviews=90, seed=41)
    embargoed = published.parent / "embargoed"
    embargoed.mkdir()
    for path in published.iterdir():
        (embargoed / path.name).write_bytes(path.read_bytes())
    chosen: set[str] = set()

    def embargo(row: dict[str, str]) -> dict[str, str]:
        if row["restricted"] == "false" and len(chosen) < EMBARGOED:
            chosen.add(row["review_id"])
            row["restricted"] = "true"
        return row

    rewrite_csv(embargoed / "reviews.csv", embargo)
    assert len(chosen) == EMBARGOED
    return published, embargoed, frozenset(chosen)


@pytest.fixture
async def store(store: GraphStore) -> GraphStore:
    """An empty graph on each backend (the suite's own fixture), with the reference data."""
    await store.apply_schema(GRAPH_SCHEMA)
    await load_reference(ReferenceRepository(store))
    return store


async def _load(store: GraphStore, folder: Path, **options: Any) -> None:
    report = await load_dataset(folder, DatasetRepository(store), **options)
    assert report.ok, report.problems[:3]


class ReaderView:
    """What a reader is served of the embargoed reviews, sampled at one instant."""

    def __init__(self, store: GraphStore, embargoed: frozenset[str]) -> None:
        self.store = store
        self.entities = EntityRepository(store)
        self.trees = TreeRepository(store)
        self.analytics = AnalyticsRepository(store)
        self.export = ExportRepository(store)
        self.feed = ChangeFeed(store)
        self.embargoed = sorted(embargoed)
        self.leaks: list[str] = []
        self.samples = 0
        self.hidden_samples = 0

    async def hidden_now(self) -> set[str]:
        visible = await self.entities.by_ids("reviews", self.embargoed, PUBLIC)
        return set(self.embargoed) - set(visible)

    async def sample(self, finding_ids: list[str], recommendation_ids: list[str]) -> None:
        hidden = await self.hidden_now()
        self.samples += 1
        if not hidden:
            return
        self.hidden_samples += 1
        page = PageRequest.of(order="id", first=100)
        served: list[Entity] = []
        of_hidden = tuple(sorted(hidden))
        for filter_ in (FindingFilter(reviews=of_hidden), RecommendationFilter(reviews=of_hidden)):
            listed = await self.entities.page(
                filter_,
                sort="id",
                descending=False,
                request=page,
                visibility=PUBLIC,
            )
            served += [node for _, node in listed.items]
            if await self.entities.count(filter_, PUBLIC):
                self.leaks.append(f"{filter_.kind} counted for hidden reviews")
        served += (await self.entities.by_ids("findings", finding_ids, PUBLIC)).values()
        served += (
            await self.entities.by_ids("recommendations", recommendation_ids, PUBLIC)
        ).values()
        served += [
            node
            for nodes in (await self.entities.related("review_findings", hidden, PUBLIC)).values()
            for node in (row["node"] for row in nodes)
        ]
        # A review page's composed read (the review with its findings and recommendations in
        # one statement), as the API makes it for review(id:).
        tree: dict[str, Any] = {"review_findings": {}, "review_recommendations": {}}
        composed = await self.trees.read("reviews", self.embargoed, tree, PUBLIC)
        self.leaks += [f"{id_} read composed while hidden" for id_ in set(composed.found) & hidden]
        served += [
            row["node"]
            for by_review in composed.related.values()
            for rows in by_review.values()
            for row in rows
        ]
        for n in served:
            assert isinstance(n, Finding | Recommendation)
            if n.review_id in hidden:
                self.leaks.append(f"{n.id} of hidden {n.review_id}")
        await self._workbench(hidden)
        await self._linked_learning(hidden, finding_ids, recommendation_ids)

    async def _linked_learning(
        self, hidden: set[str], finding_ids: list[str], recommendation_ids: list[str]
    ) -> None:
        """What other systems pull as a reader: export rows and the change feed's rows."""
        rows = [
            *(await self.export.rows("reviews", hidden, PUBLIC)).values(),
            *(await self.export.rows("findings", finding_ids, PUBLIC)).values(),
            *(await self.export.rows("recommendations", recommendation_ids, PUBLIC)).values(),
        ]
        cursor: str | None = None
        while True:
            page = await self.feed.page(cursor, 1_000, PUBLIC, with_runs=False)
            rows += [change.row for change in page.changes if change.row is not None]
            cursor = page.cursor
            if not page.has_more:
                break
        for row in rows:
            named = {row.get("review_id"), *row.get("related_review_ids", [])}
            named.update(row.get("cites_reviews", []))
            if named & hidden:
                self.leaks.append(f"{sorted(named & hidden)} in a reader's export or feed row")

    async def _workbench(self, hidden: set[str]) -> None:
        """A hidden review's workbench page, as the anonymous reader opens it: no such review."""
        settings = Settings(allow_anonymous_read=True, rate_limit_per_minute=0)
        async with client_for(create_app(settings, store=self.store)) as client:
            for review_id in sorted(hidden):
                page = await client.get("/workbench/review", params={"id": review_id})
                if page.status_code != 404 or review_id in page.text.split("<main", 1)[1]:
                    self.leaks.append(f"{review_id} shown on its workbench page while hidden")

    async def figures(self) -> tuple[Any, ...] | str:
        """The reader's figures, or the code of the error that refuses them."""
        try:
            return (
                await self.analytics.recurring("perennial_issues", ReviewSelection(), 1, PUBLIC),
                await self.analytics.repeated_recommendations(2, PUBLIC),
                await self.analytics.learning_gaps(0.5, PUBLIC),
                await self.analytics.co_occurrence(1, None, PUBLIC),
                await self.analytics.pathway("INFORMATION_SHARING", PUBLIC),
            )
        except FiguresRefreshingError as refused:
            return refused.code


async def _children(store: GraphStore, reviews: frozenset[str]) -> tuple[list[str], list[str]]:
    entities = EntityRepository(store)
    findings = await entities.related("review_findings", reviews, EVERYTHING)
    recommendations = await entities.related("review_recommendations", reviews, EVERYTHING)
    return (
        [row["node"].id for rows in findings.values() for row in rows],
        [row["node"].id for rows in recommendations.values() for row in rows],
    )


async def test_an_embargo_loaded_while_readers_read_shows_them_nothing_it_hides(
    store: GraphStore, datasets: tuple[Path, Path, frozenset[str]]
) -> None:
    published, embargoed, chosen = datasets
    await _load(store, published)
    view = ReaderView(store, chosen)
    findings, recommendations = await _children(store, chosen)
    assert findings
    assert recommendations
    before = await view.figures()
    figures_seen: list[tuple[set[str], tuple[Any, ...] | str]] = []

    def between_batches(stem: str, done: int, total: int) -> None:
        pending.append((stem, done))

    pending: list[tuple[str, int]] = []

    async def sample_while(load: Awaitable[None]) -> None:
        task = asyncio.ensure_future(load)
        while not task.done():
            await view.sample(findings, recommendations)
            hidden = await view.hidden_now()
            figures_seen.append((hidden, await view.figures()))
        await task

    await sample_while(_load(store, embargoed, batch_size=10, progress=between_batches))
    after = await view.figures()
    assert view.leaks == []
    assert view.hidden_samples > 0, "no sample fell inside the load"
    assert isinstance(after, tuple)
    assert after != before
    # Once any review was hidden, a reader got either the figures that leave all of them out
    # or a refusal, never the figures that still counted them.
    for hidden, figures in figures_seen:
        if hidden:
            assert figures in ("FIGURES_REFRESHING", after)
    assert any(figures == "FIGURES_REFRESHING" for _, figures in figures_seen)
    assert await view.hidden_now() == set(chosen)


@pytest.mark.parametrize(
    "stop_after",
    [
        ("agencies", 1),  # before any review row is written
        ("reviews", 1),  # while the review rows are written
        ("findings", 1),  # after the review rows, before the rest
        ("resources", None),  # every row written, before the derivation
    ],
)
async def test_a_load_stopped_at_any_point_leaves_nothing_hidden_readable(
    store: GraphStore,
    datasets: tuple[Path, Path, frozenset[str]],
    stop_after: tuple[str, int | None],
) -> None:
    published, embargoed, chosen = datasets
    await _load(store, published)
    view = ReaderView(store, chosen)
    findings, recommendations = await _children(store, chosen)
    stem, batches = stop_after

    def stop(name: str, done: int, total: int) -> None:
        if name == stem and ((batches is None and done == total) or done == 10 * (batches or 0)):
            raise StopError(f"stopped after {name} {done}/{total}")

    with pytest.raises(StopError):
        await _load(store, embargoed, batch_size=10, progress=stop)
    await view.sample(findings, recommendations)
    hidden = await view.hidden_now()
    if hidden:
        assert await view.figures() == "FIGURES_REFRESHING"
    assert view.leaks == []
    # Nothing is readable until a refresh, and a refresh makes the figures current again.
    await DerivedRepository(store).refresh()
    assert isinstance(await view.figures(), tuple)
    await view.sample(findings, recommendations)
    assert view.leaks == []


async def test_a_derivation_stopped_midway_keeps_readers_figures_refused(
    store: GraphStore, datasets: tuple[Path, Path, frozenset[str]]
) -> None:
    published, embargoed, chosen = datasets
    await _load(store, published)
    view = ReaderView(store, chosen)

    def stop(name: str, done: int, total: int) -> None:
        if name == "resources" and done == total:
            raise StopError("stopped before the derivation")

    with pytest.raises(StopError):
        await _load(store, embargoed, progress=stop)

    def stop_midway(step: str, seconds: float) -> None:
        if step == "co-occurrence":
            raise StopError("stopped during the derivation")

    with pytest.raises(StopError):
        await DerivedRepository(store).refresh(on_step=stop_midway)
    assert await view.figures() == "FIGURES_REFRESHING"
    # Over the API: a reader is told to come back; an analyst, whose figures count everything
    # whatever readers may see, is answered.
    figures = ("{ learningGaps { code } }", "{ recurringIssues { code } }")
    reader, analyst = await issue(store, Role.READER), await issue(store, Role.ANALYST)
    async with serve(store, headers=bearer(reader)) as http:
        for query in figures:
            refused = (await post(http, query)).json()
            assert codes(refused) == ["FIGURES_REFRESHING"]
            assert "try again" in refused["errors"][0]["message"]
        listed = (await post(http, "{ reviews(first: 1) { totalCount } }")).json()
        assert listed["data"]["reviews"]["totalCount"] > 0  # lists are not refused
    async with serve(store, headers=bearer(analyst)) as http:
        for query in figures:
            answered = (await post(http, query)).json()
            assert "errors" not in answered
            assert next(iter(answered["data"].values()))
    await DerivedRepository(store).refresh()
    assert isinstance(await view.figures(), tuple)


async def test_a_hidden_recommendation_never_joins_two_visible_ones(
    store: GraphStore, tmp_path: Path
) -> None:
    # R1-REC1 ("... daily") and R3-REC1 ("... weekly online") are alike only through R2-REC1
    # ("... weekly"); with R2 restricted, readers must not see the first two grouped.
    folder = write_dataset(tmp_path / "hand", HAND_DATASET, jsonl=set())
    rewrite_csv(
        folder / "reviews.csv",
        lambda row: {**row, "restricted": "true"} if row["review_id"] == "R2" else row,
    )
    await _load(store, folder)
    analytics = AnalyticsRepository(store)
    everything = await analytics.repeated_recommendations(2, EVERYTHING)
    assert [g.group_id for g in everything if g.group_id == "R1-REC1"] == ["R1-REC1"]
    assert {g.recommendations for g in everything if g.group_id == "R1-REC1"} == {3}
    readers = await analytics.repeated_recommendations(2, PUBLIC)
    assert [g for g in readers if g.group_id in ("R1-REC1", "R3-REC1")] == []


async def test_a_finding_moved_to_a_restricted_review_by_a_stopped_load_stays_hidden(
    store: GraphStore, tmp_path: Path
) -> None:
    # R1-F1 moves from published R1 to restricted R5; the load stops after writing the
    # finding's row and before moving its link, so the graph still links it from R1.
    folder = write_dataset(tmp_path / "hand", HAND_DATASET, jsonl=set())
    await _load(store, folder)
    entities, analytics = EntityRepository(store), AnalyticsRepository(store)
    exploration = ExplorationRepository(store)
    assert "R1-F1" in await entities.by_ids("findings", ["R1-F1"], PUBLIC)
    moved = {
        "id": "R1-F1",
        "reviewId": "R5",
        "text": "Information about the risk was not shared with partners.",
        "kind": "missed_opportunity",
        "hash": "moved",
    }
    await store.write("dataset/upsert_findings", {"rows": [moved], "runId": "stopped"})

    async def reader_reaches_it() -> list[str]:
        reached = []
        if await entities.by_ids("findings", ["R1-F1"], PUBLIC):
            reached.append("findings by id")
        learning = await exploration.review_learning("R1", PUBLIC)
        assert learning is not None  # R1 itself stays published
        if "R1-F1" in json.dumps(asdict(learning), default=str):
            reached.append("reviewLearning")
        return reached

    assert await reader_reaches_it() == []
    # Figures that still count it (from the review it is linked to) are refused to readers,
    # whatever the filters, until a derivation; the derivation counts it with R5.
    every_force = ReviewSelection(forces=["metropolitan", "kent", "south-wales", "cheshire"])
    for selection in (ReviewSelection(), every_force):
        with pytest.raises(FiguresRefreshingError):
            await analytics.recurring("perennial_issues", selection, 1, PUBLIC)
    with pytest.raises(FiguresRefreshingError):
        await exploration.related_reviews("R1", PUBLIC, skip=0, limit=10)
    with pytest.raises(FiguresRefreshingError):
        await entities.count(ReviewFilter(issues=("RISK_ASSESSMENT",)), PUBLIC)
    await DerivedRepository(store).refresh()
    assert await reader_reaches_it() == []
    assert "R1-F1" in await entities.by_ids("findings", ["R1-F1"], EVERYTHING)
    readers = await analytics.recurring("perennial_issues", every_force, 1, PUBLIC)
    assert isinstance(readers, list)


async def test_groups_half_built_by_a_stopped_derivation_are_never_served(
    store: GraphStore, tmp_path: Path
) -> None:
    await _load(store, write_dataset(tmp_path / "hand", HAND_DATASET, jsonl=set()))
    analytics = AnalyticsRepository(store)

    async def groups() -> int:
        summary = await store.read("test/graph_summary")
        return sum(row["count"] for row in summary if row["name"] == ["RecommendationGroup"])

    async def served() -> list[tuple[str, str, int, int]]:
        found = await analytics.repeated_recommendations(1, EVERYTHING)
        return [(g.group_id, g.text, g.recommendations, g.reviews) for g in found]

    current, before = await groups(), await served()
    assert before
    # A derivation stopped after writing part of its groups, beside the current ones.
    half_built = {
        "id": "all:R1-REC1",
        "scope": "all",
        "firstId": "R1-REC1",
        "text": "a group the derivation had not finished",
        "recommendations": 9,
        "reviews": 9,
        "members": ["R1-REC1"],
    }
    await store.write(
        "derived/create_recommendation_groups", {"groups": [half_built], "generation": "stopped"}
    )
    assert await groups() == current + 1
    assert await served() == before
    await DerivedRepository(store).refresh()
    assert await served() == before
    assert await groups() == current
