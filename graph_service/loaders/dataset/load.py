"""Loading a dataset: read, validate everything, then write in batches under a load run."""

import asyncio
import gc
import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph_service import __version__
from graph_service.loaders.dataset import prepare
from graph_service.loaders.dataset.problems import Problem
from graph_service.loaders.dataset.reader import RawDataset, read_dataset
from graph_service.loaders.dataset.schema import FILES
from graph_service.loaders.dataset.validation import (
    Dependent,
    GraphFacts,
    Lookups,
    ParsedDataset,
    check,
    lookups,
    parse,
)
from graph_service.repository import DatasetRepository

DEFAULT_BATCH_SIZE = 2_000


@dataclass
class EntitySummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0  # entities in the graph the dataset's retirements removed


@dataclass
class LoadReport:
    """What a load (or a dry run) found and did."""

    source: str
    dataset: str
    problems: list[Problem] = field(default_factory=list)
    entities: dict[str, EntitySummary] = field(default_factory=dict)
    run_id: str | None = None
    dry_run: bool = False
    interrupted_runs: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    derive_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dataset": self.dataset,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "run_id": self.run_id,
            "seconds": round(self.seconds, 3),
            "derive_seconds": round(self.derive_seconds, 3),
            "interrupted_runs": self.interrupted_runs,
            "problems": [asdict(problem) for problem in self.problems],
            "entities": {name: asdict(summary) for name, summary in self.entities.items()},
        }


# (entity stem, rows done so far, rows in all): called after every batch.
ProgressCallback = Callable[[str, int, int], None]


async def load_dataset(
    path: Path,
    repository: DatasetRepository,
    *,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    wait_s: float = 0.0,
) -> LoadReport:
    """Validate the whole dataset at ``path``; unless it has problems (or ``dry_run``), write it.

    A load (not a dry run) is the graph's one writer from validation to its end: if another
    load, refresh or reference load writes, it raises :class:`WriterBusyError` naming that
    one, at once or after waiting up to ``wait_s`` seconds.
    """
    with _without_cycle_collection():
        return await _load(path, repository, dry_run, batch_size, progress, wait_s)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A load holds a million or more long-lived objects: each full garbage collection
    would walk all of them, repeatedly, for no gain (rows form no reference cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def _load(
    path: Path,
    repository: DatasetRepository,
    dry_run: bool,
    batch_size: int,
    progress: ProgressCallback | None,
    wait_s: float,
) -> LoadReport:
    started = time.monotonic()
    raw = await asyncio.to_thread(read_dataset, path)
    report = LoadReport(source=raw.source, dataset=raw.name, dry_run=dry_run)
    run_id = f"run-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}"
    # Validation reads the graph, so a load holds the lock from then on: what it checked
    # against is what it writes over.
    writing: AbstractAsyncContextManager[None] = (
        nullcontext()
        if dry_run
        else repository.writer(f"load {run_id} of dataset {raw.name!r}", wait_s=wait_s)
    )
    async with writing:
        parsed, problems = await asyncio.to_thread(parse, raw)
        facts = await _graph_facts(repository, parsed, lookups(parsed))
        problems += check(parsed, facts)
        report.problems = sorted(raw.problems + problems, key=_problem_order)
        if not report.ok or dry_run:
            report.entities = {
                stem: EntitySummary(rows=len(rows)) for stem, rows in parsed.rows.items()
            }
            report.seconds = time.monotonic() - started
            return report
        await _write_dataset(report, run_id, raw, parsed, facts, repository, batch_size, progress)
    report.seconds = time.monotonic() - started
    return report


async def _write_dataset(
    report: LoadReport,
    run_id: str,
    raw: RawDataset,
    parsed: ParsedDataset,
    facts: GraphFacts,
    repository: DatasetRepository,
    batch_size: int,
    progress: ProgressCallback | None,
) -> None:
    report.run_id = run_id
    # This load holds the writer lock, so no other run is still at work: any marked running
    # stopped midway.
    report.interrupted_runs = await repository.unfinished_runs()
    await repository.start_run(_run_record(run_id, raw))
    try:
        report.entities = await _write(repository, parsed, facts, run_id, batch_size, progress)
        report.derive_seconds = (await repository.derived.refresh()).seconds
    except BaseException:
        await repository.finish_run(run_id, status="failed", finished_at=_now_ms(), summary="{}")
        raise
    if report.interrupted_runs:
        await repository.mark_runs_interrupted([run["id"] for run in report.interrupted_runs])
    summary = json.dumps({k: asdict(v) for k, v in report.entities.items()}, sort_keys=True)
    await repository.finish_run(run_id, status="completed", finished_at=_now_ms(), summary=summary)


_FILE_ORDER = {
    f"{entity.stem}.{ext}": i for i, entity in enumerate(FILES) for ext in ("csv", "jsonl")
}


def _problem_order(problem: Problem) -> tuple[int, str, int, str]:
    return (_FILE_ORDER.get(problem.file, -1), problem.file, problem.line, problem.field)


async def _graph_facts(
    repository: DatasetRepository, parsed: ParsedDataset, wanted: Lookups
) -> GraphFacts:
    facts = GraphFacts()
    for row in await repository.taxonomy_codes():
        taxonomy, code = row["taxonomy"], row["code"]
        if row["retired"]:
            facts.retired.setdefault(taxonomy, {})[code] = list(row["successors"] or [])
        else:
            facts.codes.setdefault(taxonomy, set()).add(code)
        if taxonomy == "review_types" and row["jurisdiction"]:
            facts.jurisdictions[code] = row["jurisdiction"]
    facts.agencies = {r["id"] for r in await repository.existing("agencies", wanted.agencies)}
    facts.reviews = {r["id"] for r in await repository.existing("reviews", wanted.reviews)}
    facts.finding_reviews = {
        r["id"]: r["reviewId"] for r in await repository.existing("findings", wanted.findings)
    }
    facts.recommendations = {
        r["id"] for r in await repository.existing("recommendations", wanted.recommendations)
    }
    facts.practice_changes = {
        r["id"] for r in await repository.existing("practice_changes", wanted.practice_changes)
    }
    facts.briefings = {r["id"] for r in await repository.existing("briefings", wanted.briefings)}
    await _moved_findings(repository, parsed, facts)
    facts.tombstones = await repository.tombstones()
    if wanted.retirements:
        await _retirement_facts(repository, wanted.retirements, facts)
    return facts


async def _retirement_facts(
    repository: DatasetRepository, retiring: dict[str, set[str]], facts: GraphFacts
) -> None:
    """Which entities the dataset retires are in the graph, and what in the graph needs them."""
    for stem, ids in retiring.items():
        facts.retirable[stem] = {r["id"] for r in await repository.existing(stem, ids)}
    rows = await repository.retirement_dependents(
        reviews=facts.retirable.get("reviews", set()),
        changes=facts.retirable.get("practice_changes", set()),
        agencies=facts.retirable.get("agencies", set()),
    )
    facts.dependents = [
        Dependent(row["stem"], row["id"], row["field"], tuple(row["needs"])) for row in rows
    ]


async def _moved_findings(
    repository: DatasetRepository, parsed: ParsedDataset, facts: GraphFacts
) -> None:
    """Which dataset findings already exist under another review, and what addresses them."""
    dataset_reviews = {p.row.finding_id: p.row.review_id for p in parsed.of("findings")}
    in_graph = await repository.existing("findings", dataset_reviews)
    moved = [r["id"] for r in in_graph if r["reviewId"] != dataset_reviews[r["id"]]]
    if not moved:
        return
    for row in await repository.addressing_recommendations(moved):
        facts.moved_findings_addressed_by.setdefault(row["findingId"], []).append(
            (row["id"], row["reviewId"])
        )


async def _write(
    repository: DatasetRepository,
    parsed: ParsedDataset,
    facts: GraphFacts,
    run_id: str,
    batch_size: int,
    progress: ProgressCallback | None,
) -> dict[str, EntitySummary]:
    """Every entity and link batch, then what the run's changes mean for other rows: links
    to material whose visibility moved, tombstones of entities loaded again, retirements."""
    totals = {stem: len(rows) for stem, rows in parsed.rows.items() if rows}
    summaries = {stem: EntitySummary(rows=total) for stem, total in totals.items()}
    done = dict.fromkeys(totals, 0)
    batches = prepare.batches(parsed, facts.jurisdictions, batch_size)
    async for written in repository.write(batches, run_id):
        batch = written.batch
        if batch.kind != "entities" or batch.name not in summaries:
            continue
        summary = summaries[batch.name]
        summary.created += written.created
        summary.updated += written.changed - written.created
        summary.unchanged += len(batch.rows) - written.changed
        done[batch.name] += len(batch.rows)
        if progress is not None:
            progress(batch.name, done[batch.name], totals[batch.name])
    await repository.touch_moved_visibility_links(run_id)
    await repository.remove_tombstones(prepare.recreated(parsed, facts.tombstones))
    for stem, ids in prepare.retirements(parsed):
        retired = await repository.retire(stem, ids, run_id, batch_size)
        if retired:  # ids retired before are no entity of the graph any more
            summaries.setdefault(stem, EntitySummary()).retired += retired
    return summaries


def _run_record(run_id: str, raw: RawDataset) -> dict[str, Any]:
    files = sorted(f"{f.name}:sha256:{f.sha256}" for f in raw.files.values())
    return {
        "id": run_id,
        "startedAt": _now_ms(),
        "source": raw.source,
        "datasetName": raw.name,
        "datasetHash": prepare.content_hash(files),
        "files": files,
        "loaderVersion": __version__,
    }


def _now_ms() -> int:
    return int(time.time() * 1000)
