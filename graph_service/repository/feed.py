"""Reading the change feed's positions: which entities changed after a cursor, in feed order.

What changed is stamped on the entities by the loader (``changedIn`` and the rest, see
cypher/dataset/); retired entities leave a ``Retired`` node behind. The entities' content is
read through :class:`ExportRepository`, which filters it for the caller.
"""

from collections.abc import Iterable
from typing import Any, ClassVar

from graph_service.domain.visibility import Visibility
from graph_service.repository.export import EXPORTED
from graph_service.repository.parameters import declared
from graph_service.store import GraphStore

Row = dict[str, Any]


class FeedRepository:
    statements: ClassVar[frozenset[str]] = frozenset(
        {f"feed/{stem}" for stem in EXPORTED} | {"feed/retired", "feed/settled", "feed/runs"}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def settled(self) -> int:
        """The last load run whose changes the feed shows: the one before the first still
        running, else the last (0 before any run)."""
        [row] = await self._store.read("feed/settled") or [{"firstRunning": None, "last": None}]
        if row["firstRunning"] is not None:
            return int(row["firstRunning"]) - 1
        return int(row["last"] or 0)

    async def changed(
        self,
        stem: str,
        after: tuple[int, str],
        up_to: int,
        limit: int,
        visibility: Visibility,
    ) -> list[Row]:
        """Up to ``limit`` entities of ``stem`` whose latest change is after ``after``."""
        statement = f"feed/{stem}"
        given = {"afterRun": after[0], "afterId": after[1], "upTo": up_to, "limit": limit}
        return await self._store.read(
            statement, declared(self._store, statement, visibility.parameters(), given)
        )

    async def retired(
        self,
        stem: str,
        after: tuple[int, str],
        up_to: int,
        limit: int,
        visibility: Visibility,
    ) -> list[Row]:
        """Up to ``limit`` entities of ``stem`` retired after ``after``."""
        given = {
            "kind": stem,
            "afterRun": after[0],
            "afterId": after[1],
            "upTo": up_to,
            "limit": limit,
        }
        return await self._store.read("feed/retired", {**visibility.parameters(), **given})

    async def run_ids(self, ordinals: Iterable[int]) -> dict[int, str]:
        rows = await self._store.read("feed/runs", {"ordinals": sorted(set(ordinals))})
        return {int(row["ordinal"]): str(row["id"]) for row in rows}
