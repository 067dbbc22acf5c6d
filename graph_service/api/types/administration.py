"""Types only admins see: API keys and audit events."""

from datetime import datetime
from enum import Enum

import strawberry

from graph_service.domain.access import ApiKey as ApiKeyRecord
from graph_service.domain.access import AuditEvent as AuditRecord
from graph_service.domain.access import Role


@strawberry.enum(description="What a caller may do; each role includes the ones before it.")
class AccessRole(Enum):
    READER = Role.READER.value
    ANALYST = Role.ANALYST.value
    ADMIN = Role.ADMIN.value


@strawberry.enum(description="How an audited action ended.")
class AuditOutcome(Enum):
    OK = "ok"
    DENIED = "denied"
    FAILED = "failed"


@strawberry.type(description="An API key as it may be shown: never its secret or hash.")
class ApiKey:
    key_id: strawberry.ID
    name: str
    role: AccessRole
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def from_domain(cls, key: ApiKeyRecord) -> "ApiKey":
        return cls(
            key_id=strawberry.ID(key.key_id),
            name=key.name,
            role=AccessRole(key.role.value),
            created_at=_moment(key.created_at),
            revoked_at=_moment(key.revoked_at) if key.revoked_at else None,
        )


@strawberry.type(description="A new API key. The key text is shown here once and never again.")
class CreatedApiKey:
    key: ApiKey
    text: str = strawberry.field(
        description="Send as 'Authorization: Bearer <text>'. Store it now: only a salted hash "
        "of it is kept."
    )


@strawberry.type(description="One entry of the append-only audit log.")
class AuditEvent:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(description="Key name, token subject, or cli:<user>.")
    actor_kind: str = strawberry.field(description="key, token, anonymous or cli.")
    action: str = strawberry.field(description="e.g. keys.create, dataset.load, auth.failed.")
    target: str
    outcome: AuditOutcome
    detail: str

    @classmethod
    def from_domain(cls, event: AuditRecord) -> "AuditEvent":
        return cls(
            id=strawberry.ID(event.id),
            at=_moment(event.at),
            actor=event.actor,
            actor_kind=event.actor_kind,
            action=event.action,
            target=event.target,
            outcome=AuditOutcome(event.outcome),
            detail=event.detail,
        )


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)
