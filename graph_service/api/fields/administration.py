"""Fields for admins: the audit log and API keys (list, create, revoke).

Every field checks the caller's role first; key changes are written to the audit log with
who made them.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

import strawberry

from graph_service.api.bounds import API_KEYS_MAX
from graph_service.api.context import Context
from graph_service.api.info import Info
from graph_service.api.types.administration import (
    AccessRole,
    ApiKey,
    AuditEvent,
    AuditOutcome,
    CreatedApiKey,
)
from graph_service.api.types.connections import Connection, PageSize
from graph_service.auth import issue_key
from graph_service.domain.access import Role
from graph_service.domain.paging import PageRequest
from graph_service.errors import GraphServiceError, PermissionDeniedError
from graph_service.repository.audit import AUDIT_ORDER, AuditSelection


@strawberry.input(description="Which audit events to list; every condition is optional.")
class AuditFilter:
    action: str | None = strawberry.field(
        default=None, description="An action, or a family of them: 'keys' matches 'keys.create'."
    )
    actor: str | None = None
    outcome: AuditOutcome | None = None
    since: datetime | None = strawberry.field(
        default=None, description="Events at or after this moment (UTC when no offset)."
    )

    def selection(self) -> AuditSelection:
        return AuditSelection(
            action=self.action,
            actor=self.actor,
            outcome=self.outcome.value if self.outcome else None,
            since=self.since,
        )


@strawberry.type
class AdministrationQuery:
    @strawberry.field(
        description="The audit log, newest first. Admins only (FORBIDDEN for others)."
    )
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilter | None = None,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AuditEvent]:
        info.context.require(Role.ADMIN, "auditLog")
        audit = info.context.services.audit
        selection = filter.selection() if filter else AuditSelection()
        request = PageRequest.of(
            order=AUDIT_ORDER, first=first, after=after, last=last, before=before
        )
        page = await audit.events(selection, request)
        return Connection.of(page, AuditEvent.from_domain, lambda: audit.count(selection))

    @strawberry.field(
        description="Every API key, active and revoked, oldest first; at most "
        f"{API_KEYS_MAX:,}. Admins only (FORBIDDEN for others)."
    )
    async def api_keys(self, info: Info) -> list[ApiKey]:
        info.context.require(Role.ADMIN, "apiKeys")
        keys = await info.context.services.keys.list_keys()
        return [ApiKey.from_domain(key) for key in keys[:API_KEYS_MAX]]


@dataclass
class _Entry:
    """What an audited change records; the change fills in what it learns."""

    target: str
    detail: str = ""


@asynccontextmanager
async def _audited(context: Context, field: str, action: str, target: str) -> AsyncIterator[_Entry]:
    """Runs an admin-only change and records how it ended: denied, failed or ok."""
    entry = _Entry(target)
    audit = context.services.audit
    try:
        context.require(Role.ADMIN, field)
    except PermissionDeniedError as denied:
        if context.principal.kind == "anonymous":
            raise  # anyone may send this: recording it would let anyone fill the log
        await audit.append_for(
            context.principal, action=action, outcome="denied", target=target,
            detail=denied.message,
        )  # fmt: skip
        raise
    try:
        yield entry
    except GraphServiceError as refused:
        await audit.append_for(
            context.principal, action=action, outcome="failed", target=entry.target,
            detail=refused.message,
        )  # fmt: skip
        raise
    await audit.append_for(
        context.principal, action=action, outcome="ok", target=entry.target, detail=entry.detail
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an API key; its text is returned once. Admins only (FORBIDDEN for "
        "others)."
    )
    async def create_api_key(self, info: Info, name: str, role: AccessRole) -> CreatedApiKey:
        context = info.context
        async with _audited(context, "createApiKey", "keys.create", f"name {name}") as entry:
            issued = await issue_key(context.services.keys, name=name, role=Role(role.value))
            entry.target = f"key {issued.key.key_id}"
            entry.detail = f"name {issued.key.name}, role {issued.key.role.value}"
        return CreatedApiKey(key=ApiKey.from_domain(issued.key), text=issued.text)

    @strawberry.mutation(
        description="Revoke an API key; it stops working at once. Admins only (FORBIDDEN for "
        "others)."
    )
    async def revoke_api_key(self, info: Info, key_id: strawberry.ID) -> ApiKey:
        context = info.context
        async with _audited(context, "revokeApiKey", "keys.revoke", f"key {key_id}"):
            revoked = await context.services.keys.revoke(str(key_id))
        return ApiKey.from_domain(revoked)
