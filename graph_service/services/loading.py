"""Writing to the graph: initialising it, loading datasets and reference taxonomies, and
recomputing the derived data, each audited."""

from pathlib import Path

from graph_service.loaders.dataset.load import (
    DEFAULT_BATCH_SIZE,
    LoadReport,
    ProgressCallback,
    load_dataset,
)
from graph_service.loaders.reference import REFERENCE_DIR, TaxonomyLoad, load_reference
from graph_service.repository import DatasetRepository, DerivedRepository, ReferenceRepository
from graph_service.repository.audit import AuditRepository
from graph_service.repository.derived import Derivation, StepCallback
from graph_service.services.audited import Actor, audited
from graph_service.services.reference_cache import forget_reference
from graph_service.store import GRAPH_SCHEMA, GraphStore


class LoadService:
    def __init__(self, store: GraphStore, actor: Actor) -> None:
        self.store = store
        self.actor = actor
        self.audit = AuditRepository(store)

    async def initialise(self, wait_s: float = 0.0) -> tuple[list[str], list[TaxonomyLoad]]:
        """Constraints, indexes and the shipped reference taxonomies; changes nothing when
        run again. The constraints and indexes created, and the taxonomies written."""
        # Building constraints over a graph that a load is filling could fail on its keys.
        async with self.store.writer("database initialisation (db init)", wait_s=wait_s):
            created = await self.store.apply_schema(GRAPH_SCHEMA)
            written = await self.load_reference(REFERENCE_DIR)
        return created, written

    async def load_reference(
        self, folder: Path = REFERENCE_DIR, wait_s: float = 0.0
    ) -> list[TaxonomyLoad]:
        """Validates the taxonomies in ``folder``, then writes them and their crosswalks. This
        process's reference caches are emptied after it, whether it wrote all or part."""
        async with audited(self.audit, self.actor, "reference.load", str(folder)) as entry:
            try:
                written = await load_reference(
                    ReferenceRepository(self.store), folder, wait_s=wait_s
                )
            finally:
                forget_reference()
            entry.detail = ", ".join(f"{load.name} {load.version}" for load in written)
        return written

    async def load_dataset(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: ProgressCallback | None = None,
        wait_s: float = 0.0,
    ) -> LoadReport:
        """Validates a dataset and, unless it has problems or this is a dry run, writes it.
        A dry run writes nothing, so it is not audited."""
        repository = DatasetRepository(self.store)
        if dry_run:
            return await load_dataset(
                path, repository, dry_run=True, batch_size=batch_size, progress=progress
            )
        async with audited(self.audit, self.actor, "dataset.load", str(path)) as entry:
            report = await load_dataset(
                path, repository, batch_size=batch_size, progress=progress, wait_s=wait_s
            )
            if report.ok:
                entry.detail = f"load run {report.run_id}: " + ", ".join(
                    f"{name} {summary.rows}" for name, summary in report.entities.items()
                )
            else:
                entry.outcome = "failed"
                entry.detail = f"{len(report.problems)} problem(s); nothing was written"
        return report

    async def refresh(self, on_step: StepCallback | None = None, wait_s: float = 0.0) -> Derivation:
        """Recomputes the derived data from the facts in the graph."""
        async with audited(self.audit, self.actor, "db.refresh", "derived data") as entry:
            done = await DerivedRepository(self.store).refresh(on_step, wait_s=wait_s)
            entry.detail = f"recomputed in {done.seconds:.1f} s"
        return done
