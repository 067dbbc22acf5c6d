"""``schema export``: the GraphQL schema (SDL) the service serves."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.options import new_file
from graph_service.cli.output import err

schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)


@schema_app.command("export")
def schema_export(
    output: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Write the SDL here instead of standard output.",
            callback=new_file,
        ),
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL) the service serves."""
    from graph_service.api.schema import build_schema

    text = build_schema().as_str() + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
