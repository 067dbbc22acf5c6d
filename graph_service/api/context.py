"""Per-request GraphQL context: the caller, what they may see, the repositories and DataLoaders.

Everything cached here lives for one request, so no caller ever sees another's answers. (The
reference taxonomies, public and the same for every caller, come from a per-process cache:
graph_service/services/reference_cache.py.)
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from graph_service.api.services import Services
from graph_service.domain import reference as taxonomy
from graph_service.domain.access import Principal, Role
from graph_service.domain.entities import Entity
from graph_service.domain.visibility import Visibility
from graph_service.errors import AuthenticationError, PermissionDeniedError


class ReferenceLookup:
    """The taxonomies by code, each asked of the process's reference cache at most once per
    request, so that each stays the same throughout a request."""

    def __init__(self, services: Services) -> None:
        self._taxonomies = services.taxonomies
        self._cache: dict[str, asyncio.Task[Any]] = {}

    def _once[T](self, name: str, read: Callable[[], Awaitable[T]]) -> Awaitable[T]:
        if name not in self._cache:
            self._cache[name] = asyncio.ensure_future(read())
        task: asyncio.Task[T] = self._cache[name]
        return task

    def review_types(self) -> Awaitable[dict[str, taxonomy.ReviewType]]:
        return self._once("review_types", self._by_code(self._taxonomies.review_types))

    def forces(self) -> Awaitable[dict[str, taxonomy.Force]]:
        return self._once("forces", self._by_code(self._taxonomies.forces))

    def themes(self) -> Awaitable[dict[str, taxonomy.Theme]]:
        return self._once("themes", self._by_code(self._taxonomies.themes))

    def perennial_issues(self) -> Awaitable[dict[str, taxonomy.PerennialIssue]]:
        return self._once("issues", self._by_code(self._taxonomies.perennial_issues))

    def strands(self) -> Awaitable[dict[str, taxonomy.Strand]]:
        return self._once("strands", self._by_code(self._taxonomies.strands))

    def systems_factors(self) -> Awaitable[dict[str, taxonomy.SystemsFactor]]:
        return self._once("factors", self._by_code(self._taxonomies.systems_factors))

    def imr_criteria(self) -> Awaitable[dict[str, taxonomy.ImrCriterion]]:
        return self._once("criteria", self._by_code(self._taxonomies.imr_criteria))

    def agency_sectors(self) -> Awaitable[dict[str, taxonomy.AgencySector]]:
        return self._once("sectors", self._by_code(self._taxonomies.agency_sectors))

    async def codes(self) -> dict[str, dict[str, list[str] | None]]:
        """Every code per taxonomy: None for a current code, its successors for a retired one."""
        return await self._once("codes", self._read_codes)

    async def _read_codes(self) -> dict[str, dict[str, list[str] | None]]:
        codes: dict[str, dict[str, list[str] | None]] = {}
        for row in await self._taxonomies.taxonomy_codes():
            successors = list(row.get("successors") or []) if row.get("retired") else None
            codes.setdefault(row["taxonomy"], {})[row["code"]] = successors
        return codes

    @staticmethod
    def _by_code[E: taxonomy.Entry](
        read: Callable[[], Awaitable[list[E]]],
    ) -> Callable[[], Awaitable[dict[str, E]]]:
        async def run() -> dict[str, E]:
            return {entry.code: entry for entry in await read()}

        return run


class Context(BaseContext):
    """Created for each request, so loader caches never outlive it."""

    def __init__(self, services: Services, principal: Principal | None) -> None:
        """``principal`` is None only for the GraphiQL page, which the gate lets through
        without credentials and which reads nothing."""
        super().__init__()
        self.services = services
        self._principal = principal
        self.reference = ReferenceLookup(services)
        self._entities: dict[str, DataLoader[str, Entity | None]] = {}
        self._relations: dict[str, DataLoader[str, list[dict[str, Any]]]] = {}

    @property
    def principal(self) -> Principal:
        if self._principal is None:  # never reached through the gate; refuse all the same
            raise AuthenticationError("authentication is required")
        return self._principal

    @property
    def visibility(self) -> Visibility:
        return self.principal.visibility

    def require(self, role: Role, what: str) -> None:
        """Refuses, with FORBIDDEN, a caller whose role does not include ``role``."""
        if not self.principal.role.includes(role):
            raise PermissionDeniedError(
                f"{what} needs the {role.value} role; this caller has {self.principal.role.value}"
            )

    def entity(self, kind: str) -> DataLoader[str, Entity | None]:
        """Batches every lookup of ``kind`` by id made while resolving one level of a query."""
        if kind not in self._entities:

            async def load(ids: Sequence[str]) -> list[Entity | None]:
                found = await self.services.entities.by_ids(kind, ids, self.visibility)
                return [found.get(id_) for id_ in ids]

            self._entities[kind] = DataLoader(load)
        return self._entities[kind]

    def relation(self, name: str) -> DataLoader[str, list[dict[str, Any]]]:
        """Batches one relationship field across every parent on the page."""
        if name not in self._relations:

            async def load(ids: Sequence[str]) -> list[list[dict[str, Any]]]:
                found = await self.services.entities.related(name, ids, self.visibility)
                return [found.get(id_, []) for id_ in ids]

            self._relations[name] = DataLoader(load)
        return self._relations[name]
