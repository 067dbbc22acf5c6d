"""Who is calling and what they may see: roles, principals, API key records and audit events.

Pure values and rules; checking a credential lives in ``graph_service.auth`` and storing keys
and audit events in ``graph_service.repository``.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.errors import InputError

# Every API key starts with this prefix, which tells a key from an OpenID Connect token.
KEY_PREFIX = "lgs_"


class Role(StrEnum):
    """What a caller may do; each role includes everything the roles below it may do."""

    READER = "reader"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def includes(self, other: "Role") -> bool:
        """Whether this role may do everything ``other`` may (admin ⊇ analyst ⊇ reader)."""
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> "Role":
        """The role named ``text``; an unknown name is an :class:`InputError` listing the roles."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InputError(f"unknown role {text!r}; use one of {ROLE_NAMES}") from None


_RANKS = {Role.READER: 0, Role.ANALYST: 1, Role.ADMIN: 2}
ROLE_NAMES = ", ".join(role.value for role in Role)

PrincipalKind = Literal["key", "token", "anonymous"]


@dataclass(frozen=True)
class Principal:
    """An authenticated caller.

    ``subject`` is the API key's name, the token's ``sub`` claim, or ``anonymous``;
    ``key_id`` is set for API keys only.
    """

    subject: str
    kind: PrincipalKind
    role: Role
    key_id: str | None = None

    @property
    def visibility(self) -> Visibility:
        return visibility_for(self.role)


ANONYMOUS = Principal(subject="anonymous", kind="anonymous", role=Role.READER)


def visibility_for(role: Role) -> Visibility:
    """Readers see published, unrestricted material; analysts and admins see everything,
    restricted reviews and IMR assessments included."""
    return EVERYTHING if role.includes(Role.ANALYST) else PUBLIC


@dataclass(frozen=True)
class ApiKey:
    """A stored API key as it may be shown: never its salt, hash or secret."""

    key_id: str
    name: str
    role: Role
    created_at: str  # ISO 8601, UTC
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def utc_timestamp(moment: datetime | None = None) -> str:
    """``moment`` (default now; naive means UTC) as fixed-width ISO 8601 in UTC, e.g.
    ``2026-05-04T10:11:12.345678Z``: text order is time order."""
    moment = datetime.now(UTC) if moment is None else moment
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


AuditOutcome = Literal["ok", "denied", "failed"]
ActorKind = Literal["key", "token", "anonymous", "cli"]
AUDIT_OUTCOMES: tuple[AuditOutcome, ...] = ("ok", "denied", "failed")


@dataclass(frozen=True)
class AuditEvent:
    """One entry of the append-only audit log."""

    id: str
    at: str  # ISO 8601, UTC, fixed width, so that text order is time order
    actor: str
    actor_kind: str
    action: str
    target: str
    outcome: str
    detail: str


# Anything that starts like an API key (the whole rest of it is masked but a well-formed key
# id), and anything shaped like a JWT (base64url parts, the first opening a JSON header).
_KEY_TEXT = re.compile(re.escape(KEY_PREFIX) + r"[A-Za-z0-9_\-]+")
_KEY_ID_THEN_SECRET = re.compile(re.escape(KEY_PREFIX) + r"([A-Za-z0-9]{12})_")
_JWT_TEXT = re.compile(r"eyJ[A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]*)*")


def redact_credentials(text: str) -> str:
    """``text`` with every API key secret and every token-shaped string masked.

    Applied to all text written to the audit log, so that a credential pasted into a name or
    carried in an error message is never stored.
    """

    def mask_key(found: re.Match[str]) -> str:
        key_id = _KEY_ID_THEN_SECRET.match(found.group(0))
        return f"{KEY_PREFIX}{key_id.group(1)}_***" if key_id else f"{KEY_PREFIX}***"

    return _JWT_TEXT.sub("***", _KEY_TEXT.sub(mask_key, text))
