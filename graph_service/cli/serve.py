"""``serve`` and ``demo``: running the API, on its own or over a synthetic demo dataset."""

import shutil
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from graph_service.cli.context import settings
from graph_service.cli.db import initialise
from graph_service.cli.keys import command_line, key_service
from graph_service.cli.load import BATCH_SIZE, print_load_summary, run_load
from graph_service.cli.output import err, warn
from graph_service.cli.store import with_store
from graph_service.domain.access import Role
from graph_service.errors import DatasetError

if TYPE_CHECKING:
    from graph_service.auth.keys import IssuedKey
    from graph_service.config import Settings
    from graph_service.loaders.dataset.load import LoadReport
    from graph_service.store import GraphStore

DEMO_REVIEWS = 500
DEMO_SEED = 2026
DEMO_KEY_NAME = "demo-admin"

HostOption = Annotated[
    str | None,
    typer.Option(
        metavar="ADDRESS",
        help="Address to bind, e.g. 0.0.0.0 for every interface. "
        "Default: GRAPH_SERVICE_HOST, else 127.0.0.1.",
        show_default=False,
    ),
]
PortOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        max=65535,
        metavar="PORT",
        help="Port to listen on. Default: GRAPH_SERVICE_PORT, else 8000.",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        min=1,
        metavar="N",
        help="Worker processes serving requests (at least 1). With more than one they all "
        "serve the same graph and spend from the same request budgets, kept on the graph's "
        "own server (embedded or FalkorDB) or on GRAPH_SERVICE_RATE_LIMIT_STORAGE_URL, which "
        "Neo4j needs for this.",
    ),
]


def with_address(configured: "Settings", host: str | None, port: int | None) -> "Settings":
    """The settings with the address given on the command line, which wins over the
    variables."""
    if host is not None and not host.strip():
        raise typer.BadParameter("give an address, e.g. 127.0.0.1", param_hint="'--host'")
    chosen = {"host": host, "port": port}
    return configured.model_copy(update={k: v for k, v in chosen.items() if v is not None})


def serve(
    ctx: typer.Context,
    host: HostOption = None,
    port: PortOption = None,
    workers: WorkersOption = 1,
) -> None:
    """Run the API (GraphQL at /graphql, probes at /healthz and /readyz)."""
    served = with_address(settings(ctx), host, port)
    from graph_service.cli.server import serve_api

    if served.allow_anonymous_read:
        warn(
            "anonymous reading is on: callers without a key or token may read published, "
            "unrestricted material"
        )
    serve_api(served, workers=workers)


def demo(
    ctx: typer.Context,
    reviews: Annotated[
        int, typer.Option(min=1, metavar="N", help="Size of the synthetic demo dataset.")
    ] = DEMO_REVIEWS,
    host: HostOption = None,
    port: PortOption = None,
) -> None:
    """Initialise the database, load a synthetic demo dataset, then serve it."""
    served = with_address(settings(ctx), host, port)
    from graph_service.cli.server import serve_api
    from graph_service.loaders.generate import generate_dataset

    folder = served.data_dir / f"demo-dataset-{reviews}"
    if not folder.exists():
        # Generated aside and renamed when complete: an interrupted run leaves no half dataset.
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        with err.status(f"Generating a synthetic demo dataset of {reviews} reviews..."):
            generate_dataset(partial, reviews=reviews, seed=DEMO_SEED)
        partial.rename(folder)

    async def prepare(store: "GraphStore") -> "tuple[LoadReport, IssuedKey]":
        await initialise(store)
        report = await run_load(store, folder, False, BATCH_SIZE, show=True)
        return report, await _demo_admin_key(store)

    report, key = with_store(served, prepare)
    if not report.ok:  # the generator and the loader disagree: a defect, not a user error
        raise DatasetError(f"the demo dataset did not validate: {report.problems[0]}")
    print_load_summary(report, table=True)
    err.print(
        "[yellow]Demo mode: anyone who can reach this port may read the published, "
        "unrestricted demo data without a key (reader role). Restricted reviews, IMR "
        "assessments and the audit log need the local admin key below; in GraphiQL, put "
        '{"Authorization": "Bearer <key>"} in the Headers tab. `graph-service serve` '
        "allows no anonymous reading unless GRAPH_SERVICE_ALLOW_ANONYMOUS_READ=true.[/yellow]"
    )
    err.print(f"Local admin key ({DEMO_KEY_NAME}, replaced at every demo start):")
    sys.stdout.write(key.text + "\n")
    sys.stdout.flush()
    serve_api(served.model_copy(update={"allow_anonymous_read": True}))


async def _demo_admin_key(store: "GraphStore") -> "IssuedKey":
    """A new admin key for the demo; the previous demo's key is revoked first."""
    keys, actor = key_service(store), command_line()
    for old in await keys.list_keys():
        if old.name == DEMO_KEY_NAME and old.active:
            await keys.revoke(actor, old.key_id)
    return await keys.issue(actor, DEMO_KEY_NAME, Role.ADMIN)
