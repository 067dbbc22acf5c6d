"""Writing case-review datasets, and the look-ups that validate them first."""

from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from graph_service.repository.derived import DerivedRepository
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
_LOOKUP_SLICE = 5_000
LOOKUPS = (
    "agencies",
    "reviews",
    "findings",
    "recommendations",
    "practice_changes",
    "briefings",
    "outcomes",
    "imr_assessments",
    "governance",
    "resources",
)
# The entities of the import format a dataset may retire (partnerships are derived from reviews).
RETIRABLE = tuple(stem for stem in ENTITY_STEMS if stem != "partnerships")


@dataclass(frozen=True)
class Batch:
    """One batch of one entity's rows, or of one kind of link; each is one statement."""

    kind: Literal["entities", "links"]
    name: str  # an entity stem or a link name
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Written:
    batch: Batch
    changed: int = 0
    created: int = 0


class DatasetRepository:
    """Entities, their links and load runs, written in batches of one statement each."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {f"dataset/upsert_{stem}" for stem in ENTITY_STEMS}
        | {f"dataset/link_{name}" for name in LINKS}
        | {f"dataset/existing_{kind}" for kind in LOOKUPS}
        | {f"dataset/retire_{stem}" for stem in RETIRABLE}
        | {
            "dataset/taxonomy_codes",
            "dataset/addressing_recommendations",
            "dataset/retirement_dependents",
            "dataset/tombstones",
            "dataset/remove_tombstones",
            "dataset/touch_moved_visibility_links",
            "dataset/start_run",
            "dataset/finish_run",
            "dataset/unfinished_runs",
            "dataset/mark_runs_interrupted",
        }
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store
        # Every load ends by recomputing the derived data from what it wrote.
        self.derived = DerivedRepository(store)

    def writer(self, task: str, *, wait_s: float = 0.0) -> AbstractAsyncContextManager[None]:
        """Be the graph's one writer for the block; see :meth:`GraphStore.writer`."""
        return self._store.writer(task, wait_s=wait_s)

    async def taxonomy_codes(self) -> list[dict[str, Any]]:
        return await self._store.read("dataset/taxonomy_codes")

    async def existing(self, kind: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        """Rows (``id`` and, for findings, ``reviewId``) for the ids already in the graph."""
        if kind not in LOOKUPS:
            raise ValueError(f"unknown look-up {kind!r}")
        return await self._read_by_ids(f"dataset/existing_{kind}", ids)

    async def addressing_recommendations(self, finding_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Recommendations in the graph that address these findings (``findingId``, ``id``,
        ``reviewId``)."""
        return await self._read_by_ids("dataset/addressing_recommendations", finding_ids)

    async def retirement_dependents(
        self, *, reviews: Iterable[str], changes: Iterable[str], agencies: Iterable[str]
    ) -> list[dict[str, Any]]:
        """Entities in the graph that need one of these reviews, practice changes or agencies:
        ``stem``, ``id``, the import-format ``field`` naming what they need, and ``needs``
        (for a recommendation's addressees, every addressee: it needs one of them)."""
        return await self._store.read(
            "dataset/retirement_dependents",
            {
                "reviews": sorted(set(reviews)),
                "changes": sorted(set(changes)),
                "agencies": sorted(set(agencies)),
            },
        )

    async def tombstones(self) -> set[tuple[str, str]]:
        """(stem, id) of every retired entity whose tombstone the graph keeps."""
        return {(row["kind"], row["id"]) for row in await self._store.read("dataset/tombstones")}

    async def _read_by_ids(self, statement: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        """Run a look-up over many ids in slices, keeping each statement's parameters small."""
        wanted = sorted(set(ids))
        found: list[dict[str, Any]] = []
        for start in range(0, len(wanted), _LOOKUP_SLICE):
            chunk = wanted[start : start + _LOOKUP_SLICE]
            found.extend(await self._store.read(statement, {"ids": chunk}))
        return found

    async def write(self, batches: Iterable[Batch], run_id: str) -> AsyncIterator[Written]:
        """Write batches in order, one statement each, yielding what each did.

        ``batches`` may be a lazy generator: it is drawn ahead while the store writes, so
        building the next batches overlaps with writing the current one.
        """
        pending: deque[Batch] = deque()

        def statements() -> Iterator[tuple[str, dict[str, Any]]]:
            for batch in batches:
                pending.append(batch)
                yield self._statement(batch, run_id)

        async for _, rows in self._store.write_each(statements()):
            batch = pending.popleft()
            if batch.kind == "entities":
                [result] = rows
                yield Written(batch, int(result["changed"]), int(result["created"]))
            else:
                yield Written(batch)

    @staticmethod
    def _statement(batch: Batch, run_id: str) -> tuple[str, dict[str, Any]]:
        if batch.kind == "links":
            if batch.name not in LINKS:
                raise ValueError(f"unknown link {batch.name!r}")
            return f"dataset/link_{batch.name}", {"rows": batch.rows}
        if batch.name not in ENTITY_STEMS:
            raise ValueError(f"unknown entity {batch.name!r}")
        return f"dataset/upsert_{batch.name}", {"rows": batch.rows, "runId": run_id}

    async def touch_moved_visibility_links(self, run_id: str) -> int:
        """At the end of a run's entity writes: marks changed the rows that link to material
        whose restriction moved in the run (readers see no link to restricted material).
        How many were marked."""
        [row] = await self._store.write("dataset/touch_moved_visibility_links", {"runId": run_id})
        return int(row["touched"])

    async def remove_tombstones(self, keys: Sequence[str]) -> None:
        """Drops the tombstones (``'<stem>/<id>'``) of retired entities a load created again."""
        for start in range(0, len(keys), _LOOKUP_SLICE):
            await self._store.write(
                "dataset/remove_tombstones", {"keys": list(keys[start : start + _LOOKUP_SLICE])}
            )

    async def retire(self, stem: str, ids: Sequence[str], run_id: str, batch_size: int) -> int:
        """Retires these entities of one kind in batches: touches what links to each, leaves
        a tombstone, deletes the node. How many were retired (ids not in the graph are not)."""
        if stem not in RETIRABLE:
            raise ValueError(f"unknown entity {stem!r}")
        retired = 0
        for start in range(0, len(ids), batch_size):
            chunk = list(ids[start : start + batch_size])
            [row] = await self._store.write(
                f"dataset/retire_{stem}", {"ids": chunk, "runId": run_id}
            )
            retired += int(row["retired"])
        return retired

    async def start_run(self, run: Mapping[str, Any]) -> None:
        await self._store.write("dataset/start_run", {"run": dict(run)})

    async def finish_run(self, run_id: str, *, status: str, finished_at: int, summary: str) -> None:
        await self._store.write(
            "dataset/finish_run",
            {"id": run_id, "status": status, "finishedAt": finished_at, "summary": summary},
        )

    async def unfinished_runs(self) -> list[dict[str, Any]]:
        """Runs still marked running. Every load holds the writer lock while it runs, so to a
        caller that holds it, these are runs whose process stopped."""
        return await self._store.read("dataset/unfinished_runs")

    async def mark_runs_interrupted(self, run_ids: Sequence[str]) -> None:
        await self._store.write("dataset/mark_runs_interrupted", {"ids": list(run_ids)})
