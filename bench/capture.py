"""Stores standing in front of a real one that keep the statements they are asked to run.

The benchmarks replay what these keep through the engine's own client (bench/raw.py), so
that the service is compared with the raw engine doing exactly the same work.
"""

import copy
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from graph_service.store import GraphSchema, GraphStore
from graph_service.store.catalogue import Statement
from graph_service.store.port import Params, Row
from graph_service.store.writer import WriterLock


@dataclass(frozen=True)
class Captured:
    """One statement as the service asked for it."""

    name: str
    params: dict[str, Any]
    read_only: bool


class StandIn(GraphStore):
    """A store in front of a real one, which stays open and unchanged by it."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(store.catalogue)
        self._store = store
        self.statements: list[Captured] = []

    @property
    def description(self) -> str:
        return f"stand-in over {self._store.description}"

    def with_timeout(self, timeout_ms: int) -> "StandIn":
        # The same stand-in (its statements kept in the same list) over the patient store.
        patient = copy.copy(self)
        patient._store = self._store.with_timeout(timeout_ms)
        return patient

    async def begin_related_review_index_rebuild(
        self,
    ) -> Callable[[Sequence[str]], Awaitable[None]]:
        # The real store's rebuild, its statements run (and kept) by this stand-in.
        return await type(self._store).begin_related_review_index_rebuild(self)

    async def apply_schema(self, schema: GraphSchema) -> list[str]:
        return []

    def _writer_lock(self) -> WriterLock:
        return self._store._writer_lock()  # writers take turns on the real store

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None


class WriteRecorder(StandIn):
    """Reads from the real store; keeps every write it is asked for instead of running it."""

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        if read_only:
            return await self._store.read(statement.name, params)
        self.statements.append(Captured(statement.name, dict(params), read_only=False))
        # A row with every column a loader reads back from its writes ("current": there are
        # no recommendation groups yet).
        return [{"changed": 0, "created": 0, "linked": 0, "id": "x", "current": None}]


class Capturing(StandIn):
    """Runs every statement on the real store and keeps each one ``keep`` selects by name
    (every one by default), with its parameters."""

    def __init__(self, store: GraphStore, keep: Callable[[str], bool] = lambda _: True) -> None:
        super().__init__(store)
        self._keep = keep

    async def _run(self, statement: Statement, params: Params, *, read_only: bool) -> list[Row]:
        if self._keep(statement.name):
            self.statements.append(Captured(statement.name, dict(params), read_only=read_only))
        if read_only:
            return await self._store.read(statement.name, params)
        return await self._store.write(statement.name, params)

    async def write_each(
        self, statements: Iterable[tuple[str, Params]]
    ) -> AsyncIterator[tuple[str, list[Row]]]:
        # The real store runs the sequence its own way (FalkorDB encodes the next statements
        # in a thread while the engine writes), so that capturing does not slow it down.
        def kept() -> Iterator[tuple[str, Params]]:
            for name, params in statements:
                if self._keep(name):
                    self.statements.append(Captured(name, dict(params), read_only=False))
                yield name, params

        async for done in self._store.write_each(kept()):
            yield done
