"""An export in the import format loads into an empty graph as the same graph."""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from graph_service.domain.visibility import EVERYTHING, PUBLIC
from graph_service.exchange.archive import write_folder
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.repository.export import ExportRepository
from graph_service.services import Actor, LoadService
from graph_service.services.exporting import ExportService
from graph_service.store import GraphStore
from tests.graphs import GraphHost

ABOUT = ExportDescription(name="round trip", description="test export", source="test")
# Bookkeeping of loads, not facts: which run wrote a node, when and with what content hash.
BOOKKEEPING_LABELS = {"LoadRun", "AuditEvent", "Counter", "WriterLock", "ApiKey", "PersistedQuery"}
BOOKKEEPING_PROPERTIES = {
    "rowHash",
    "createdIn",
    "changedIn",
    "fieldHashes",
    "fieldChangedIn",
    "linksChangedIn",
    "everPublic",
    "publicSince",
    "visibilityMovedIn",
}


async def export_folder(store: GraphStore, folder: Path, *, batch_size: int = 7) -> list[Path]:
    """Everything in ``store`` exported into ``folder``; small batches so paging is exercised."""
    exporting = ExportService(store, batch_size=batch_size)
    return await write_folder(exporting.members(format_named("dataset"), EVERYTHING, ABOUT), folder)


async def facts(store: GraphStore) -> tuple[Counter[str], Counter[str], list[str]]:
    """Node counts by label set, relationship counts by type, and every node's facts."""
    nodes: Counter[str] = Counter()
    relationships: Counter[str] = Counter()
    for row in await store.read("test/graph_summary"):
        name = row["name"]
        if row["kind"] == "node":
            if BOOKKEEPING_LABELS & set(name):
                continue
            nodes[":".join(sorted(name))] += row["count"]
        else:
            relationships[name] += row["count"]
    properties = sorted(
        repr((":".join(sorted(row["labels"])), _facts(row["properties"])))
        for row in await store.read("test/node_properties")
        if not BOOKKEEPING_LABELS & set(row["labels"])
    )
    return nodes, relationships, properties


def _facts(properties: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(
        sorted(
            (key, sorted(value) if isinstance(value, list) else value)
            for key, value in properties.items()
            if key not in BOOKKEEPING_PROPERTIES
        )
    )


async def test_an_export_loads_back_into_the_same_graph(
    loaded_store: GraphStore, graph_host: GraphHost, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    written = await export_folder(loaded_store, folder)
    assert folder / "reviews.jsonl" in written
    assert (folder / "dataset.yaml").exists()
    graph = await graph_host.reserve("round_trip")
    try:
        async with graph_host.open(graph, 120_000) as copy:
            loading = LoadService(copy, Actor("test suite", "cli"))
            await loading.initialise()
            report = await loading.load_dataset(folder)
            assert report.ok, report.problems[:3]
            original_nodes, original_links, original_facts = await facts(loaded_store)
            copied_nodes, copied_links, copied_facts = await facts(copy)
    finally:
        await graph_host.release(graph)
    assert copied_nodes == original_nodes
    assert copied_links == original_links
    assert copied_facts == original_facts


async def test_a_readers_export_loads_by_itself_into_an_empty_graph(
    loaded_store: GraphStore, graph_host: GraphHost, tmp_path: Path
) -> None:
    """Links to what a reader may not see are left out with it, so nothing dangles."""
    folder = tmp_path / "published"
    exporting = ExportService(loaded_store, batch_size=7)
    await write_folder(exporting.members(format_named("dataset"), PUBLIC, ABOUT), folder)
    reviews = [json.loads(line) for line in (folder / "reviews.jsonl").read_text().splitlines()]
    everything = await ExportRepository(loaded_store).ids_after("reviews", "", 1000, EVERYTHING)
    assert 0 < len(reviews) < len(everything)
    assert not (folder / "imr_assessments.jsonl").exists()
    graph = await graph_host.reserve("published")
    try:
        async with graph_host.open(graph, 120_000) as copy:
            loading = LoadService(copy, Actor("test suite", "cli"))
            await loading.initialise()
            report = await loading.load_dataset(folder)
            assert report.ok, report.problems[:3]
            assert report.entities["reviews"].created == len(reviews)
    finally:
        await graph_host.release(graph)
