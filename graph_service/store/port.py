"""The one contract every graph store backend fulfils.

A backend runs a named statement from the catalogue with parameters and returns rows as
``list[dict]`` of plain Python values (str, int, float, bool, None, list, dict). Connection
handling, value encoding and the dialect of the statement files stay inside the backend.
"""

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from graph_service.store.catalogue import Statement, StatementCatalogue
from graph_service.store.schema import GraphSchema
from graph_service.store.writer import WriterLock, hold

Row = dict[str, Any]
Params = Mapping[str, Any]


@dataclass(frozen=True)
class BatchResult:
    """What a batched write did: how many batches ran and the rows each returned."""

    batches: int
    rows: list[Row]


@dataclass(frozen=True)
class KeySpace:
    """Where every process serving one graph may keep small shared counters.

    ``url`` is a Redis-protocol server they all reach (``redis://``, ``rediss://`` or
    ``unix://``), None when the backend has none; ``prefix`` starts this graph's keys on it, so
    that graphs sharing a server never share a counter.
    """

    prefix: str
    url: str | None


class GraphStore(ABC):
    """Runs named statements against one graph."""

    def __init__(self, catalogue: StatementCatalogue) -> None:
        self.catalogue = catalogue
        self.statements_run = 0

    @property
    @abstractmethod
    def description(self) -> str:
        """Where the data lives, for banners and logs; never includes a secret."""

    async def read(self, name: str, params: Params | None = None) -> list[Row]:
        """Run a read-only statement."""
        statement = self._prepare(name, params or {})
        return await self._run(statement, params or {}, read_only=True)

    async def write(self, name: str, params: Params | None = None) -> list[Row]:
        """Run a statement that writes; one statement is one atomic unit on every backend."""
        statement = self._prepare(name, params or {})
        return await self._run(statement, params or {}, read_only=False)

    async def write_batches(
        self,
        name: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch_size: int = 5_000,
        extra: Params | None = None,
    ) -> BatchResult:
        """Run ``name`` once per slice of ``rows``, passed as ``$rows``; each slice is atomic."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        returned: list[Row] = []
        batches = 0
        for start in range(0, len(rows), batch_size):
            params = {**(extra or {}), "rows": list(rows[start : start + batch_size])}
            returned.extend(await self.write(name, params))
            batches += 1
        return BatchResult(batches=batches, rows=returned)

    async def write_each(
        self, statements: Iterable[tuple[str, Params]]
    ) -> AsyncIterator[tuple[str, list[Row]]]:
        """Run write statements in order, one at a time (each atomic), yielding their rows.

        ``statements`` may be a lazy generator: a backend may draw (and encode) the next
        statements while the engine runs the current one, so building them overlaps writing.
        """
        for name, params in statements:
            yield name, await self.write(name, params)

    def with_timeout(self, timeout_ms: int) -> "GraphStore":
        """This store, its statements allowed ``timeout_ms`` each instead of the configured
        limit (which protects the API); for maintenance that reads or writes the whole graph.
        Shares the connection; a store with no limit of its own returns itself."""
        return self

    @abstractmethod
    async def begin_related_review_index_rebuild(
        self,
    ) -> Callable[[Sequence[str]], Awaitable[None]]:
        """Start rebuilding the index that related-review ranking uses
        (``exploration/related_reviews``), for a derivation of the reviews' raised codes.

        Call it before any review's raised codes are derived anew, and call what it returns
        with the reviews' ids once they are: the index is then rebuilt for those reviews. In
        between, and after a derivation that stopped there, related reviews still rank
        exactly. Adapters run these statements through their own ``read``, ``write`` and
        ``write_each``, so a store standing in front of another can run the other's rebuild.
        """

    def writer(self, task: str, *, wait_s: float = 0.0) -> AbstractAsyncContextManager[None]:
        """Be this graph's one writer for the block (a load, a refresh, a reference load).

        ``task`` says what writes, e.g. "load run-... of dataset 'X'"; whoever finds the lock
        taken is told that, with the process, host and start time. Without ``wait_s`` a taken
        lock raises :class:`WriterBusyError` at once; with it, the lock is awaited that long.
        A block inside a block that already holds the lock holds it too, without waiting.
        """
        return hold(self._writer_lock(), task, wait_s=wait_s)

    def key_space(self) -> KeySpace:
        """Where processes serving this graph can share counters (request budgets); a backend
        that runs on a Redis-protocol server names it."""
        return KeySpace(prefix=f"graph-service:{self.description}", url=None)

    @abstractmethod
    def _writer_lock(self) -> WriterLock:
        """The lock that makes this backend's writers take turns."""

    def _prepare(self, name: str, params: Params) -> Statement:
        statement = self.catalogue.get(name)
        statement.check_parameters(params)
        self.statements_run += 1
        return statement

    @abstractmethod
    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        """Execute one statement and convert its rows to plain values."""

    @abstractmethod
    async def apply_schema(self, schema: GraphSchema) -> list[str]:
        """Create missing constraints and indexes; return what was created (empty if none)."""

    @abstractmethod
    async def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailableError otherwise."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections (and stop an embedded server this process started)."""
