"""The ``graph-service`` command line: serve, initialise the database, run the demo."""

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from graph_service.api.app import create_app
from graph_service.api.schema import build_schema
from graph_service.config import Settings, load_settings
from graph_service.errors import ConfigError, GraphServiceError
from graph_service.logs import configure_logging
from graph_service.repository import ReferenceRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore, open_store
from loaders.reference import REFERENCE_DIR, load_reference

app = typer.Typer(
    help="Learning graph service: statutory case review learning for the police, as a graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Set up and inspect the graph database.", no_args_is_help=True)
schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")

err = Console(stderr=True)
log = logging.getLogger(__name__)


def _settings(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


@app.callback()
def main_callback(ctx: typer.Context) -> None:
    """Read the configuration once, before any command runs."""
    settings = load_settings()
    configure_logging(settings)
    ctx.obj = settings


@app.command()
def serve(ctx: typer.Context) -> None:
    """Run the API (GraphQL at /graphql, probes at /healthz and /readyz)."""
    _serve(_settings(ctx))


@db_app.command("init")
def db_init(ctx: typer.Context) -> None:
    """Create constraints and indexes and load the reference taxonomies (idempotent)."""
    _with_store(_settings(ctx), _initialise)


@app.command("load-reference")
def load_reference_command(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Option(help="Folder of taxonomy YAML files.", exists=True, file_okay=False),
    ] = REFERENCE_DIR,
) -> None:
    """Validate and load the reference taxonomies (idempotent; nothing is written on error)."""

    async def work(store: GraphStore) -> None:
        with err.status("Loading reference taxonomies..."):
            written = await load_reference(ReferenceRepository(store), folder)
        _print_reference_table(written)

    _with_store(_settings(ctx), work)


@app.command()
def demo(ctx: typer.Context) -> None:
    """Initialise the database with reference data, then serve it."""
    settings = _settings(ctx)
    _with_store(settings, _initialise)
    _serve(settings)


@schema_app.command("export")
def schema_export(
    output: Annotated[
        Path | None, typer.Option(help="Write the SDL here instead of standard output.")
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL) the service serves."""
    text = build_schema().as_str() + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


def _serve(settings: Settings) -> None:
    log.info("settings: %s", settings.describe())
    url = f"http://{settings.host}:{settings.port}/graphql"
    err.print(f"GraphiQL: [bold]{url}[/bold]  (Ctrl+C stops the service)")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
    )


async def _initialise(store: GraphStore) -> None:
    with err.status("Creating constraints and indexes...") as status:
        created = await store.apply_schema(GRAPH_SCHEMA)
        status.update("Loading reference taxonomies...")
        written = await load_reference(ReferenceRepository(store))
    err.print(
        f"Schema: {len(created)} constraints and indexes created"
        + (" (all were already there)" if not created else "")
    )
    _print_reference_table(written)


def _print_reference_table(written: dict[str, int]) -> None:
    table = Table("taxonomy", "entries", title="Reference data")
    for name, count in written.items():
        table.add_row(name, str(count))
    err.print(table)


def _with_store(settings: Settings, work: Callable[[GraphStore], Awaitable[None]]) -> None:
    async def run() -> None:
        store = await open_store(settings)
        try:
            err.print(f"Store: {store.description}")
            await work(store)
        finally:
            await store.close()

    asyncio.run(run())


def main() -> None:
    """Entry point: configuration errors exit 2, other known errors exit 1, each in one line."""
    try:
        app()
    except GraphServiceError as exc:
        sys.stderr.write(f"error: {exc.message}\n")
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
