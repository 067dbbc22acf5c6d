"""Exports made by the graph-format tests, and what the graph holds to compare them with."""

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

from graph_service.domain.visibility import EVERYTHING, Visibility
from graph_service.exchange.archive import Members, write_file, write_folder
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.exchange.links import KINDS, LINKS, TAXONOMIES
from graph_service.repository.export import ImportRow
from graph_service.services.exporting import ExportService
from graph_service.store import GraphStore

ABOUT = ExportDescription(name="graph formats", description="test export", source="test")
# Small batches, so that a format is seen writing one entity over several.
BATCH = 7


def members(store: GraphStore, format_name: str, visibility: Visibility) -> Members:
    exporting = ExportService(store, batch_size=BATCH)
    return exporting.members(format_named(format_name), visibility, ABOUT)


async def export_file(
    store: GraphStore, format_name: str, visibility: Visibility, path: Path
) -> Path:
    await write_file(only_file(members(store, format_name, visibility)), path)
    return path


async def export_folder(
    store: GraphStore, format_name: str, visibility: Visibility, folder: Path
) -> list[Path]:
    return await write_folder(members(store, format_name, visibility), folder)


async def only_file(chunks: Members) -> AsyncIterator[bytes]:
    async for _, chunk in chunks:
        yield chunk


async def export_rows(store: GraphStore, visibility: Visibility) -> dict[str, list[ImportRow]]:
    """Every import-format row the caller may see, by entity."""
    rows: dict[str, list[ImportRow]] = {}
    async for stem, batch in ExportService(store).batches(visibility):
        rows.setdefault(stem, []).extend(batch)
    return rows


async def restricted_review_ids(store: GraphStore) -> set[str]:
    """The restricted reviews, as an analyst's export lists them."""
    rows = await export_rows(store, EVERYTHING)
    restricted = {row["review_id"] for row in rows["reviews"] if row.get("restricted")}
    assert restricted, "the generated dataset has restricted reviews"
    return restricted


async def graph_counts(store: GraphStore) -> tuple[Counter[str], Counter[str]]:
    """Entities in the graph by node label (forces apart: the reference data holds them) and
    relationships by type."""
    labels: Counter[str] = Counter()
    types: Counter[str] = Counter()
    entity_labels = {kind.label for kind in KINDS.values()}
    for row in await store.read("test/graph_summary"):
        if row["kind"] == "relationship":
            types[row["name"]] += row["count"]
        elif "Force" not in row["name"]:
            for label in entity_labels & set(row["name"]):
                labels[label] += row["count"]
    return labels, types


def named_codes(rows: dict[str, list[ImportRow]]) -> dict[str, set[str]]:
    """The taxonomy codes the rows name, by taxonomy node label. An agency id that is no
    exported agency's is a force's (forces are agencies of the reference data)."""
    agencies = {row["agency_id"] for row in rows.get("agencies", [])}
    codes: dict[str, set[str]] = {}
    for stem, links in LINKS.items():
        for row in rows.get(stem, []):
            for link in links:
                value = row.get(link.field)
                for named in value if isinstance(value, list) else [value] if value else []:
                    code = named.split(":")[0] if link.qualified else named
                    if link.target in TAXONOMIES:
                        codes.setdefault(TAXONOMIES[link.target][1], set()).add(code)
                    elif link.target == "agencies" and code not in agencies:
                        codes.setdefault("Force", set()).add(code)
    for row in rows.get("imr_assessments", []):
        codes.setdefault("ImrCriterion", set()).update(row.get("scores", {}))
    return codes


def expected_relationships(
    graph_types: Counter[str], rows: dict[str, list[ImportRow]]
) -> Counter[str]:
    """The relationships a full export holds, by type: the graph's of every linked type, and
    one IN_SECTOR per agency (a property in the graph, a relationship in the graph formats)."""
    linked = {link.relationship for links in LINKS.values() for link in links} | {"SCORED"}
    expected = Counter({name: graph_types[name] for name in linked if graph_types[name]})
    expected["IN_SECTOR"] = len(rows["agencies"])
    return expected
