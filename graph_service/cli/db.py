"""``db init`` and ``db refresh``: setting up the graph and recomputing its derived data."""

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from graph_service.cli.context import settings
from graph_service.cli.load import print_reference_table
from graph_service.cli.options import WaitOption
from graph_service.cli.output import err
from graph_service.cli.store import with_store

if TYPE_CHECKING:
    from graph_service.store import GraphStore

db_app = typer.Typer(help="Set up and inspect the graph database.", no_args_is_help=True)


@db_app.command("init")
def db_init(ctx: typer.Context, wait: WaitOption = 0.0) -> None:
    """Create constraints and indexes and load the reference taxonomies (idempotent)."""
    with_store(settings(ctx), lambda store: initialise(store, wait))


@db_app.command("refresh")
def db_refresh(ctx: typer.Context, wait: WaitOption = 0.0) -> None:
    """Recompute the derived data (rollups, tallies) from the facts in the graph."""
    from graph_service.services import Actor, LoadService

    async def work(store: "GraphStore") -> None:
        with err.status("Recomputing the derived data...") as status:

            def finished(step: str, seconds: float) -> None:
                status.update(f"Recomputing the derived data... {step} done ({seconds:.1f} s)")

            loading = LoadService(store, Actor.command_line())
            done = await loading.refresh(finished, wait)
        table = Table("step", "seconds", title="Derived data")
        for step, seconds in done.steps.items():
            table.add_row(step, f"{seconds:.1f}")
        err.print(table)
        err.print(f"Derived data recomputed in {done.seconds:.1f} s")

    with_store(settings(ctx), work)


async def initialise(store: "GraphStore", wait_s: float = 0.0) -> None:
    """Constraints, indexes and the shipped reference taxonomies; changes nothing run again."""
    from graph_service.services import Actor, LoadService

    with err.status("Creating constraints and indexes, loading reference taxonomies..."):
        created, written = await LoadService(store, Actor.command_line()).initialise(wait_s)
    err.print(
        f"Schema: {len(created)} constraints and indexes created"
        + (" (all were already there)" if not created else "")
    )
    print_reference_table(written)
