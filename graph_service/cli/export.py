"""``export``: the graph written out for other systems, in the import format or a graph format."""

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graph_service.cli.context import settings
from graph_service.cli.output import err
from graph_service.cli.store import require_reference_data, with_store

if TYPE_CHECKING:
    from graph_service.store import GraphStore

# The same names as graph_service.exchange.formats.FORMATS, which a test keeps equal:
# importing the formats here would cost every command line its start-up time.
FORMAT_NAMES = ("dataset", "graphml", "neo4j-csv", "jsonld")


def _format_name(name: str) -> str:
    if name not in FORMAT_NAMES:
        raise typer.BadParameter(f"{name!r} is not a format; use one of {', '.join(FORMAT_NAMES)}")
    return name


def _new_destination(path: Path) -> Path:
    """An export never writes over anything: a new name, or an empty folder."""
    if path.is_dir() and any(path.iterdir()):
        raise typer.BadParameter(f"{path} is not empty; give a new or empty folder")
    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{path} exists; give a new name")
    return path


def export(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Argument(
            help="A new or empty folder, or a new file; a .zip name makes a dataset one archive.",
            metavar="OUT",
            callback=_new_destination,
            show_default=False,
        ),
    ],
    published_only: Annotated[
        bool,
        typer.Option(
            "--published-only",
            help="Only what a reader may see: no restricted review (nor what hangs off it) and "
            "no IMR assessment.",
        ),
    ] = False,
    format_name: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="NAME",
            callback=_format_name,
            help=f"One of {', '.join(FORMAT_NAMES)}.",
        ),
    ] = "dataset",
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress lines.")] = False,
) -> None:
    """Export the whole graph (or only published material) in the import format, which
    'graph-service load' reads back, or as GraphML, neo4j-admin CSV files or JSON-LD."""

    configured = settings(ctx)

    async def work(store: "GraphStore") -> dict[str, int]:
        await require_reference_data(store)
        return await run_export(
            store, out, format_name, published_only, quiet=quiet, iri_base=configured.public_url
        )

    started = time.monotonic()
    counts = with_store(configured, work)
    rows = sum(counts.values())
    err.print(
        f"Exported {rows} rows of {len(counts)} entities as {format_name} to {out} "
        f"in {time.monotonic() - started:.1f} s"
        + (" (published material only)" if published_only else ""),
        markup=False,
        highlight=False,
    )


async def run_export(
    store: "GraphStore",
    out: Path,
    format_name: str,
    published_only: bool,
    *,
    quiet: bool,
    iri_base: str,
) -> dict[str, int]:
    """Write the export; the rows written per entity."""
    from graph_service.domain.visibility import EVERYTHING, PUBLIC
    from graph_service.exchange.archive import only_file, write_file, write_folder, zip_stream
    from graph_service.exchange.dataset import ExportDescription
    from graph_service.exchange.formats import format_named
    from graph_service.services.exporting import ExportService

    format_ = format_named(format_name)
    counts: dict[str, int] = {}

    def progress(stem: str, done: int) -> None:
        if not quiet and stem not in counts:
            err.print(f"exporting {stem}", markup=False, highlight=False)
        counts[stem] = done

    exporting = ExportService(store)
    about = ExportDescription(
        name=f"export of {store.description}",
        description="published material only" if published_only else "the whole graph",
        source="graph-service export",
        iri_base=iri_base,
        feed_cursor=await exporting.feed_cursor(),
    )
    visibility = PUBLIC if published_only else EVERYTHING
    members = exporting.members(format_, visibility, about, progress)
    if format_.several_files and out.suffix.lower() != ".zip":
        await write_folder(members, out)
    elif format_.several_files:
        await write_file(zip_stream(members), out)
    else:
        await write_file(only_file(members), out)
    if not quiet:
        err.print(
            f"change feed cursor at the start of the export: {about.feed_cursor} (follow "
            "'changes(after: ...)' from it to keep a copy made from this export current)",
            markup=False,
            highlight=False,
        )
    return counts
