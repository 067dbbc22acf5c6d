"""Recording how a change ended in the audit log: ok, failed with its reason, or denied."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from graph_service.domain.access import ActorKind, AuditOutcome, Principal
from graph_service.errors import GraphServiceError
from graph_service.repository.audit import AuditRepository, cli_actor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the audit log names them."""

    name: str
    kind: ActorKind

    @classmethod
    def command_line(cls) -> "Actor":
        """The operating-system user running a command."""
        return cls(cli_actor(), "cli")

    @classmethod
    def of(cls, principal: Principal) -> "Actor":
        """An authenticated caller of the API."""
        return cls(principal.subject, principal.kind)


@dataclass
class AuditEntry:
    """What an audited change records when it ends; the change fills in what it learns."""

    target: str
    outcome: AuditOutcome = "ok"
    detail: str = ""


@asynccontextmanager
async def audited(
    audit: AuditRepository, actor: Actor, action: str, target: str
) -> AsyncIterator[AuditEntry]:
    """Runs the block as ``actor``'s ``action`` and records how it ended: what the block set
    (ok unless it said otherwise), or failed with the error it raised."""
    entry = AuditEntry(target=target)
    try:
        yield entry
    except Exception as exc:
        await _record(audit, actor, action, "failed", entry.target, _reason(exc))
        raise
    await _record(audit, actor, action, entry.outcome, entry.target, entry.detail)


async def record_denied(
    audit: AuditRepository, actor: Actor, action: str, target: str, reason: str
) -> None:
    """Records a change refused to ``actor`` before it started."""
    await _record(audit, actor, action, "denied", target, reason)


async def _record(
    audit: AuditRepository,
    actor: Actor,
    action: str,
    outcome: AuditOutcome,
    target: str,
    detail: str,
) -> None:
    try:
        await audit.append(
            actor=actor.name,
            actor_kind=actor.kind,
            action=action,
            outcome=outcome,
            target=target,
            detail=detail,
        )
    except GraphServiceError as exc:
        # What was done stays done (a key issued must still reach its caller): say that it
        # went unrecorded instead of turning a success into an error.
        log.warning("%s could not be recorded in the audit log: %s", action, exc.message)


def _reason(exc: Exception) -> str:
    if isinstance(exc, GraphServiceError):
        return exc.message
    if isinstance(exc, OSError):
        return f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror or exc)
    return type(exc).__name__
