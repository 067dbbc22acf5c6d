"""The ``graph-service`` command line: serve, initialise the database, load data, run the demo,
export it, manage API keys and persisted queries, and read the audit log.

One module per command group. Each imports the API, the store or the loaders only inside the
commands that use them, so ``--help`` and usage mistakes answer at once.
"""

import sys

import typer

from graph_service.cli.audit import audit_app
from graph_service.cli.db import db_app
from graph_service.cli.export import export
from graph_service.cli.failures import run
from graph_service.cli.keys import keys_app
from graph_service.cli.load import generate, load, load_reference
from graph_service.cli.queries import queries_app
from graph_service.cli.schema import schema_app
from graph_service.cli.serve import demo, serve

app = typer.Typer(
    help="Learning graph service: statutory case review learning for the police, as a graph.",
    no_args_is_help=True,
    # Plain help and no boxed panels: every failure is one `error:` line (see failures.py).
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command()(serve)
app.command()(demo)
app.add_typer(db_app, name="db")
app.command()(load)
app.command("load-reference")(load_reference)
app.command()(export)
app.command()(generate)
app.add_typer(schema_app, name="schema")
app.add_typer(keys_app, name="keys")
app.add_typer(queries_app, name="queries")
app.add_typer(audit_app, name="audit")


def main() -> None:
    """The ``graph-service`` entry point."""
    sys.exit(run(app))
