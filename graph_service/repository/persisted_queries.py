"""Storing persisted queries: GraphQL query texts registered under the SHA-256 hash of their
text, so that callers can run one by its hash alone.

A hash names one text for good (no statement changes or removes a registration), which is
what lets every process keep the registrations it has read for as long as it likes.
"""

import hashlib
from dataclasses import dataclass
from typing import Any, ClassVar

from graph_service.domain.access import ActorKind, utc_timestamp
from graph_service.errors import ConstraintViolationError
from graph_service.store import GraphStore


def query_hash(text: str) -> str:
    """The SHA-256 hash of a query's text in UTF-8, as 64 lowercase hex digits (what Apollo's
    automatic persisted queries send)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PersistedQuery:
    """A registered query: its hash and text, and when and by whom it was registered (the
    caller's key name or token subject, or ``cli:<user>``; never a credential)."""

    sha256: str
    text: str
    registered_at: str  # ISO 8601, UTC
    registered_by: str
    registered_by_kind: str


@dataclass(frozen=True)
class Registration:
    """What registering a query found: the registration, and whether this call made it."""

    query: PersistedQuery
    created: bool


class PersistedQueryRepository:
    """Registers persisted queries, finds one by hash and lists them all."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {
            "persisted_queries/register",
            "persisted_queries/by_hash",
            "persisted_queries/queries",
        }
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def register(
        self, text: str, *, registered_by: str, registered_by_kind: ActorKind, capacity: int
    ) -> Registration | None:
        """Register ``text`` under its hash; an earlier registration of it is kept as it was.
        None when the registry already holds ``capacity`` queries."""
        sha256 = query_hash(text)
        try:
            rows = await self._store.write(
                "persisted_queries/register",
                {
                    "hash": sha256,
                    "query": text,
                    "registeredAt": utc_timestamp(),
                    "registeredBy": registered_by,
                    "registeredByKind": registered_by_kind,
                    "capacity": capacity,
                },
            )
        except ConstraintViolationError:
            # Another process registered the same text between this statement's look-up and
            # its write: the text is registered, by that process.
            found = await self.find(sha256)
            return None if found is None else Registration(found, created=False)
        if not rows:
            return None
        return Registration(_query(rows[0]), created=bool(rows[0]["created"]))

    async def find(self, sha256: str) -> PersistedQuery | None:
        """The query registered under ``sha256``; None when there is none."""
        rows = await self._store.read("persisted_queries/by_hash", {"hash": sha256})
        return _query(rows[0]) if rows else None

    async def list_queries(self) -> list[PersistedQuery]:
        """Every registered query, oldest first."""
        return [_query(row) for row in await self._store.read("persisted_queries/queries")]


def _query(row: dict[str, Any]) -> PersistedQuery:
    return PersistedQuery(
        sha256=str(row["hash"]),
        text=str(row["query"]),
        registered_at=str(row["registeredAt"]),
        registered_by=str(row["registeredBy"]),
        registered_by_kind=str(row["registeredByKind"]),
    )
