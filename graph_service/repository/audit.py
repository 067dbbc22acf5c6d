"""The audit log: who did what to the service, when, and how it ended. Append-only.

No statement of the catalogue changes or deletes an ``AuditEvent`` node. Every text is passed
through :func:`redact_credentials` before it is stored, so an API key secret or a token never
reaches the log, even inside a name or an error message.
"""

import getpass
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from graph_service.domain.access import (
    AUDIT_OUTCOMES,
    ActorKind,
    AuditEvent,
    AuditOutcome,
    Principal,
    redact_credentials,
    utc_timestamp,
)
from graph_service.domain.paging import Page, PageRequest
from graph_service.errors import InputError
from graph_service.store import GraphStore

AUDIT_ORDER = "at"
MAX_ACTOR = 200
MAX_TARGET = 300
MAX_DETAIL = 1_000


@dataclass(frozen=True)
class AuditSelection:
    """Which events to list; a None condition keeps them all.

    ``action`` matches the action and the actions under it: ``keys`` matches ``keys.create``.
    ``since`` keeps events at or after that moment (a naive datetime is read as UTC).
    """

    action: str | None = None
    actor: str | None = None
    outcome: AuditOutcome | None = None
    since: datetime | None = None

    def parameters(self) -> dict[str, Any]:
        if self.outcome is not None and self.outcome not in AUDIT_OUTCOMES:
            raise InputError(f"outcome: use one of {', '.join(AUDIT_OUTCOMES)}")
        return {
            "action": self.action,
            "actor": self.actor,
            "outcome": self.outcome,
            "since": None if self.since is None else utc_timestamp(self.since),
        }


def cli_actor() -> str:
    """``cli:<os user>``: who runs a command line that changes the service."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name for this uid (some containers)
        user = f"uid-{os.getuid()}"
    return f"cli:{user}"


class AuditRepository:
    """Appends audit events and lists them, newest first."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {"audit/append_event", "audit/events", "audit/events_count"}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def append(
        self,
        *,
        actor: str,
        actor_kind: ActorKind,
        action: str,
        outcome: AuditOutcome,
        target: str = "",
        detail: str = "",
    ) -> AuditEvent:
        """Record one event; texts are masked for credentials and cut to a bounded length."""
        if outcome not in AUDIT_OUTCOMES:
            raise ValueError(f"outcome must be one of {AUDIT_OUTCOMES}, got {outcome!r}")
        if not action:
            raise ValueError("an audit event needs an action")
        event = AuditEvent(
            id=uuid.uuid4().hex,
            at=utc_timestamp(),
            actor=_clean(actor, MAX_ACTOR),
            actor_kind=actor_kind,
            action=_clean(action, MAX_ACTOR),
            target=_clean(target, MAX_TARGET),
            outcome=outcome,
            detail=_clean(detail, MAX_DETAIL),
        )
        await self._store.write(
            "audit/append_event",
            {
                "id": event.id,
                "at": event.at,
                "actor": event.actor,
                "actorKind": event.actor_kind,
                "action": event.action,
                "target": event.target,
                "outcome": event.outcome,
                "detail": event.detail,
            },
        )
        return event

    async def append_for(
        self,
        principal: Principal,
        *,
        action: str,
        outcome: AuditOutcome,
        target: str = "",
        detail: str = "",
    ) -> AuditEvent:
        """Record an event done by an authenticated caller."""
        return await self.append(
            actor=principal.subject,
            actor_kind=principal.kind,
            action=action,
            outcome=outcome,
            target=target,
            detail=detail,
        )

    async def events(self, selection: AuditSelection, request: PageRequest) -> Page[AuditEvent]:
        """One page of events, newest first (``last``/``before`` pages back towards newer)."""
        if request.order != AUDIT_ORDER:
            raise ValueError(f"audit events are ordered by {AUDIT_ORDER!r}")
        rows = await self._store.read(
            "audit/events",
            {**selection.parameters(), **request.parameters(descending=True)},
        )
        return Page.from_rows(
            [(str(row["key"]), str(row["id"]), _event(row["event"])) for row in rows], request
        )

    async def count(self, selection: AuditSelection) -> int:
        rows = await self._store.read("audit/events_count", selection.parameters())
        return int(rows[0]["total"]) if rows else 0


def _clean(text: str, limit: int) -> str:
    text = " ".join(redact_credentials(text).split())  # one line, no control characters
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _event(node: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        id=str(node["id"]),
        at=str(node["at"]),
        actor=str(node["actor"]),
        actor_kind=str(node["actorKind"]),
        action=str(node["action"]),
        target=str(node.get("target") or ""),
        outcome=str(node["outcome"]),
        detail=str(node.get("detail") or ""),
    )
