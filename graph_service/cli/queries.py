"""``queries register`` and ``queries list``: the persisted queries callers run by hash (the
only queries that run when ``GRAPH_SERVICE_PERSISTED_QUERIES=registered``)."""

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graph_service.cli.context import settings
from graph_service.cli.output import err, shown_time
from graph_service.cli.store import with_store
from graph_service.errors import InputError

if TYPE_CHECKING:
    from graph_service.repository.persisted_queries import PersistedQuery, Registration
    from graph_service.store import GraphStore

queries_app = typer.Typer(
    help="Persisted queries: register GraphQL documents that callers then run by their hash.",
    no_args_is_help=True,
)


def _query_file(path: Path) -> Path:
    """A file that is not there is a usage mistake, found before any engine starts."""
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file; give files holding one GraphQL query each")
    return path


def _query_files(paths: list[Path]) -> list[Path]:
    return [_query_file(path) for path in paths]


@queries_app.command("register")
def queries_register(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files holding one GraphQL document each (UTF-8), e.g. dashboard.graphql.",
            metavar="FILE...",
            callback=_query_files,
            show_default=False,
        ),
    ],
) -> None:
    """Register each file's query and print its hash (SHA-256 of the text, as callers send it
    in extensions.persistedQuery.sha256Hash). Every file is checked against the schema first:
    if one fails, none is registered."""
    from graph_service.api.persisted import schema_check
    from graph_service.api.schema import build_schema
    from graph_service.services import Actor
    from graph_service.services.persisted_queries import PersistedQueryService, query_problem

    configured = settings(ctx)
    check = schema_check(build_schema())
    texts = {path: _read(path) for path in files}
    for path, text in texts.items():
        problem = query_problem(text, max_bytes=configured.max_body_bytes, check=check)
        if problem:
            raise InputError(f"{path}: {problem}; nothing was registered")

    async def work(store: "GraphStore") -> list["Registration"]:
        registry = PersistedQueryService(store)
        actor = Actor.command_line()
        return [
            await registry.register(actor, text, max_bytes=configured.max_body_bytes, check=check)
            for text in texts.values()
        ]

    registrations = with_store(configured, work)
    for path, registration in zip(texts, registrations, strict=True):
        sys.stdout.write(f"{registration.query.sha256}  {path}\n")
    sys.stdout.flush()
    new = sum(registration.created for registration in registrations)
    err.print(
        f"Registered {new} of {len(registrations)} queries "
        f"({len(registrations) - new} were registered already). Callers send a hash as "
        '"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hash>"}}.',
        markup=False,
        highlight=False,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the query as UTF-8") from None


@queries_app.command("list")
def queries_list(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON (with each query's text) instead of a table.")
    ] = False,
) -> None:
    """List every registered query, oldest first: its hash, when and by whom it was registered."""
    from graph_service.services.persisted_queries import PersistedQueryService

    async def work(store: "GraphStore") -> list["PersistedQuery"]:
        return await PersistedQueryService(store).list_queries()

    queries = with_store(settings(ctx), work)
    if json_output:
        sys.stdout.write(json.dumps([asdict(query) for query in queries], indent=2) + "\n")
        return
    # A hash is as wide as a terminal's table: one line per query, then its opening.
    for query in queries:
        by = f"{query.registered_by} ({query.registered_by_kind})"
        sys.stdout.write(f"{query.sha256}  {shown_time(query.registered_at)}  {by}\n")
        sys.stdout.write(f"    {_opening(query.text)}\n")
    sys.stdout.flush()
    if not queries:
        err.print("No persisted queries yet: `graph-service queries register FILE...`.")


def _opening(text: str, width: int = 72) -> str:
    """The query on one line, cut to ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
