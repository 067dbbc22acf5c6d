"""``load``, ``load-reference`` and ``generate``: datasets and reference taxonomies."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from graph_service.cli.context import settings
from graph_service.cli.options import WaitOption, new_file
from graph_service.cli.output import err, warn
from graph_service.cli.store import require_reference_data, with_store
from graph_service.errors import DatasetError

if TYPE_CHECKING:
    from graph_service.loaders.dataset.load import LoadReport
    from graph_service.loaders.reference import TaxonomyLoad
    from graph_service.store import GraphStore

# The same as graph_service.loaders.dataset.load.DEFAULT_BATCH_SIZE, which a test keeps equal:
# importing the loader here would cost every command line its start-up time.
BATCH_SIZE = 2_000


def _dataset_path(path: Path) -> Path:
    """A dataset that is not there is a usage mistake, found before any engine starts."""
    from graph_service.loaders.dataset.reader import check_source

    try:
        check_source(path)
    except DatasetError as exc:
        raise typer.BadParameter(exc.message) from None
    return path


def _empty_folder(path: Path) -> Path:
    """``generate`` writes a whole dataset into a new or empty folder, never over one."""
    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{path} exists and is not a folder; give a new or empty folder")
    if path.is_dir() and any(path.iterdir()):
        raise typer.BadParameter(f"{path} is not empty; give a new or empty folder")
    return path


def load(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="Dataset folder or .zip in the import format.",
            metavar="PATH",
            callback=_dataset_path,
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate only; write nothing.")
    ] = False,
    errors_to: Annotated[
        Path | None,
        typer.Option(
            metavar="CSV", help="Also write every problem to this CSV file.", callback=new_file
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", help="No progress bars and no table; only the summary line."),
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on standard output.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, max=50_000, metavar="ROWS", help="Rows per write statement.")
    ] = BATCH_SIZE,
    wait: WaitOption = 0.0,
) -> None:
    """Validate a whole dataset, then load it; with any problem, nothing is written."""
    from graph_service.loaders.dataset.problems import write_problems_csv

    show = not (quiet or json_output)

    async def work(store: "GraphStore") -> "LoadReport":
        await require_reference_data(store)
        return await run_load(store, path, dry_run, batch_size, show=show, wait_s=wait)

    report = with_store(settings(ctx), work)
    if errors_to is not None:
        write_problems_csv(report.problems, errors_to)
    if json_output:
        sys.stdout.write(json.dumps(report.as_json(), indent=2) + "\n")
    if not report.ok:
        for problem in report.problems:
            err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
        err.print(
            f"{len(report.problems)} problem(s) in {report.source}; nothing was written."
            + (f" Listed in {errors_to}." if errors_to else ""),
            markup=False,
            highlight=False,
        )
        raise typer.Exit(1)
    print_load_summary(report, table=show)


async def run_load(
    store: "GraphStore",
    path: Path,
    dry_run: bool,
    batch_size: int,
    *,
    show: bool,
    wait_s: float = 0.0,
) -> "LoadReport":
    """Validate and load a dataset, with progress bars when ``show``; a load (not a dry run)
    is recorded in the audit log."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from graph_service.services import Actor, LoadService

    loading = LoadService(store, Actor.command_line())
    if not show:
        return await loading.load_dataset(
            path, dry_run=dry_run, batch_size=batch_size, wait_s=wait_s
        )
    with Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bars:
        tasks: dict[str, TaskID] = {}
        status = bars.add_task("validating", total=None)

        def advance(stem: str, done: int, total: int) -> None:
            bars.update(status, visible=False)
            if stem not in tasks:
                tasks[stem] = bars.add_task(stem, total=total)
            bars.update(tasks[stem], completed=done)

        report = await loading.load_dataset(
            path,
            dry_run=dry_run,
            batch_size=batch_size,
            progress=advance,
            wait_s=wait_s,
        )
        bars.update(status, visible=False)
        return report


def print_load_summary(report: "LoadReport", *, table: bool) -> None:
    """What a successful load did: a table per entity (unless asked not to), then one line."""
    for run in report.interrupted_runs:
        warn(
            f"the previous load run {run['id']} (dataset {run['datasetName']!r}) did not "
            "finish; this load has completed its work and marked it interrupted"
        )
    if table:
        verb = "Validated (dry run, nothing written)" if report.dry_run else "Loaded"
        rows = Table(
            "entity",
            "rows",
            "created",
            "updated",
            "unchanged",
            "retired",
            title=f"{verb}: {report.dataset}",
        )
        for name, summary in report.entities.items():
            counts = (summary.created, summary.updated, summary.unchanged, summary.retired)
            rows.add_row(
                name,
                str(summary.rows),
                *(("-",) * len(counts) if report.dry_run else map(str, counts)),
            )
        err.print(rows)
    err.print(summary_line(report), markup=False, highlight=False)


def summary_line(report: "LoadReport") -> str:
    """One line saying what a successful load or dry run did, for people and scripts."""
    entities = report.entities.values()
    rows = sum(summary.rows for summary in entities)
    # An entity only retired has no file of its own.
    files = sum(1 for summary in entities if summary.rows or not summary.retired)
    counted = f"{rows} rows in {files} files"
    if report.dry_run:
        return f"Validated {report.dataset!r} (dry run, nothing written): {counted}, no problems"
    created = sum(summary.created for summary in entities)
    updated = sum(summary.updated for summary in entities)
    unchanged = sum(summary.unchanged for summary in entities)
    # Said only when a dataset retired something, which few do.
    retired = sum(summary.retired for summary in entities)
    retirements = f", {retired} retired" if retired else ""
    return (
        f"Loaded {report.dataset!r}: {counted} ({created} created, {updated} updated, "
        f"{unchanged} unchanged{retirements}); load run {report.run_id} in "
        f"{report.seconds:.1f} s (of which {report.derive_seconds:.1f} s recomputing the "
        "derived data)"
    )


def load_reference(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Option(
            help="Folder of taxonomy YAML files. Default: the reference files shipped with "
            "the service.",
            metavar="DIR",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    wait: WaitOption = 0.0,
) -> None:
    """Validate and load the reference taxonomies (idempotent; nothing is written on error)."""
    from graph_service.loaders.reference import REFERENCE_DIR
    from graph_service.services import Actor, LoadService

    source = folder or REFERENCE_DIR

    async def work(store: "GraphStore") -> list["TaxonomyLoad"]:
        with err.status("Loading reference taxonomies..."):
            return await LoadService(store, Actor.command_line()).load_reference(source, wait)

    print_reference_table(with_store(settings(ctx), work))


def print_reference_table(loads: list["TaxonomyLoad"]) -> None:
    table = Table(
        "taxonomy", "version", "entries", "retired", "links moved", title="Reference data"
    )
    for load in loads:
        table.add_row(
            load.name, load.version, str(load.entries), str(load.retired), str(load.links_moved)
        )
    err.print(table)


def generate(
    out: Annotated[
        Path,
        typer.Argument(
            help="Folder to create (must be empty or absent).",
            metavar="OUT",
            callback=_empty_folder,
            show_default=False,
        ),
    ],
    reviews: Annotated[
        int, typer.Option(min=1, metavar="N", help="How many reviews to invent.")
    ] = 1_000,
    seed: Annotated[int, typer.Option(metavar="S", help="Same seed, same bytes.")] = 1,
) -> None:
    """Write a synthetic dataset (clearly labelled as such) in the import format."""
    from graph_service.loaders.generate import generate_dataset

    try:
        with err.status(f"Generating {reviews} synthetic reviews..."):
            written = generate_dataset(out, reviews=reviews, seed=seed)
    except ValueError as exc:
        raise DatasetError(str(exc)) from exc
    table = Table("file", "rows", title=f"Synthetic dataset in {out}")
    for stem, count in written.items():
        table.add_row(stem, str(count))
    err.print(table)
