"""The reference taxonomies, kept by the API process for a few seconds.

Review types, forces, themes, perennial issues, strands, systems factors, IMR criteria, agency
sectors, and every taxonomy code with its retirement (what code arguments are checked
against) change only when reference data is loaded, yet nearly every request reads some of
them. A :class:`ReferenceCache` reads each at most once per ``ttl_s`` seconds.

Loading reference data in this process (``LoadService.load_reference``, ``db init``) calls
:func:`forget_reference`, which empties every reference cache of the process at once. A load by
another process (the command line against a running server) shows here after ``ttl_s`` seconds
at most; until then a name or definition may be the previous one. That is harmless: reference
data is public, no visibility rule depends on it, and the entities a request reads are never
cached, so no caller sees through this anything they may not see.
"""

import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from graph_service.caching import Clock, TimedCache
from graph_service.domain.reference import (
    AgencySector,
    Force,
    ImrCriterion,
    PerennialIssue,
    ReviewType,
    Strand,
    SystemsFactor,
    Theme,
)
from graph_service.repository import DatasetRepository, ReferenceRepository

_LIVE: "weakref.WeakSet[ReferenceCache]" = weakref.WeakSet()


class ReferenceCache:
    """Each taxonomy as the repositories read it, kept ``ttl_s`` seconds; 0 keeps nothing.

    Every call returns a new list (of frozen entries), so no caller can change what
    another is given.
    """

    def __init__(
        self,
        reference: ReferenceRepository,
        dataset: DatasetRepository,
        ttl_s: float,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._reference = reference
        self._dataset = dataset
        self._cache: TimedCache[str, tuple[Any, ...]] = TimedCache(ttl_s, clock=clock)
        _LIVE.add(self)

    async def review_types(self) -> list[ReviewType]:
        return await self._kept("review_types", self._reference.review_types)

    async def forces(self) -> list[Force]:
        return await self._kept("forces", self._reference.forces)

    async def themes(self) -> list[Theme]:
        return await self._kept("themes", self._reference.themes)

    async def perennial_issues(self) -> list[PerennialIssue]:
        return await self._kept("perennial_issues", self._reference.perennial_issues)

    async def strands(self) -> list[Strand]:
        return await self._kept("strands", self._reference.strands)

    async def systems_factors(self) -> list[SystemsFactor]:
        return await self._kept("systems_factors", self._reference.systems_factors)

    async def imr_criteria(self) -> list[ImrCriterion]:
        return await self._kept("imr_criteria", self._reference.imr_criteria)

    async def agency_sectors(self) -> list[AgencySector]:
        return await self._kept("agency_sectors", self._reference.agency_sectors)

    async def taxonomy_codes(self) -> list[dict[str, Any]]:
        """Every code of every taxonomy, retired ones included, with their successors."""
        rows = await self._kept("taxonomy_codes", self._dataset.taxonomy_codes)
        return [dict(row) for row in rows]

    def forget(self) -> None:
        """Read everything from the store again from the next call on."""
        self._cache.clear()

    async def _kept[T](self, name: str, read: Callable[[], Awaitable[list[T]]]) -> list[T]:
        found = self._cache.get(name)
        if found is None:
            stamp = self._cache.stamp()
            found = tuple(await read())
            if found:  # a graph not initialised yet is not kept as one without taxonomies
                self._cache.put(name, found, stamp)
        return list(found)


def forget_reference() -> None:
    """Empty every reference cache of this process: reference data has just been written."""
    for cache in list(_LIVE):
        cache.forget()
