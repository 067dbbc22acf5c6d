"""The change feed, replayed into a mirror, gives what each role may see, after every load of
a sequence that adds, changes, restricts, publishes and retires entities."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph_service.domain.access import Role, visibility_for
from graph_service.domain.feed import Change, ChangeKind
from graph_service.domain.visibility import Visibility
from graph_service.errors import InputError
from graph_service.exchange.archive import write_folder
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.services import Actor, LoadService
from graph_service.services.exporting import ExportService
from graph_service.services.feed import ChangeFeed
from graph_service.store import GraphStore
from tests.exchange.feed_datasets import sequence

Mirror = dict[tuple[str, str], dict[str, Any]]
ROLES = (Role.READER, Role.ANALYST)


async def what_role_sees(store: GraphStore, visibility: Visibility) -> Mirror:
    """The role's view of the graph, as its export gives it."""
    seen: Mirror = {}
    async for stem, rows in ExportService(store).batches(visibility):
        for row in rows:
            key = row.get(_KEYS[stem]) if stem != "governance" else None
            seen[(stem, str(key) if key else f"{row['force_id']}:{row['recorded_on']}")] = row
    return seen


_KEYS = {
    "agencies": "agency_id",
    "reviews": "review_id",
    "findings": "finding_id",
    "recommendations": "recommendation_id",
    "briefings": "briefing_id",
    "practice_changes": "change_id",
    "outcomes": "outcome_id",
    "imr_assessments": "assessment_id",
    "governance": "",
    "resources": "resource_id",
}


class Follower:
    """A system keeping a copy of what one role may see, from the feed alone."""

    def __init__(self, feed: ChangeFeed, visibility: Visibility, page_size: int) -> None:
        self.feed = feed
        self.visibility = visibility
        self.page_size = page_size
        self.cursor: str | None = None
        self.mirror: Mirror = {}

    async def catch_up(self) -> list[Change]:
        seen: list[Change] = []
        while True:
            page = await self.feed.page(
                self.cursor, self.page_size, self.visibility, with_runs=True
            )
            for change in page.changes:
                key = (change.entity, change.id)
                if change.change in (ChangeKind.REMOVED, ChangeKind.RETIRED):
                    self.mirror.pop(key, None)
                else:
                    assert change.row is not None
                    self.mirror[key] = change.row
            seen.extend(page.changes)
            self.cursor = page.cursor
            if not page.has_more:
                return seen


@pytest.mark.parametrize("page_size", [2, 1000])
async def test_replaying_the_feed_gives_what_each_role_may_see(
    reference_store: GraphStore, tmp_path: Path, page_size: int
) -> None:
    loading = LoadService(reference_store, Actor("test suite", "cli"))
    feed = ChangeFeed(reference_store)
    followers = {role: Follower(feed, visibility_for(role), page_size) for role in ROLES}
    heard: dict[tuple[str, Role], list[Change]] = {}
    for step, folder in sequence(tmp_path):
        report = await loading.load_dataset(folder)
        assert report.ok, (step, report.problems[:3])
        for role, follower in followers.items():
            heard[(step, role)] = await follower.catch_up()
            expected = await what_role_sees(reference_store, visibility_for(role))
            assert follower.mirror == expected, (step, role)
            # A system starting now, from the beginning, ends with the same copy.
            newcomer = Follower(feed, visibility_for(role), page_size)
            await newcomer.catch_up()
            assert newcomer.mirror == expected, (step, role, "from the start")

    def changes(step: str, role: Role) -> dict[tuple[str, str], Change]:
        return {(c.entity, c.id): c for c in heard[(step, role)]}

    first = changes("first load", Role.READER)
    assert ("reviews", "R2") not in first
    assert ("findings", "F2") not in first
    assert not any(entity == "imr_assessments" for entity, _ in first)
    assert changes("first load", Role.ANALYST)[("reviews", "R2")].change is ChangeKind.CREATED

    updated = changes("changes", Role.ANALYST)
    assert updated[("reviews", "R1")].change is ChangeKind.UPDATED
    assert updated[("reviews", "R1")].fields == ("title",)
    assert updated[("findings", "F1")].fields == ("text",)
    assert updated[("reviews", "R4")].change is ChangeKind.CREATED

    restricted = changes("restriction", Role.READER)
    for key in (("reviews", "R3"), ("findings", "F3"), ("recommendations", "REC3")):
        assert restricted[key].change is ChangeKind.REMOVED
        assert restricted[key].row is None
    briefing = restricted[("briefings", "B1")]
    assert briefing.change is ChangeKind.UPDATED
    assert briefing.row is not None
    assert briefing.row["cites_reviews"] == ["R1"]
    assert briefing.row["cites_findings"] == []
    related = restricted[("reviews", "R1")].row
    assert related is not None
    assert related["related_review_ids"] == []
    analyst = changes("restriction", Role.ANALYST)
    assert analyst[("reviews", "R3")].change is ChangeKind.UPDATED
    assert "restricted" in analyst[("reviews", "R3")].fields
    assert analyst[("reviews", "R3")].load_run is not None

    published = changes("publication", Role.READER)
    for key in (("reviews", "R2"), ("findings", "F2"), ("recommendations", "REC2")):
        assert published[key].change is ChangeKind.CREATED
        assert published[key].row is not None
    change_row = published[("practice_changes", "PC2")].row
    assert change_row is not None
    assert change_row["implements"] == ["REC2"]
    assert published[("reviews", "R2")].load_run is not None  # with_runs=True above

    for role in ROLES:
        retired = changes("retirement", role)
        for key in (("reviews", "R4"), ("findings", "F4"), ("outcomes", "O1")):
            assert retired[key].change is ChangeKind.RETIRED
            assert retired[key].row is None


async def test_cursors_are_strictly_ordered_and_survive_a_new_feed_object(
    reference_store: GraphStore, tmp_path: Path
) -> None:
    loading = LoadService(reference_store, Actor("test suite", "cli"))
    for _, folder in sequence(tmp_path)[:2]:
        assert (await loading.load_dataset(folder)).ok
    everything = visibility_for(Role.ANALYST)
    whole = await ChangeFeed(reference_store).page(None, 1000, everything, with_runs=False)
    positions = [(c.sequence, c.entity, c.id) for c in whole.changes]
    assert len(set(positions)) == len(positions)
    # Walking one change at a time, each from a fresh feed (as after a restart), gives the same.
    cursor: str | None = None
    walked: list[tuple[int, str, str]] = []
    while True:
        page = await ChangeFeed(reference_store).page(cursor, 1, everything, with_runs=False)
        walked.extend((c.sequence, c.entity, c.id) for c in page.changes)
        cursor = page.cursor
        if not page.has_more:
            break
    assert walked == positions
    later = await ChangeFeed(reference_store).page(whole.cursor, 10, everything, with_runs=False)
    assert later.changes == ()
    assert not later.has_more
    assert later.cursor == whole.cursor


async def test_a_cursor_that_is_not_one_is_refused_saying_so(reference_store: GraphStore) -> None:
    feed = ChangeFeed(reference_store)
    with pytest.raises(InputError, match="is not a change feed cursor"):
        await feed.page("not-a-cursor", 10, visibility_for(Role.READER), with_runs=False)
    with pytest.raises(InputError, match="first: 0 is out of range"):
        await feed.page(None, 0, visibility_for(Role.READER), with_runs=False)


@pytest.mark.parametrize("role", ROLES)
async def test_a_copy_made_from_an_export_is_kept_current_by_the_feed(
    reference_store: GraphStore, tmp_path: Path, role: Role
) -> None:
    """A system takes an export, then follows the feed from the cursor the export names."""
    loading = LoadService(reference_store, Actor("test suite", "cli"))
    steps = sequence(tmp_path / "datasets")
    for _, folder in steps[:2]:
        assert (await loading.load_dataset(folder)).ok
    exporting = ExportService(reference_store)
    about = ExportDescription(
        name="copy", description="test", source="test", feed_cursor=await exporting.feed_cursor()
    )
    exported = tmp_path / "export"
    await write_folder(
        exporting.members(format_named("dataset"), visibility_for(role), about), exported
    )
    header = yaml.safe_load((exported / "dataset.yaml").read_text())
    follower = Follower(ChangeFeed(reference_store), visibility_for(role), page_size=3)
    follower.cursor = header["feed_cursor"]
    follower.mirror = await what_role_sees(reference_store, visibility_for(role))
    assert follower.mirror == _rows_in(exported)
    assert await follower.catch_up() == []  # nothing changed since the export
    for step, folder in steps[2:]:
        assert (await loading.load_dataset(folder)).ok
        await follower.catch_up()
        assert follower.mirror == await what_role_sees(reference_store, visibility_for(role)), step


def _rows_in(folder: Path) -> Mirror:
    """The rows of an exported dataset, keyed as the feed keys them."""
    rows: Mirror = {}
    for path in folder.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            key = (
                f"{row['force_id']}:{row['recorded_on']}"
                if path.stem == "governance"
                else row[_KEYS[path.stem]]
            )
            rows[(path.stem, key)] = row
    return rows
