"""``audit list``: the audit log of changes and refused access, newest first."""

import json
import sys
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph_service.cli.context import settings
from graph_service.cli.output import out, shown_time
from graph_service.cli.store import with_store
from graph_service.domain.access import AUDIT_OUTCOMES, AuditOutcome

if TYPE_CHECKING:
    from graph_service.domain.access import AuditEvent
    from graph_service.store import GraphStore

audit_app = typer.Typer(help="The audit log of changes and refused access.", no_args_is_help=True)

_TIME_FORMATS = "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (UTC)"


def _utc_time(text: str) -> datetime:
    """An ISO date or date and time, read as UTC unless it names its offset."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date or time; use {_TIME_FORMATS}, e.g. 2026-05-01"
        ) from None


def _outcome(text: str) -> AuditOutcome:
    for allowed in AUDIT_OUTCOMES:
        if text == allowed:
            return allowed
    raise typer.BadParameter(f"{text!r} is not an outcome; use one of {', '.join(AUDIT_OUTCOMES)}")


@audit_app.command("list")
def audit_list(
    ctx: typer.Context,
    action: Annotated[
        str | None,
        typer.Option(
            metavar="ACTION",
            help="Only this action and those under it: 'keys' or 'keys.create'.",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(metavar="ACTOR", help="Only this actor, e.g. 'cli:alice' or a key name."),
    ] = None,
    outcome: Annotated[
        AuditOutcome | None,
        typer.Option(
            parser=_outcome,
            metavar="OUTCOME",
            help="Only this outcome: ok, denied or failed.",
        ),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(
            parser=_utc_time,
            metavar="TIME",
            help=f"Only events at or after this time: {_TIME_FORMATS}.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=10_000, metavar="N", help="At most this many events.")
    ] = 50,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a table.")
    ] = False,
) -> None:
    """List audit events, newest first."""
    from graph_service.domain.paging import MAX_PAGE_SIZE, PageRequest
    from graph_service.repository import AuditRepository
    from graph_service.repository.audit import AUDIT_ORDER, AuditSelection

    selection = AuditSelection(action=action, actor=actor, outcome=outcome, since=since)

    async def work(store: "GraphStore") -> list["AuditEvent"]:
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

    events = with_store(settings(ctx), work)
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
            shown_time(event.at),
            escape(event.actor),
            event.action,
            escape(event.target),
            event.outcome,
            escape(event.detail),
        )
    out.print(table)
