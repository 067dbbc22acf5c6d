"""Reading figures about the review system: one force's overview and the quality of IMRs.

Each method runs one statement, and every statement filters on the caller's visibility.
"""

from dataclasses import dataclass
from typing import ClassVar

from graph_service.domain.entities import GovernanceRecord, entity_of
from graph_service.domain.review_system import (
    ForceOverview,
    ImrGrouping,
    ImrQualityGroup,
    imr_quality_groups,
)
from graph_service.domain.visibility import Visibility
from graph_service.repository import figures
from graph_service.repository.figures import read_visible
from graph_service.store import GraphStore


@dataclass(frozen=True)
class ImrSelection:
    """Which IMR assessments imrQuality counts; a None condition keeps them all."""

    review_types: list[str] | None = None
    forces: list[str] | None = None  # the assessed agency, by force code
    year_from: int | None = None  # the review's year
    year_to: int | None = None


class ReviewSystemRepository:
    """A force's overview and IMR quality figures."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {"review_system/force_overview", "review_system/imr_quality", figures.STATE}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def force_overview(self, code: str, visibility: Visibility) -> ForceOverview | None:
        """The force's overview; None when no force has this code."""
        rows = await read_visible(
            self._store,
            "review_system/force_overview",
            {"code": code, **visibility.parameters()},
            visibility,
        )
        if not rows:
            return None
        governance = rows[0]["governance"]
        latest = None if governance is None else entity_of(GovernanceRecord, governance)
        return ForceOverview.from_row(rows[0], latest)

    async def imr_quality(
        self, grouping: ImrGrouping, selection: ImrSelection, visibility: Visibility
    ) -> list[ImrQualityGroup]:
        """Per group, the criteria weakest first; no group at all when IMRs are not visible."""
        if not visibility.include_imr:
            return []  # the statement would scan every assessment to return nothing
        rows = await read_visible(
            self._store,
            "review_system/imr_quality",
            {
                **visibility.parameters(),
                "groupBy": grouping.value,
                "reviewTypes": selection.review_types,
                "forces": selection.forces,
                "yearFrom": selection.year_from,
                "yearTo": selection.year_to,
            },
            visibility,
        )
        return imr_quality_groups(rows)
