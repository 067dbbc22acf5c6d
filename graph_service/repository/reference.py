"""Reading and writing the reference taxonomies."""

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, ClassVar

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
from graph_service.repository.derived import DerivedRepository
from graph_service.store import GraphStore

# Taxonomies whose codes a new version may retire, with the statements that move what links
# to a retired code onto its successors. Force codes are data.police.uk ids and never change.
RETIRABLE: dict[str, tuple[str, ...]] = {
    "review_types": ("move_review_types_of_type",),
    "themes": (
        "move_themes_about_theme",
        "move_themes_under_theme",
        "move_themes_disseminates",
        "move_themes_helps_with",
    ),
    "perennial_issues": (
        "move_perennial_issues_exemplifies",
        "move_perennial_issues_disseminates",
        "move_perennial_issues_helps_with",
    ),
    "strands": ("move_strands_concerns",),
    "systems_factors": ("move_systems_factors_shaped_by",),
    "imr_criteria": ("move_imr_criteria_scored",),
    "agency_sectors": ("move_agency_sectors_sector",),
}


class ReferenceRepository:
    """Review types, forces, themes and perennial issues."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {
            "reference/review_types",
            "reference/forces",
            "reference/themes",
            "reference/perennial_issues",
            "reference/upsert_review_types",
            "reference/upsert_forces",
            "reference/upsert_themes",
            "reference/upsert_perennial_issues",
            "reference/strands",
            "reference/upsert_strands",
            "reference/systems_factors",
            "reference/upsert_systems_factors",
            "reference/imr_criteria",
            "reference/upsert_imr_criteria",
            "reference/agency_sectors",
            "reference/upsert_agency_sectors",
            "reference/loaded",
        }
        | {f"reference/retire_{taxonomy}" for taxonomy in RETIRABLE}
        | {f"reference/{name}" for names in RETIRABLE.values() for name in names}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store
        # Retiring codes moves links, which the derived data must then follow.
        self.derived = DerivedRepository(store)

    def writer(self, task: str, *, wait_s: float = 0.0) -> AbstractAsyncContextManager[None]:
        """Be the graph's one writer for the block; see :meth:`GraphStore.writer`."""
        return self._store.writer(task, wait_s=wait_s)

    async def loaded(self) -> bool:
        """Whether the reference taxonomies are in the graph (they are loaded all at once)."""
        [row] = await self._store.read("reference/loaded")
        return int(row["reviewTypes"]) > 0

    async def review_types(self) -> list[ReviewType]:
        rows = await self._store.read("reference/review_types")
        return [
            ReviewType(
                code=row["code"],
                name=row["name"],
                definition=row["definition"],
                source=row["source"],
                jurisdiction=row["jurisdiction"],
                statute=row["statute"],
                status=row["status"],
                replaces=row["replaces"] or [],
                replaced_by=row["replacedBy"] or [],
                valid_from=row["validFrom"],
                valid_until=row["validUntil"],
            )
            for row in rows
        ]

    async def forces(self) -> list[Force]:
        rows = await self._store.read("reference/forces")
        return [
            Force(
                code=row["code"],
                name=row["name"],
                listed_name=row["listedName"],
                country=row["country"],
                kind=row["kind"],
                definition=row["definition"],
                source=row["source"],
            )
            for row in rows
        ]

    async def themes(self) -> list[Theme]:
        rows = await self._store.read("reference/themes")
        return [Theme(**row) for row in rows]

    async def perennial_issues(self) -> list[PerennialIssue]:
        rows = await self._store.read("reference/perennial_issues")
        return [
            PerennialIssue(
                code=row["code"],
                name=row["name"],
                definition=row["definition"],
                source=row["source"],
                provisional=bool(row["provisional"]),
                theme_code=row["themeCode"],
            )
            for row in rows
        ]

    async def strands(self) -> list[Strand]:
        return [Strand(**row) for row in await self._store.read("reference/strands")]

    async def systems_factors(self) -> list[SystemsFactor]:
        rows = await self._store.read("reference/systems_factors")
        return [SystemsFactor(**row) for row in rows]

    async def imr_criteria(self) -> list[ImrCriterion]:
        return [ImrCriterion(**row) for row in await self._store.read("reference/imr_criteria")]

    async def agency_sectors(self) -> list[AgencySector]:
        rows = await self._store.read("reference/agency_sectors")
        return [AgencySector(**row) for row in rows]

    async def retire(
        self, taxonomy: str, crosswalk: Sequence[Mapping[str, Any]], *, version: str
    ) -> int:
        """Mark codes retired and move every link to them onto their successors.

        ``crosswalk`` rows are ``{"from": old code, "to": [new codes]}``. Returns how many
        links (or agencies, for sectors) were moved.
        """
        if taxonomy not in RETIRABLE:
            raise ValueError(f"codes of {taxonomy!r} cannot be retired")
        rows = [{"from": row["from"], "to": list(row["to"])} for row in crosswalk]
        await self._store.write(
            f"reference/retire_{taxonomy}", {"crosswalk": rows, "version": version}
        )
        moved = 0
        for name in RETIRABLE[taxonomy]:
            [result] = await self._store.write(f"reference/{name}", {"crosswalk": rows})
            moved += int(result["moved"])
        return moved

    async def upsert(
        self, taxonomy: str, rows: Sequence[Mapping[str, Any]], *, version: str
    ) -> int:
        """Write one taxonomy's entries; returns how many were written."""
        statement = f"reference/upsert_{taxonomy}"
        if statement not in self.statements:
            raise ValueError(f"unknown taxonomy {taxonomy!r}")
        result = await self._store.write_batches(statement, rows, extra={"version": version})
        return sum(int(row["written"]) for row in result.rows)
