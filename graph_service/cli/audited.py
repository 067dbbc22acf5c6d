"""Recording what a command did, or failed to do, in the audit log as a command-line act."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph_service.cli.output import warn
from graph_service.errors import GraphServiceError

if TYPE_CHECKING:
    from graph_service.domain.access import AuditOutcome
    from graph_service.repository import AuditRepository
    from graph_service.store import GraphStore


@dataclass
class Outcome:
    """What an audited command records when it ends; it may change these as it learns."""

    target: str
    outcome: "AuditOutcome" = "ok"
    detail: str = ""


@asynccontextmanager
async def audited(store: "GraphStore", action: str, target: str) -> AsyncIterator[Outcome]:
    """Record ``action`` in the audit log as done from the command line: ok (or what the
    block set) when the block ends, failed with the error when it raises."""
    from graph_service.repository import AuditRepository

    audit = AuditRepository(store)
    event = Outcome(target=target)
    try:
        yield event
    except Exception as exc:
        await _record(audit, action, event.target, "failed", _reason(exc))
        raise
    await _record(audit, action, event.target, event.outcome, event.detail)


async def _record(
    audit: "AuditRepository", action: str, target: str, outcome: "AuditOutcome", detail: str
) -> None:
    from graph_service.repository.audit import cli_actor

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
        warn(f"{action} could not be recorded in the audit log: {exc.message}")


def _reason(exc: Exception) -> str:
    if isinstance(exc, GraphServiceError):
        return exc.message
    if isinstance(exc, OSError):
        return f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror or exc)
    return type(exc).__name__
