"""The use cases the command line and the API share record who did what, on both backends."""

from pathlib import Path

import pytest

from graph_service.domain.access import AuditEvent, Role
from graph_service.domain.paging import PageRequest
from graph_service.errors import GraphServiceError
from graph_service.loaders.generate import generate_dataset
from graph_service.repository import AuditRepository
from graph_service.repository.audit import AUDIT_ORDER, AuditSelection
from graph_service.services import Actor, KeyService, LoadService
from graph_service.store import GRAPH_SCHEMA, GraphStore

ETL = Actor("etl-bot", "key")


async def _events(store: GraphStore) -> list[AuditEvent]:
    """Every event, oldest first."""
    request = PageRequest.of(order=AUDIT_ORDER, first=100)
    page = await AuditRepository(store).events(AuditSelection(), request)
    return [event for _, event in reversed(page.items)]


async def test_key_changes_are_recorded_with_their_actor(store: GraphStore) -> None:
    await store.apply_schema(GRAPH_SCHEMA)
    keys = KeyService(store)

    issued = await keys.issue(ETL, "nightly export", Role.READER)
    await keys.revoke(ETL, issued.key.key_id)
    with pytest.raises(GraphServiceError):
        await keys.revoke(ETL, "nosuchkey000")

    recorded = [
        (e.actor, e.actor_kind, e.action, e.outcome, e.target) for e in await _events(store)
    ]
    assert recorded == [
        ("etl-bot", "key", "keys.create", "ok", f"key {issued.key.key_id}"),
        ("etl-bot", "key", "keys.revoke", "ok", f"key {issued.key.key_id}"),
        ("etl-bot", "key", "keys.revoke", "failed", "key nosuchkey000"),
    ]
    assert issued.text not in str(await _events(store))  # the key itself is never recorded


async def test_a_load_started_from_code_is_recorded(store: GraphStore, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    generate_dataset(dataset, reviews=6, seed=5)
    loading = LoadService(store, ETL)

    created, taxonomies = await loading.initialise()
    dry = await loading.load_dataset(dataset, dry_run=True)
    report = await loading.load_dataset(dataset)
    await loading.refresh()

    assert created
    assert taxonomies
    assert dry.ok
    assert report.ok
    events = await _events(store)
    assert [(e.actor, e.action, e.outcome) for e in events] == [
        ("etl-bot", "reference.load", "ok"),
        ("etl-bot", "dataset.load", "ok"),  # the dry run wrote nothing and is not recorded
        ("etl-bot", "db.refresh", "ok"),
    ]
    assert events[1].detail.startswith(f"load run {report.run_id}: ")
    assert ", reviews 6, " in events[1].detail


async def test_a_load_with_problems_is_recorded_as_failed(
    store: GraphStore, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    generate_dataset(dataset, reviews=3, seed=5)
    reviews = dataset / "reviews.csv"
    reviews.write_text(reviews.read_text(encoding="utf-8") + "not,a,review\n", encoding="utf-8")
    loading = LoadService(store, ETL)
    await loading.initialise()

    report = await loading.load_dataset(dataset)

    assert not report.ok
    last = (await _events(store))[-1]
    assert (last.action, last.outcome) == ("dataset.load", "failed")
    assert last.detail == f"{len(report.problems)} problem(s); nothing was written"
