"""Bulk export: the whole graph, or what one caller may see, in a format other systems read."""

from collections.abc import AsyncIterator, Callable

from graph_service.domain.feed import Position
from graph_service.domain.visibility import Visibility
from graph_service.exchange.archive import Members
from graph_service.exchange.dataset import Batches, ExportDescription
from graph_service.exchange.formats import Format
from graph_service.repository.export import EXPORTED, ExportRepository, ImportRow
from graph_service.repository.feed import FeedRepository
from graph_service.store import GraphStore

EXPORT_BATCH = 2_000

# (entity stem, rows of it exported so far): called after every batch.
ExportProgress = Callable[[str, int], None]


class ExportService:
    """Reads the graph a page at a time, so memory holds one batch whatever the graph's size."""

    def __init__(self, store: GraphStore, *, batch_size: int = EXPORT_BATCH) -> None:
        self._rows = ExportRepository(store)
        self._feed = FeedRepository(store)
        self._batch_size = batch_size

    async def feed_cursor(self) -> str:
        """The change feed's cursor now: past every change of the load runs that have ended.
        Taken before an export, following the feed from it brings a copy made from the export
        up to date (changes made while the export ran come again)."""
        return Position(await self._feed.settled(), end_of_run=True).encode()

    async def batches(
        self, visibility: Visibility, progress: ExportProgress | None = None
    ) -> AsyncIterator[tuple[str, list[ImportRow]]]:
        """Every entity's rows the caller may see, in load order, each entity in id order."""
        for stem in EXPORTED:
            after, done = "", 0
            while True:
                ids = await self._rows.ids_after(stem, after, self._batch_size, visibility)
                if not ids:
                    break
                found = await self._rows.rows(stem, ids, visibility)
                # An entity hidden or removed between the two reads is left out.
                rows = [found[i] for i in ids if i in found]
                done += len(rows)
                yield stem, rows
                if progress is not None:
                    progress(stem, done)
                if len(ids) < self._batch_size:
                    break
                after = ids[-1]

    def members(
        self,
        format_: Format,
        visibility: Visibility,
        about: ExportDescription,
        progress: ExportProgress | None = None,
    ) -> Members:
        """The files of an export in ``format_``, a chunk at a time."""
        batches: Batches = self.batches(visibility, progress)
        return format_.members(batches, about)
