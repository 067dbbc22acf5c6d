"""Fields for admins: the audit log and API keys (list, create, revoke).

Every field checks the caller's role first; key changes are written to the audit log with
who made them.
"""

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
from graph_service.domain.access import Role
from graph_service.domain.paging import PageRequest
from graph_service.errors import PermissionDeniedError
from graph_service.repository.audit import AUDIT_ORDER, AuditSelection
from graph_service.services import Actor
from graph_service.services.audited import record_denied


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
        keys = await info.context.services.key_admin.list_keys()
        return [ApiKey.from_domain(key) for key in keys[:API_KEYS_MAX]]


async def _admin_actor(context: Context, field: str, action: str, target: str) -> Actor:
    """The caller as the actor of an admin-only change; a refusal is recorded, except for
    anonymous callers (anyone may send one: recording it would let anyone fill the log)."""
    actor = Actor.of(context.principal)
    try:
        context.require(Role.ADMIN, field)
    except PermissionDeniedError as denied:
        if context.principal.kind != "anonymous":
            await record_denied(context.services.audit, actor, action, target, denied.message)
        raise
    return actor


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an API key; its text is returned once. Admins only (FORBIDDEN for "
        "others)."
    )
    async def create_api_key(self, info: Info, name: str, role: AccessRole) -> CreatedApiKey:
        context = info.context
        actor = await _admin_actor(context, "createApiKey", "keys.create", f"name {name}")
        issued = await context.services.key_admin.issue(actor, name, Role(role.value))
        return CreatedApiKey(key=ApiKey.from_domain(issued.key), text=issued.text)

    @strawberry.mutation(
        description="Revoke an API key; it stops working at once. Admins only (FORBIDDEN for "
        "others)."
    )
    async def revoke_api_key(self, info: Info, key_id: strawberry.ID) -> ApiKey:
        context = info.context
        actor = await _admin_actor(context, "revokeApiKey", "keys.revoke", f"key {key_id}")
        revoked = await context.services.key_admin.revoke(actor, str(key_id))
        return ApiKey.from_domain(revoked)
