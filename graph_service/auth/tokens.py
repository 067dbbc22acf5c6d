"""OpenID Connect bearer tokens: JWTs signed by an identity provider, checked against its keys.

A token is accepted when its signature verifies with a key of the configured JSON Web Key Set
(chosen by the token's ``kid``), its algorithm is one the settings allow (never ``none`` or
HMAC), and its ``iss``, ``aud``, ``exp`` and ``nbf`` hold; ``exp`` and ``sub`` are required.
The caller's role comes from a claim the settings name. Messages say what is wrong and never
repeat the token.
"""

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet

from graph_service.config import Settings
from graph_service.domain.access import ROLE_NAMES, Principal, Role, utc_timestamp
from graph_service.errors import AuthenticationError, ConfigError, IdentityProviderUnavailableError

log = logging.getLogger(__name__)

JWKS_CACHE_SECONDS = 300  # how long fetched keys are used before the key set is fetched again
JWKS_REFETCH_SECONDS = 60  # an unknown kid refetches the key set at most this often
JWKS_FETCH_TIMEOUT_SECONDS = 10
MAX_TOKEN_LENGTH = 16_384

_MALFORMED = (
    "the bearer token is not a well-formed JWT; send the access token your identity provider issued"
)
_BAD_SIGNATURE = (
    "the token's signature does not verify with the identity provider's keys; "
    "send a token issued by the configured identity provider"
)


class KeySource(Protocol):
    """Where verification keys come from: a JWKS file or the identity provider's URL."""

    async def key_for(self, kid: str | None) -> PyJWK | None:
        """The signing key named ``kid`` (or the only one, when the token names none)."""
        ...


def _pick(keys: list[PyJWK], kid: str | None) -> PyJWK | None:
    signing = [
        key
        for key in keys
        if key.public_key_use in ("sig", None) and key.key_type in ("RSA", "EC", "OKP")
    ]
    if kid is None:
        return signing[0] if len(signing) == 1 else None
    return next((key for key in signing if key.key_id == kid), None)


class JwksFile:
    """Keys read once from a JSON Web Key Set file."""

    def __init__(self, path: Path) -> None:
        where = f"GRAPH_SERVICE_OIDC_JWKS_FILE={str(path)!r}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{where} cannot be read: {exc.strerror or exc}") from None
        except ValueError:
            raise ConfigError(f"{where} is not JSON; it must hold a JSON Web Key Set") from None
        try:
            self._keys = list(PyJWKSet.from_dict(data).keys)
        except (jwt.PyJWTError, AttributeError, TypeError):
            raise ConfigError(
                f"{where} holds no usable public key; it must be a JSON Web Key Set "
                '({"keys": [...]}) with RSA, EC or OKP keys'
            ) from None

    async def key_for(self, kid: str | None) -> PyJWK | None:
        return _pick(self._keys, kid)


class JwksUrl:
    """Keys fetched from the identity provider, cached, and fetched again for a new kid."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = PyJWKClient(
            url,
            cache_keys=False,
            cache_jwk_set=True,
            lifespan=JWKS_CACHE_SECONDS,
            timeout=JWKS_FETCH_TIMEOUT_SECONDS,
        )
        self._refetched_at = float("-inf")
        self._last_fetched: list[PyJWK] | None = None

    async def key_for(self, kid: str | None) -> PyJWK | None:
        found = _pick(await self._fetch(refresh=False), kid)
        if found is None and time.monotonic() - self._refetched_at >= JWKS_REFETCH_SECONDS:
            # The provider may have rotated its keys; a burst of tokens with unknown kids
            # must not turn into a burst of fetches, hence the limit.
            self._refetched_at = time.monotonic()
            found = _pick(await self._fetch(refresh=True), kid)
        return found

    async def _fetch(self, *, refresh: bool) -> list[PyJWK]:
        try:
            keys = await asyncio.to_thread(self._client.get_jwk_set, refresh)
        except jwt.PyJWTError as exc:
            log.warning("fetching the JSON Web Key Set from %s failed: %s", self._url, exc)
            if self._last_fetched is not None:  # the provider is down: its keys still hold
                return self._last_fetched
            # Not the caller's fault: not a refused credential (no audit event, no lockout).
            raise IdentityProviderUnavailableError(
                "the service could not fetch its identity provider's signing keys to check "
                "the token; try again shortly"
            ) from None
        self._last_fetched = list(keys.keys)
        return self._last_fetched


class TokenVerifier:
    """Checks bearer tokens against one identity provider."""

    def __init__(
        self,
        *,
        keys: KeySource,
        issuer: str,
        audience: str,
        algorithms: tuple[str, ...],
        role_claim: str = "roles",
        leeway_seconds: int = 30,
    ) -> None:
        self._keys = keys
        self.issuer = issuer
        self.audience = audience
        self.algorithms = algorithms
        self.role_claim = role_claim
        self.leeway_seconds = leeway_seconds

    @classmethod
    def from_settings(cls, settings: Settings) -> "TokenVerifier | None":
        """The verifier the settings describe; None when no key set is configured."""
        keys: KeySource
        if settings.oidc_jwks_file is not None:
            keys = JwksFile(settings.oidc_jwks_file)
        elif settings.oidc_jwks_url is not None:
            keys = JwksUrl(settings.oidc_jwks_url)
        else:
            return None
        assert settings.oidc_issuer is not None  # the settings refuse a JWKS without them
        assert settings.oidc_audience is not None
        return cls(
            keys=keys,
            issuer=settings.oidc_issuer,
            audience=settings.oidc_audience,
            algorithms=settings.oidc_algorithms,
            role_claim=settings.oidc_role_claim,
            leeway_seconds=settings.oidc_leeway_seconds,
        )

    async def verify(self, token: str) -> Principal:
        """The principal a valid token stands for; :class:`AuthenticationError` otherwise."""
        if len(token) > MAX_TOKEN_LENGTH:
            raise AuthenticationError(
                f"the bearer token is longer than {MAX_TOKEN_LENGTH} characters; "
                "send the access token your identity provider issued"
            )
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationError(_MALFORMED) from None
        algorithm = header.get("alg")
        if algorithm not in self.algorithms:
            raise AuthenticationError(
                "the token's signature algorithm is not accepted; this service accepts "
                + ", ".join(self.algorithms)
            )
        kid = header.get("kid")
        key = await self._keys.key_for(kid if isinstance(kid, str) else None)
        if key is None:
            raise AuthenticationError(
                "the token is signed with a key the identity provider does not publish"
                + ("" if isinstance(kid, str) else " (it names no kid)")
                + "; send a token issued by the configured identity provider"
            )
        claims = self._decode(token, key)
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject.strip():
            raise AuthenticationError("the token's sub claim is empty; it must name the caller")
        role = role_from_claims(claims, self.role_claim)
        if role is None:
            raise AuthenticationError(
                f"the token grants no role of this service: its {self.role_claim!r} claim "
                f"names none of {ROLE_NAMES}; ask your identity provider's administrator "
                "to assign one"
            )
        return Principal(subject=subject, kind="token", role=role)

    def _decode(self, token: str, key: PyJWK) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.key,
                algorithms=list(self.algorithms),
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_seconds,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError(
                f"the token expired at {self._moment(token, 'exp')}; "
                "get a new one from your identity provider"
            ) from None
        except jwt.ImmatureSignatureError:
            claim = "nbf" if "nbf" in _unverified_claims(token) else "iat"
            raise AuthenticationError(
                f"the token is not valid before {self._moment(token, claim)} "
                f"({self.leeway_seconds} s allowed for clock differences); check the clocks "
                "of the identity provider and of the service"
            ) from None
        except jwt.InvalidAudienceError:
            raise AuthenticationError(
                f"the token is not meant for this service: its aud claim must include "
                f"{self.audience!r}; ask your identity provider for a token for this audience"
            ) from None
        except jwt.InvalidIssuerError:
            raise AuthenticationError(
                f"the token was issued by another issuer; this service accepts tokens from "
                f"{self.issuer!r} only"
            ) from None
        except jwt.MissingRequiredClaimError as exc:
            raise AuthenticationError(
                f"the token has no {exc.claim} claim, which this service requires"
            ) from None
        except jwt.InvalidSignatureError:
            raise AuthenticationError(_BAD_SIGNATURE) from None
        except jwt.InvalidAlgorithmError:
            raise AuthenticationError(
                "the token's signature algorithm does not fit the key that should verify it; "
                + "send a token issued by the configured identity provider"
            ) from None
        except jwt.DecodeError:
            raise AuthenticationError(_MALFORMED) from None
        except (jwt.PyJWTError, TypeError, ValueError):
            # Other claim errors (an exp that is not a number, a sub that is not text...) and
            # a key of another type than the algorithm needs.
            raise AuthenticationError(
                "the token is not valid: a claim has a value of the wrong type, or its key does "
                "not fit its algorithm; send a token issued by the configured identity provider"
            ) from None
        return claims

    @staticmethod
    def _moment(token: str, claim: str) -> str:
        value = _unverified_claims(token).get(claim)
        if isinstance(value, int | float):
            return utc_timestamp(datetime.fromtimestamp(value, UTC))
        return "(unknown time)"


def _unverified_claims(token: str) -> dict[str, Any]:
    """The payload without checks: only for wording a refusal after the signature verified."""
    try:
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return {}
    return claims


def role_from_claims(claims: Mapping[str, Any], claim: str) -> Role | None:
    """The highest role named by ``claim`` (a name, or a dotted path into nested claims).

    The claim holds one role name or a list of them; names are matched without regard to
    case, and names that are not roles of this service are ignored.
    """
    value: Any
    if claim in claims:  # a claim name may itself hold dots (https://example.org/roles)
        value = claims[claim]
    else:
        value = claims
        for part in claim.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    roles = [Role(name.strip().lower()) for name in names if _is_role(name)]
    return max(roles, key=lambda role: role.rank, default=None)


def _is_role(name: object) -> bool:
    return isinstance(name, str) and name.strip().lower() in {role.value for role in Role}
