"""Writing case-review datasets, and the look-ups that validate them first."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from graph_service.store import GraphStore

ENTITY_STEMS = (
    "agencies",
    "partnerships",
    "reviews",
    "findings",
    "recommendations",
    "briefings",
    "practice_changes",
    "outcomes",
    "imr_assessments",
    "governance",
    "resources",
)
LINKS = (
    "review_types",
    "review_forces",
    "review_partnerships",
    "review_agencies",
    "review_strands",
    "review_related",
    "finding_reviews",
    "finding_issues",
    "finding_themes",
    "finding_factors",
    "finding_agencies",
    "recommendation_reviews",
    "recommendation_findings",
    "recommendation_agencies",
    "briefing_issues",
    "briefing_themes",
    "briefing_findings",
    "briefing_reviews",
    "change_agencies",
    "change_recommendations",
    "change_briefings",
    "outcome_changes",
    "imr_reviews",
    "imr_agencies",
    "imr_scores",
    "governance_forces",
    "resource_forces",
    "resource_issues",
    "resource_themes",
)
LOOKUPS = (
    "agencies",
    "reviews",
    "findings",
    "recommendations",
    "practice_changes",
    "briefings",
)


class DatasetRepository:
    """Entities, their links and load runs, written in batches of one statement each."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {f"load/upsert_{stem}" for stem in ENTITY_STEMS}
        | {f"load/link_{name}" for name in LINKS}
        | {f"load/existing_{kind}" for kind in LOOKUPS}
        | {
            "load/taxonomy_codes",
            "load/start_run",
            "load/finish_run",
            "load/unfinished_runs",
            "load/mark_runs_interrupted",
        }
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def taxonomy_codes(self) -> list[dict[str, Any]]:
        return await self._store.read("load/taxonomy_codes")

    async def existing(self, kind: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        """Rows (``id`` and, for findings, ``reviewId``) for the ids already in the graph."""
        if kind not in LOOKUPS:
            raise ValueError(f"unknown look-up {kind!r}")
        wanted = sorted(set(ids))
        found: list[dict[str, Any]] = []
        for start in range(0, len(wanted), 5_000):
            chunk = wanted[start : start + 5_000]
            found.extend(await self._store.read(f"load/existing_{kind}", {"ids": chunk}))
        return found

    async def upsert(
        self, stem: str, rows: Sequence[Mapping[str, Any]], run_id: str
    ) -> tuple[int, int]:
        """Write one batch of entities; returns (changed, created)."""
        if stem not in ENTITY_STEMS:
            raise ValueError(f"unknown entity {stem!r}")
        if stem == "partnerships":
            await self._store.write("load/upsert_partnerships", {"rows": list(rows)})
            return 0, 0
        [result] = await self._store.write(
            f"load/upsert_{stem}", {"rows": list(rows), "runId": run_id}
        )
        return int(result["changed"]), int(result["created"])

    async def link(self, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Replace one kind of link for a batch of entities."""
        if name not in LINKS:
            raise ValueError(f"unknown link {name!r}")
        await self._store.write(f"load/link_{name}", {"rows": list(rows)})

    async def start_run(self, run: Mapping[str, Any]) -> None:
        await self._store.write("load/start_run", {"run": dict(run)})

    async def finish_run(self, run_id: str, *, status: str, finished_at: int, summary: str) -> None:
        await self._store.write(
            "load/finish_run",
            {"id": run_id, "status": status, "finishedAt": finished_at, "summary": summary},
        )

    async def unfinished_runs(self) -> list[dict[str, Any]]:
        return await self._store.read("load/unfinished_runs")

    async def mark_runs_interrupted(self, run_ids: Sequence[str]) -> None:
        await self._store.write("load/mark_runs_interrupted", {"ids": list(run_ids)})
