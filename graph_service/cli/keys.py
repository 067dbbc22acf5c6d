"""``keys create``, ``keys list`` and ``keys revoke``: API keys, shown once at creation."""

import json
import re
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph_service.cli.context import settings
from graph_service.cli.output import err, out, shown_time
from graph_service.cli.store import with_store
from graph_service.domain.access import Role

if TYPE_CHECKING:
    from graph_service.auth.keys import IssuedKey
    from graph_service.domain.access import ApiKey
    from graph_service.services import Actor, KeyService
    from graph_service.store import GraphStore

keys_app = typer.Typer(help="API keys: create (shown once), list and revoke.", no_args_is_help=True)

_KEY_ID = re.compile(r"[A-Za-z0-9]{12}")


def _key_id(text: str) -> str:
    """A key id is 12 letters and digits; anything else is a usage mistake."""
    if not _KEY_ID.fullmatch(text):
        raise typer.BadParameter(
            f"{text!r} is not a key id; a key id is 12 letters and digits, as `keys list` shows it"
        )
    return text


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    role: Annotated[
        Role,
        typer.Option(
            help="What the key may do.",
            case_sensitive=False,
            show_default=False,
            metavar="ROLE",
        ),
    ],
    name: Annotated[
        str,
        typer.Option(
            help="Who or what uses the key (unique among active keys), e.g. 'reporting-etl'.",
            show_default=False,
            metavar="NAME",
        ),
    ],
) -> None:
    """Create an API key and print it once: only its salted hash is stored."""

    async def work(store: "GraphStore") -> "IssuedKey":
        return await key_service(store).issue(command_line(), name, role)

    issued = with_store(settings(ctx), work)
    key = issued.key
    err.print(f"Created API key {key.key_id} ({escape(key.name)}, role {key.role}):")
    sys.stdout.write(issued.text + "\n")
    sys.stdout.flush()
    err.print(
        "[bold]Copy the key now: it will not be shown again.[/bold] "
        "Callers send it as 'Authorization: Bearer <key>'."
    )


def key_service(store: "GraphStore") -> "KeyService":
    from graph_service.services import KeyService

    return KeyService(store)


def command_line() -> "Actor":
    from graph_service.services import Actor

    return Actor.command_line()


@keys_app.command("list")
def keys_list(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a table.")
    ] = False,
) -> None:
    """List every API key, revoked ones included (never a key or its hash)."""

    async def work(store: "GraphStore") -> list["ApiKey"]:
        return await key_service(store).list_keys()

    keys = with_store(settings(ctx), work)
    if json_output:
        sys.stdout.write(json.dumps([asdict(key) for key in keys], indent=2) + "\n")
        return
    table = Table(title="API keys")
    for column in ("key id", "name", "role", "created", "revoked"):
        table.add_column(column, no_wrap=column != "name")
    for key in keys:
        table.add_row(
            key.key_id,
            escape(key.name),
            key.role.value,
            shown_time(key.created_at),
            shown_time(key.revoked_at) if key.revoked_at else "-",
        )
    out.print(table)
    if not keys:
        err.print("No API keys yet: `graph-service keys create --role ROLE --name NAME`.")


@keys_app.command("revoke")
def keys_revoke(
    ctx: typer.Context,
    key_id: Annotated[
        str,
        typer.Argument(
            help="The key id, as `keys list` shows it.",
            metavar="KEY_ID",
            callback=_key_id,
            show_default=False,
        ),
    ],
) -> None:
    """Revoke an API key: requests with it are refused from the next one on."""

    async def work(store: "GraphStore") -> "ApiKey":
        return await key_service(store).revoke(command_line(), key_id)

    revoked = with_store(settings(ctx), work)
    err.print(
        f"Revoked API key {revoked.key_id} ({escape(revoked.name)}); requests with it are "
        "refused from now on."
    )
