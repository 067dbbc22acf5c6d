"""The ``graph-service`` command line: serve, initialise the database, run the demo, manage
API keys and read the audit log."""

import asyncio
import json
import logging
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from starlette.types import ASGIApp

from graph_service.api.app import create_app
from graph_service.api.schema import build_schema
from graph_service.auth.keys import IssuedKey, issue_key
from graph_service.config import Settings, load_settings
from graph_service.domain.access import AUDIT_OUTCOMES, ApiKey, AuditEvent, AuditOutcome, Role
from graph_service.domain.paging import MAX_PAGE_SIZE, PageRequest
from graph_service.errors import (
    ConfigError,
    DatasetError,
    GraphServiceError,
    InputError,
    WriterBusyError,
)
from graph_service.logs import configure_logging
from graph_service.repository import (
    ApiKeyRepository,
    AuditRepository,
    DatasetRepository,
    DerivedRepository,
    ReferenceRepository,
)
from graph_service.repository.audit import AUDIT_ORDER, AuditSelection, cli_actor
from graph_service.store import GRAPH_SCHEMA, GraphStore, open_store
from loaders.dataset.load import DEFAULT_BATCH_SIZE, LoadReport, load_dataset
from loaders.dataset.problems import write_problems_csv
from loaders.generate import generate_dataset
from loaders.reference import REFERENCE_DIR, TaxonomyLoad, load_reference

app = typer.Typer(
    help="Learning graph service: statutory case review learning for the police, as a graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Set up and inspect the graph database.", no_args_is_help=True)
schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys: create (shown once), list and revoke.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log of changes and refused access.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")

err = Console(stderr=True, soft_wrap=True)
out = Console()
DEMO_REVIEWS = 500
DEMO_SEED = 2026
DEMO_KEY_NAME = "demo-admin"
log = logging.getLogger(__name__)

# Commands that write take turns with every other writer of the graph: by default they refuse
# at once, naming the one that writes; with --wait they wait for it that long.
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        metavar="SECONDS",
        help="If another load, refresh or reference load is writing, wait this long for it "
        "to finish instead of refusing at once.",
    ),
]


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
    settings = _settings(ctx)
    if settings.allow_anonymous_read:
        err.print(
            "[yellow]Anonymous reading is on: callers without a key or token may read "
            "published, unrestricted material.[/yellow]"
        )
    _serve(settings)


@db_app.command("init")
def db_init(ctx: typer.Context, wait: WaitOption = 0.0) -> None:
    """Create constraints and indexes and load the reference taxonomies (idempotent)."""
    _with_store(_settings(ctx), lambda store: _initialise(store, wait))


@db_app.command("refresh")
def db_refresh(ctx: typer.Context, wait: WaitOption = 0.0) -> None:
    """Recompute the derived data (rollups, tallies) from the facts in the graph."""

    async def work(store: GraphStore) -> None:
        with err.status("Recomputing the derived data...") as status:

            def finished(step: str, seconds: float) -> None:
                status.update(f"Recomputing the derived data... {step} done ({seconds:.1f} s)")

            async with _audited(store, "db.refresh", "derived data") as event:
                done = await DerivedRepository(store).refresh(finished, wait_s=wait)
                event.detail = f"recomputed in {done.seconds:.1f} s"
        table = Table("step", "seconds", title="Derived data")
        for step, seconds in done.steps.items():
            table.add_row(step, f"{seconds:.1f}")
        err.print(table)
        err.print(f"Derived data recomputed in {done.seconds:.1f} s")

    _with_store(_settings(ctx), work)


@app.command("load-reference")
def load_reference_command(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Option(help="Folder of taxonomy YAML files.", exists=True, file_okay=False),
    ] = REFERENCE_DIR,
    wait: WaitOption = 0.0,
) -> None:
    """Validate and load the reference taxonomies (idempotent; nothing is written on error)."""

    async def work(store: GraphStore) -> None:
        with err.status("Loading reference taxonomies..."):
            written = await _load_reference(store, folder, wait)
        _print_reference_table(written)

    _with_store(_settings(ctx), work)


@app.command()
def load(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Dataset folder or .zip in the import format.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate only; write nothing.")
    ] = False,
    errors_to: Annotated[
        Path | None, typer.Option(help="Also write every problem to this CSV file.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress, no table.")] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on standard output.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, max=50_000, help="Rows per write statement.")
    ] = DEFAULT_BATCH_SIZE,
    wait: WaitOption = 0.0,
) -> None:
    """Validate a whole dataset, then load it; with any problem, nothing is written."""
    report = _with_store(
        _settings(ctx),
        lambda store: _load(
            store, path, dry_run, batch_size, show=not (quiet or json_output), wait_s=wait
        ),
    )
    if errors_to is not None:
        write_problems_csv(report.problems, errors_to)
    if json_output:
        sys.stdout.write(json.dumps(report.as_json(), indent=2) + "\n")
    if not report.ok:
        for problem in report.problems:
            err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
        err.print(
            f"{len(report.problems)} problem(s) in {report.source}; nothing was written."
            + (f" Listed in {errors_to}." if errors_to else "")
        )
        raise typer.Exit(1)
    if not (quiet or json_output):
        _print_load_summary(report)


async def _load(
    store: GraphStore,
    path: Path,
    dry_run: bool,
    batch_size: int,
    *,
    show: bool,
    wait_s: float = 0.0,
) -> LoadReport:
    """Validate and load a dataset; a load (not a dry run) is recorded in the audit log."""
    if dry_run:
        return await _load_with_progress(store, path, dry_run, batch_size, show=show)
    async with _audited(store, "dataset.load", str(path)) as event:
        report = await _load_with_progress(
            store, path, dry_run, batch_size, show=show, wait_s=wait_s
        )
        if report.ok:
            event.detail = f"load run {report.run_id}: " + ", ".join(
                f"{name} {summary.rows}" for name, summary in report.entities.items()
            )
        else:
            event.outcome = "failed"
            event.detail = f"{len(report.problems)} problem(s); nothing was written"
    return report


async def _load_with_progress(
    store: GraphStore,
    path: Path,
    dry_run: bool,
    batch_size: int,
    *,
    show: bool,
    wait_s: float = 0.0,
) -> LoadReport:
    repository = DatasetRepository(store)
    if not show:
        return await load_dataset(
            path, repository, dry_run=dry_run, batch_size=batch_size, wait_s=wait_s
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

        report = await load_dataset(
            path,
            repository,
            dry_run=dry_run,
            batch_size=batch_size,
            progress=advance,
            wait_s=wait_s,
        )
        bars.update(status, visible=False)
        return report


def _print_load_summary(report: LoadReport) -> None:
    for run in report.interrupted_runs:
        err.print(
            f"[yellow]The previous load run {run['id']} (dataset {run['datasetName']!r}) did not "
            "finish; this load has completed its work and marked it interrupted.[/yellow]"
        )
    verb = "Validated (dry run, nothing written)" if report.dry_run else "Loaded"
    table = Table(
        "entity", "rows", "created", "updated", "unchanged", title=f"{verb}: {report.dataset}"
    )
    for name, summary in report.entities.items():
        table.add_row(
            name,
            str(summary.rows),
            *(
                ("-", "-", "-")
                if report.dry_run
                else (str(summary.created), str(summary.updated), str(summary.unchanged))
            ),
        )
    err.print(table)
    if report.run_id:
        err.print(
            f"Load run {report.run_id} completed in {report.seconds:.1f} s "
            f"(of which {report.derive_seconds:.1f} s recomputing the derived data)"
        )


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to create (must be empty or absent).")],
    reviews: Annotated[int, typer.Option(min=1, help="How many reviews to invent.")] = 1_000,
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 1,
) -> None:
    """Write a synthetic dataset (clearly labelled as such) in the import format."""
    try:
        with err.status(f"Generating {reviews} synthetic reviews..."):
            written = generate_dataset(out, reviews=reviews, seed=seed)
    except ValueError as exc:
        raise DatasetError(str(exc)) from exc
    table = Table("file", "rows", title=f"Synthetic dataset in {out}")
    for stem, count in written.items():
        table.add_row(stem, str(count))
    err.print(table)


@app.command()
def demo(
    ctx: typer.Context,
    reviews: Annotated[
        int, typer.Option(min=1, help="Size of the synthetic demo dataset.")
    ] = DEMO_REVIEWS,
) -> None:
    """Initialise the database, load a synthetic demo dataset, then serve it."""
    settings = _settings(ctx)
    folder = settings.data_dir / f"demo-dataset-{reviews}"
    if not folder.exists():
        # Generated aside and renamed when complete: an interrupted run leaves no half dataset.
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        with err.status(f"Generating a synthetic demo dataset of {reviews} reviews..."):
            generate_dataset(partial, reviews=reviews, seed=DEMO_SEED)
        partial.rename(folder)

    async def prepare(store: GraphStore) -> tuple[LoadReport, IssuedKey]:
        await _initialise(store)
        report = await _load(store, folder, False, DEFAULT_BATCH_SIZE, show=True)
        return report, await _demo_admin_key(store)

    report, key = _with_store(settings, prepare)
    if not report.ok:  # the generator and the loader disagree: a defect, not a user error
        raise DatasetError(f"the demo dataset did not validate: {report.problems[0]}")
    _print_load_summary(report)
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
    _serve(settings.model_copy(update={"allow_anonymous_read": True}))


async def _demo_admin_key(store: GraphStore) -> IssuedKey:
    """A new admin key for the demo; the previous demo's key is revoked first."""
    keys = ApiKeyRepository(store)
    for old in await keys.list_keys():
        if old.name == DEMO_KEY_NAME and old.active:
            async with _audited(store, "keys.revoke", f"key {old.key_id}"):
                await keys.revoke(old.key_id)
    return await _issue_audited(store, DEMO_KEY_NAME, Role.ADMIN)


async def _issue_audited(store: GraphStore, name: str, role: Role) -> IssuedKey:
    """A new key, its creation (or failure) written to the audit log as a command-line act."""
    async with _audited(store, "keys.create", f"name {name}") as event:
        issued = await issue_key(ApiKeyRepository(store), name=name, role=role)
        event.target = f"key {issued.key.key_id}"
        event.detail = f"name {issued.key.name!r}, role {issued.key.role}"
    return issued


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    role: Annotated[
        Role, typer.Option(help="What the key may do.", case_sensitive=False, show_default=False)
    ],
    name: Annotated[
        str,
        typer.Option(
            help="Who or what uses the key (unique among active keys), e.g. 'reporting-etl'.",
            show_default=False,
        ),
    ],
) -> None:
    """Create an API key and print it once: only its salted hash is stored."""

    async def work(store: GraphStore) -> IssuedKey:
        return await _issue_audited(store, name, role)

    issued = _with_store(_settings(ctx), work)
    key = issued.key
    err.print(f"Created API key {key.key_id} ({escape(key.name)}, role {key.role}):")
    sys.stdout.write(issued.text + "\n")
    sys.stdout.flush()
    err.print(
        "[bold]Copy the key now: it will not be shown again.[/bold] "
        "Callers send it as 'Authorization: Bearer <key>'."
    )


@keys_app.command("list")
def keys_list(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a table.")
    ] = False,
) -> None:
    """List every API key, revoked ones included (never a key or its hash)."""

    async def work(store: GraphStore) -> list[ApiKey]:
        return await ApiKeyRepository(store).list_keys()

    keys = _with_store(_settings(ctx), work)
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
            _shown_time(key.created_at),
            _shown_time(key.revoked_at) if key.revoked_at else "-",
        )
    out.print(table)
    if not keys:
        err.print("No API keys yet: `graph-service keys create --role ROLE --name NAME`.")


@keys_app.command("revoke")
def keys_revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(help="The key id, as `keys list` shows it.")],
) -> None:
    """Revoke an API key: requests with it are refused from the next one on."""

    async def work(store: GraphStore) -> ApiKey:
        async with _audited(store, "keys.revoke", f"key {key_id}") as event:
            revoked = await ApiKeyRepository(store).revoke(key_id)
            event.detail = f"name {revoked.name!r}, role {revoked.role}"
        return revoked

    revoked = _with_store(_settings(ctx), work)
    err.print(
        f"Revoked API key {revoked.key_id} ({escape(revoked.name)}); requests with it are "
        "refused from now on."
    )


@audit_app.command("list")
def audit_list(
    ctx: typer.Context,
    action: Annotated[
        str | None,
        typer.Option(help="Only this action and those under it: 'keys' or 'keys.create'."),
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Only this actor, e.g. 'cli:alice' or a key name.")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option(help="Only this outcome: ok, denied or failed.")
    ] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only events at or after this time (UTC).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many events.")] = 50,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a table.")
    ] = False,
) -> None:
    """List audit events, newest first."""
    if outcome is not None and outcome not in AUDIT_OUTCOMES:
        raise InputError(f"--outcome: use one of {', '.join(AUDIT_OUTCOMES)}, not {outcome!r}")
    selection = AuditSelection(
        action=action,
        actor=actor,
        outcome=_as_outcome(outcome),
        since=since,
    )

    async def work(store: GraphStore) -> list[AuditEvent]:
        audit = AuditRepository(store)
        events: list[AuditEvent] = []
        after: str | None = None
        while len(events) < limit:
            request = PageRequest.of(
                order=AUDIT_ORDER, first=min(MAX_PAGE_SIZE, limit - len(events)), after=after
            )
            page = await audit.events(selection, request)
            events.extend(event for _, event in page.items)
            if not page.has_next or not page.items:
                break
            after = page.items[-1][0].encode()
        return events

    events = _with_store(_settings(ctx), work)
    if json_output:
        sys.stdout.write(json.dumps([asdict(event) for event in events], indent=2) + "\n")
        return
    table = Table(title="Audit log")
    table.add_column("at (UTC)", no_wrap=True, min_width=19)
    table.add_column("actor", overflow="fold", min_width=10)
    table.add_column("action", no_wrap=True, min_width=14)
    table.add_column("target", overflow="fold", ratio=1)
    table.add_column("outcome", no_wrap=True, min_width=7)
    table.add_column("detail", overflow="fold", ratio=2)
    for event in events:
        table.add_row(
            _shown_time(event.at),
            escape(event.actor),
            event.action,
            escape(event.target),
            event.outcome,
            escape(event.detail),
        )
    out.print(table)


def _as_outcome(outcome: str | None) -> AuditOutcome | None:
    for allowed in AUDIT_OUTCOMES:
        if outcome == allowed:
            return allowed
    return None


def _shown_time(timestamp: str) -> str:
    """``2026-05-04T10:11:12.345678Z`` as ``2026-05-04 10:11:12``."""
    return timestamp[:19].replace("T", " ")


@dataclass
class _Outcome:
    """What an audited command records when it ends; it may change these as it learns."""

    target: str
    outcome: AuditOutcome = "ok"
    detail: str = ""


@asynccontextmanager
async def _audited(store: GraphStore, action: str, target: str) -> AsyncIterator[_Outcome]:
    """Record ``action`` in the audit log as done from the command line: ok (or what the
    block set) when the block ends, failed with the error when it raises."""
    audit = AuditRepository(store)
    event = _Outcome(target=target)
    try:
        yield event
    except Exception as exc:
        await _record(audit, action, event.target, "failed", _reason(exc))
        raise
    await _record(audit, action, event.target, event.outcome, event.detail)


async def _record(
    audit: AuditRepository, action: str, target: str, outcome: AuditOutcome, detail: str
) -> None:
    try:
        await audit.append(
            actor=cli_actor(),
            actor_kind="cli",
            action=action,
            outcome=outcome,
            target=target,
            detail=detail,
        )
    except GraphServiceError as exc:  # what was done stays done; say it went unrecorded
        err.print(
            f"[yellow]warning: {action} could not be recorded in the audit log: "
            f"{escape(exc.message)}[/yellow]"
        )


def _reason(exc: Exception) -> str:
    if isinstance(exc, GraphServiceError):
        return exc.message
    if isinstance(exc, OSError):
        return f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror or exc)
    return type(exc).__name__


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

    async def run() -> None:
        # The store is opened here, not in the app's start-up, so that a store that cannot
        # be reached is one clear error line rather than a server's start-up traceback.
        store = await open_store(settings)
        try:
            await store.apply_schema(GRAPH_SCHEMA)
            config = server_config(settings, create_app(settings, store=store))
            err.print(f"GraphiQL: [bold]{url}[/bold]  (Ctrl+C stops the service)")
            await _Server(config).serve()
        finally:
            await store.close()

    asyncio.run(run())


def server_config(settings: Settings, app: ASGIApp) -> uvicorn.Config:
    """How uvicorn serves ``app``. ``X-Forwarded-For`` is read only from the proxies the
    settings name: trusting a local address by default would let any process on the machine
    give itself a new address per request, escaping the per-address limits."""
    trusted = settings.forwarded_allow_ips.strip()
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_level=settings.log_level.lower(),
    )


class _Server(uvicorn.Server):
    """uvicorn shuts down gracefully on Ctrl+C, then raises the signal again, which would
    cancel the clean-up that follows (closing the store, stopping the embedded server).
    Ctrl+C is how the service is meant to stop: forget the signal once it has been handled."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self._captured_signals.clear()


async def _initialise(store: GraphStore, wait_s: float = 0.0) -> None:
    # Building constraints over a graph that a load is filling could fail on its keys.
    async with store.writer("database initialisation (db init)", wait_s=wait_s):
        with err.status("Creating constraints and indexes...") as status:
            created = await store.apply_schema(GRAPH_SCHEMA)
            status.update("Loading reference taxonomies...")
            written = await _load_reference(store, REFERENCE_DIR)
    err.print(
        f"Schema: {len(created)} constraints and indexes created"
        + (" (all were already there)" if not created else "")
    )
    _print_reference_table(written)


async def _load_reference(
    store: GraphStore, folder: Path, wait_s: float = 0.0
) -> list[TaxonomyLoad]:
    async with _audited(store, "reference.load", str(folder)) as event:
        written = await load_reference(ReferenceRepository(store), folder, wait_s=wait_s)
        event.detail = ", ".join(f"{load.name} {load.version}" for load in written)
    return written


def _print_reference_table(loads: list[TaxonomyLoad]) -> None:
    table = Table(
        "taxonomy", "version", "entries", "retired", "links moved", title="Reference data"
    )
    for load in loads:
        table.add_row(
            load.name, load.version, str(load.entries), str(load.retired), str(load.links_moved)
        )
    err.print(table)


def _with_store[T](settings: Settings, work: Callable[[GraphStore], Awaitable[T]]) -> T:
    async def run() -> T:
        store = await open_store(settings)
        try:
            log.info("store: %s", store.description)
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


def main() -> None:
    """Entry point: configuration errors exit 2, other known errors exit 1, each in one line."""
    try:
        app()
    except WriterBusyError as exc:
        sys.stderr.write(f"error: {exc.message} (or pass --wait SECONDS to wait for it)\n")
        sys.exit(1)
    except GraphServiceError as exc:
        sys.stderr.write(f"error: {exc.message}\n")
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
    except OSError as exc:  # a file the user named cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"error: {where}{exc.strerror or exc}\n")
        sys.exit(1)
