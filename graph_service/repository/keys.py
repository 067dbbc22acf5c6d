"""Storing API keys: their salted hashes, names, roles and revocation, never a key itself.

Generating and checking keys is ``graph_service.auth.keys``; this repository only keeps what
those functions give it, and reads it back when a key is verified. The API process keeps a
verified key for a few seconds (``graph_service.auth.verified``), so a revocation made by
another process holds there within that time, and at once in the process that made it.
"""

from dataclasses import dataclass
from typing import Any, ClassVar

from graph_service.domain.access import ApiKey, Role, utc_timestamp
from graph_service.errors import ConstraintViolationError, InputError, NotFoundError
from graph_service.store import GraphStore

MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class StoredKey:
    """An API key as stored, with the salt and hash that verify its secret."""

    key: ApiKey
    salt: str  # hex
    secret_hash: str  # hex, HMAC-SHA256 of the secret under the salt


def check_key_name(name: str) -> str:
    """The name, trimmed; refuses empty, over-long or control-character names."""
    trimmed = name.strip()
    if not trimmed:
        raise InputError("name: give the key a name that says who or what uses it")
    if len(trimmed) > MAX_NAME_LENGTH:
        raise InputError(f"name: at most {MAX_NAME_LENGTH} characters, got {len(trimmed)}")
    if not trimmed.isprintable():
        raise InputError("name: must not hold control characters")
    return trimmed


class ApiKeyRepository:
    """API keys: create, list, revoke, and find one by key id for verification."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {"keys/create_key", "keys/keys", "keys/key_by_id", "keys/revoke_key"}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def create(
        self, *, key_id: str, name: str, role: Role, salt: str, secret_hash: str
    ) -> ApiKey:
        """Store a key's salted hash; a name held by an active key is an :class:`InputError`."""
        name = check_key_name(name)
        created_at = utc_timestamp()
        try:
            rows = await self._store.write(
                "keys/create_key",
                {
                    "keyId": key_id,
                    "name": name,
                    "role": role.value,
                    "salt": salt,
                    "hash": secret_hash,
                    "createdAt": created_at,
                },
            )
        except ConstraintViolationError:
            # The unique constraint on activeName caught a create with this name that ran
            # at the same time as this one, after the statement's own check.
            rows = []
        if not rows:
            raise InputError(
                f"name: an active key is already called {name!r}; choose another name, "
                "or revoke that key first"
            )
        return ApiKey(key_id=key_id, name=name, role=role, created_at=created_at)

    async def list_keys(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        return [_key(row) for row in await self._store.read("keys/keys")]

    async def find(self, key_id: str) -> StoredKey | None:
        """The key with this id, with its salt and hash; None when there is none."""
        rows = await self._store.read("keys/key_by_id", {"keyId": key_id})
        if not rows:
            return None
        row = rows[0]
        return StoredKey(key=_key(row), salt=str(row["salt"]), secret_hash=str(row["hash"]))

    async def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key at once; an unknown or already revoked key is an error."""
        rows = await self._store.write(
            "keys/revoke_key", {"keyId": key_id, "revokedAt": utc_timestamp()}
        )
        if not rows:
            raise NotFoundError(
                f"no API key has the id {key_id!r}; `graph-service keys list` shows the ids"
            )
        row = rows[0]
        if not row["wasActive"]:
            raise InputError(f"the API key {key_id!r} was already revoked at {row['revokedAt']}")
        return _key(row)


def _key(row: dict[str, Any]) -> ApiKey:
    return ApiKey(
        key_id=str(row["keyId"]),
        name=str(row["name"]),
        role=Role(row["role"]),
        created_at=str(row["createdAt"]),
        revoked_at=None if row["revokedAt"] is None else str(row["revokedAt"]),
    )
