"""Issuing, revoking and listing API keys, each change audited."""

from graph_service.auth.keys import IssuedKey, issue_key
from graph_service.auth.verified import forget_key
from graph_service.domain.access import ApiKey, Role
from graph_service.repository import ApiKeyRepository, AuditRepository
from graph_service.services.audited import Actor, audited
from graph_service.store import GraphStore


class KeyService:
    def __init__(self, store: GraphStore) -> None:
        self.keys = ApiKeyRepository(store)
        self.audit = AuditRepository(store)

    async def issue(self, actor: Actor, name: str, role: Role) -> IssuedKey:
        """A new key; its text is in the result only, its salted hash in the store."""
        async with audited(self.audit, actor, "keys.create", f"name {name}") as entry:
            issued = await issue_key(self.keys, name=name, role=role)
            entry.target = f"key {issued.key.key_id}"
            entry.detail = f"name {issued.key.name!r}, role {issued.key.role.value}"
        return issued

    async def revoke(self, actor: Actor, key_id: str) -> ApiKey:
        """Revokes a key: requests with it are refused from the next one on, in this process
        at once (it leaves the verified-key cache), in others once their cache of it expires
        (``GRAPH_SERVICE_KEY_CACHE_SECONDS`` at most)."""
        async with audited(self.audit, actor, "keys.revoke", f"key {key_id}") as entry:
            try:
                revoked = await self.keys.revoke(key_id)
            finally:
                # Even when the store refuses (another process revoked it first), this
                # process must stop trusting what it kept of the key.
                forget_key(key_id)
            entry.detail = f"name {revoked.name!r}, role {revoked.role.value}"
        return revoked

    async def list_keys(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first (never a key's text or hash)."""
        return await self.keys.list_keys()
