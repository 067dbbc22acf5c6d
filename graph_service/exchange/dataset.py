"""The import format itself: one JSON Lines file per entity and a ``dataset.yaml``, the
dataset a loader reads back into the same graph."""

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import yaml

from graph_service.exchange.archive import Members
from graph_service.repository.export import ImportRow

# (entity stem, a batch of its rows): every batch of one entity before the next entity's.
Batches = AsyncIterator[tuple[str, list[ImportRow]]]


@dataclass(frozen=True)
class ExportDescription:
    """What ``dataset.yaml`` says about an export."""

    name: str
    description: str
    source: str
    # Where entity IRIs live (settings.public_url); the JSON-LD format names every node by one.
    iri_base: str | None = None
    # The change feed's cursor when the export began: following the feed from it keeps a copy
    # made from the export current.
    feed_cursor: str | None = None


async def dataset_members(batches: Batches, about: ExportDescription) -> Members:
    """``dataset.yaml``, then ``<stem>.jsonl`` for each entity with any row."""
    header: dict[str, object] = {
        "name": about.name,
        "description": about.description,
        "source": about.source,
        "format_version": 1,
    }
    if about.feed_cursor:
        header["feed_cursor"] = about.feed_cursor
    yield "dataset.yaml", yaml.safe_dump(header, sort_keys=False, allow_unicode=True).encode()
    async for stem, rows in batches:
        if rows:
            yield f"{stem}.jsonl", json_lines(rows)


def json_lines(rows: list[ImportRow]) -> bytes:
    """Rows as JSON Lines, keys in the row's own order, text kept as UTF-8."""
    return "".join(
        json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows
    ).encode()
