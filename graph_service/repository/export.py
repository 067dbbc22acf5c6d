"""Reading the graph back as rows of the import format, for bulk export and the change feed.

Each entity has two statements: ``export/<stem>_ids`` pages through the ids a caller may see
in id order (keyset paging, so every page costs the same however deep it is), and
``export/<stem>`` turns ids into rows. Links to material the caller may not see are left out
of the rows by the statements themselves.
"""

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from graph_service.domain.visibility import Visibility
from graph_service.domain.vocabulary import EntityFile
from graph_service.repository.parameters import declared
from graph_service.store import GraphStore

# The import format's entities, in the order a dataset is written and loaded.
EXPORTED = tuple(entity.value for entity in EntityFile)

ImportRow = dict[str, Any]


class ExportRepository:
    """Import-format rows of every entity, as one caller may see them."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {f"export/{stem}" for stem in EXPORTED} | {f"export/{stem}_ids" for stem in EXPORTED}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def ids_after(
        self, stem: str, after: str, limit: int, visibility: Visibility
    ) -> list[str]:
        """Up to ``limit`` ids of ``stem`` the caller may see, the first after ``after``."""
        statement = f"export/{_known(stem)}_ids"
        parameters = declared(
            self._store, statement, visibility.parameters(), {"after": after, "limit": limit}
        )
        return [str(row["id"]) for row in await self._store.read(statement, parameters)]

    async def rows(
        self, stem: str, ids: Iterable[str], visibility: Visibility
    ) -> dict[str, ImportRow]:
        """The rows of those ``ids`` the caller may see, by id, in import-format shape."""
        statement = f"export/{_known(stem)}"
        parameters = declared(self._store, statement, visibility.parameters(), {"ids": list(ids)})
        found = await self._store.read(statement, parameters)
        return {str(row["id"]): import_row(row["row"]) for row in found}


def import_row(graph_row: Mapping[str, Any]) -> ImportRow:
    """A row as the import format writes it: no empty values, lists in a stable order, and
    IMR scores as a map from criterion to score."""
    row: ImportRow = {}
    for field, value in graph_row.items():
        if value is None:
            continue
        if field == "scores":
            row[field] = {item["code"]: int(item["score"]) for item in value}
        elif isinstance(value, list):
            row[field] = sorted(value)
        else:
            row[field] = value
    return row


def _known(stem: str) -> str:
    if stem not in EXPORTED:
        raise ValueError(f"unknown entity {stem!r}; one of {', '.join(EXPORTED)}")
    return stem
