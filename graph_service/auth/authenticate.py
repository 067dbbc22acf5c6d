"""From an ``Authorization`` header to a :class:`Principal`, or a clear refusal.

``Bearer lgs_...`` is an API key, checked against the store (or against what this process read
from it less than ``GRAPH_SERVICE_KEY_CACHE_SECONDS`` ago; see ``graph_service.auth.verified``);
any other bearer credential is an OpenID Connect token, checked against the identity provider's
keys when one is configured. No header gives the anonymous reader when the settings allow it.
"""

import logging
from collections.abc import Awaitable, Callable

from graph_service.auth.keys import KEY_ID_LENGTH, verify_key
from graph_service.auth.tokens import TokenVerifier
from graph_service.auth.verified import VerifiedKeys
from graph_service.config import Settings
from graph_service.domain.access import ANONYMOUS, KEY_PREFIX, ActorKind, Principal
from graph_service.errors import AuthenticationError, GraphServiceError
from graph_service.repository.audit import AuditRepository
from graph_service.repository.keys import ApiKeyRepository

log = logging.getLogger(__name__)

type _Check = Callable[[str], Awaitable[Principal]]

_HOW = "send 'Authorization: Bearer <API key or token>'"


class Authenticator:
    """Built once at start-up; :meth:`authenticate` runs for every request."""

    def __init__(
        self,
        settings: Settings,
        keys: ApiKeyRepository,
        *,
        audit: AuditRepository | None = None,
        tokens: TokenVerifier | None = None,
    ) -> None:
        """``tokens`` defaults to the verifier the settings describe (none without a JWKS);
        with ``audit``, each refused credential is recorded as an ``auth.failed`` event."""
        self._keys = keys
        self._verified = VerifiedKeys(settings.key_cache_seconds)
        self._audit = audit
        self._tokens = tokens if tokens is not None else TokenVerifier.from_settings(settings)
        self.allow_anonymous_read = settings.allow_anonymous_read

    @property
    def accepts_tokens(self) -> bool:
        return self._tokens is not None

    async def authenticate(self, authorization_header: str | None) -> Principal:
        """The caller the header proves; :class:`AuthenticationError` says why not."""
        if authorization_header is None or not authorization_header.strip():
            if self.allow_anonymous_read:
                return ANONYMOUS
            raise AuthenticationError(f"authentication is required: {_HOW}")
        scheme, _, credential = authorization_header.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer":
            raise AuthenticationError(
                f"the Authorization header uses a scheme this service does not accept; {_HOW}"
            )
        if not credential:
            raise AuthenticationError(f"the Authorization header holds no credential; {_HOW}")
        if credential.startswith(KEY_PREFIX):
            return await self._checked("key", credential, self._key)
        return await self._checked("token", credential, self._token)

    async def _key(self, credential: str) -> Principal:
        return await verify_key(self._keys, credential, self._verified)

    async def _token(self, credential: str) -> Principal:
        if self._tokens is None:
            raise AuthenticationError(
                "this service accepts API keys only (no OpenID Connect provider is configured); "
                "send an API key, which starts with " + KEY_PREFIX
            )
        return await self._tokens.verify(credential)

    async def _checked(self, kind: ActorKind, credential: str, check: _Check) -> Principal:
        try:
            return await check(credential)
        except AuthenticationError as refused:
            await self._record_failure(kind, credential, refused.message)
            raise

    async def _record_failure(self, kind: ActorKind, credential: str, reason: str) -> None:
        if self._audit is None:
            return
        # A well-formed key id names the key under attack; it is not a secret. Nothing else of
        # the credential is kept (and the log masks anything credential-shaped regardless).
        key_id = credential[len(KEY_PREFIX) : len(KEY_PREFIX) + KEY_ID_LENGTH]
        well_formed = (
            kind == "key"
            and len(key_id) == KEY_ID_LENGTH
            and key_id.isascii()
            and key_id.isalnum()
            and credential[len(KEY_PREFIX) + KEY_ID_LENGTH :].startswith("_")
        )
        target = f"key {key_id}" if well_formed else kind
        try:
            await self._audit.append(
                actor="unauthenticated",
                actor_kind=kind,
                action="auth.failed",
                outcome="denied",
                target=target,
                detail=reason,
            )
        except GraphServiceError as exc:  # the refusal stands even if it cannot be recorded
            log.warning("could not record a refused credential in the audit log: %s", exc)
