"""OpenID Connect bearer tokens: signature, algorithm, issuer, audience, times and role."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from graph_service.auth.tokens import TokenVerifier, role_from_claims
from graph_service.domain.access import Role
from graph_service.errors import AuthenticationError, ConfigError
from tests.auth.conftest import (
    AUDIENCE,
    ISSUER,
    SigningKey,
    claims,
    oidc_settings,
    write_jwks,
)


def _verifier(jwks: Path, **overrides: Any) -> TokenVerifier:
    verifier = TokenVerifier.from_settings(oidc_settings(jwks, **overrides))
    assert verifier is not None
    return verifier


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())


async def _refused(verifier: TokenVerifier, token: str) -> str:
    """The refusal's message, checked to hold no part of the token."""
    with pytest.raises(AuthenticationError) as refused:
        await verifier.verify(token)
    message = refused.value.message
    assert refused.value.code == "UNAUTHENTICATED"
    for part in token.split("."):
        if len(part) >= 8:
            assert part[:8] not in message
            assert part[-8:] not in message
    return message


async def test_a_valid_rs256_token_gives_its_subject_and_role(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    principal = await _verifier(jwks_file).verify(rsa_key.sign(claims()))
    assert (principal.subject, principal.kind, principal.role, principal.key_id) == (
        "alice@example.org",
        "token",
        Role.ANALYST,
        None,
    )


async def test_a_valid_es256_token_is_accepted(jwks_file: Path, ec_key: SigningKey) -> None:
    principal = await _verifier(jwks_file).verify(ec_key.sign(claims(roles="admin")))
    assert principal.role == Role.ADMIN


@pytest.mark.parametrize(
    "token", ["abc", "not.a.jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30", "....", "x" * 40]
)
async def test_a_malformed_token_is_refused(jwks_file: Path, token: str) -> None:
    message = await _refused(_verifier(jwks_file), token)
    assert "not a well-formed JWT" in message or "algorithm" in message


async def test_an_over_long_token_is_refused_before_parsing(jwks_file: Path) -> None:
    assert "longer than" in await _refused(_verifier(jwks_file), "e" * 20_000)


async def test_a_token_signed_by_another_key_is_refused(
    jwks_file: Path, other_rsa_key: SigningKey
) -> None:
    message = await _refused(_verifier(jwks_file), other_rsa_key.sign(claims()))
    assert "signature does not verify" in message


async def test_a_token_whose_kid_is_not_published_is_refused(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    token = rsa_key.sign(claims(), kid="rotated-away")
    assert "does not publish" in await _refused(_verifier(jwks_file), token)


async def test_a_token_without_kid_uses_the_only_key_or_is_refused(
    tmp_path: Path, jwks_file: Path, rsa_key: SigningKey
) -> None:
    token = jwt.encode(claims(), rsa_key.private, algorithm="RS256")  # no kid header
    single = write_jwks(tmp_path / "single.json", rsa_key)
    assert (await _verifier(single).verify(token)).role == Role.ANALYST
    message = await _refused(_verifier(jwks_file), token)  # two keys: which one?
    assert "names no kid" in message


async def test_an_expired_token_says_when_it_expired(jwks_file: Path, rsa_key: SigningKey) -> None:
    expired = 1_700_000_000  # 2023-11-14T22:13:20Z
    token = rsa_key.sign(claims(exp=expired, iat=expired - 60, nbf=expired - 60))
    message = await _refused(_verifier(jwks_file), token)
    assert message.startswith("the token expired at 2023-11-14T22:13:20.000000Z;")


async def test_clock_differences_within_the_leeway_are_accepted(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    now = int(time.time())
    verifier = _verifier(jwks_file, oidc_leeway_seconds=30)
    assert await verifier.verify(rsa_key.sign(claims(exp=now - 10)))
    assert await verifier.verify(rsa_key.sign(claims(nbf=now + 10, iat=now)))
    strict = _verifier(jwks_file, oidc_leeway_seconds=0)
    assert "expired" in await _refused(strict, rsa_key.sign(claims(exp=now - 10)))


async def test_a_token_not_yet_valid_is_refused(jwks_file: Path, rsa_key: SigningKey) -> None:
    later = int(time.time()) + 3600
    message = await _refused(_verifier(jwks_file), rsa_key.sign(claims(nbf=later)))
    assert message.startswith("the token is not valid before ")
    assert "30 s allowed for clock differences" in message


async def test_a_token_for_another_audience_is_refused(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    message = await _refused(_verifier(jwks_file), rsa_key.sign(claims(aud="another-api")))
    assert f"its aud claim must include {AUDIENCE!r}" in message
    both = rsa_key.sign(claims(aud=["another-api", AUDIENCE]))
    assert (await _verifier(jwks_file).verify(both)).subject == "alice@example.org"


async def test_a_token_from_another_issuer_is_refused(jwks_file: Path, rsa_key: SigningKey) -> None:
    message = await _refused(
        _verifier(jwks_file), rsa_key.sign(claims(iss="https://evil.example.com"))
    )
    assert f"accepts tokens from {ISSUER!r} only" in message


@pytest.mark.parametrize("claim", ["exp", "sub", "iss", "aud"])
async def test_required_claims_must_be_there(
    jwks_file: Path, rsa_key: SigningKey, claim: str
) -> None:
    token = rsa_key.sign(claims(**{claim: None}))
    assert f"the token has no {claim} claim" in await _refused(_verifier(jwks_file), token)


async def test_an_empty_subject_is_refused(jwks_file: Path, rsa_key: SigningKey) -> None:
    assert "sub claim is empty" in await _refused(
        _verifier(jwks_file), rsa_key.sign(claims(sub="  "))
    )


async def test_alg_none_is_refused(jwks_file: Path) -> None:
    token = _unsigned({"alg": "none", "typ": "JWT", "kid": "rsa-1"}, claims()) + "."
    message = await _refused(_verifier(jwks_file), token)
    assert "signature algorithm is not accepted; this service accepts RS256, ES256" in message


async def test_hs256_is_refused_even_keyed_with_the_published_public_key(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    # The classic confusion: sign with HMAC, using the public key everyone can fetch as secret.
    public_pem = rsa_key.private.public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = _unsigned({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}, claims())
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = signing_input + "." + _b64(signature)
    assert "algorithm is not accepted" in await _refused(_verifier(jwks_file), token)
    plain = jwt.encode(claims(), "a-shared-secret-of-32-bytes-or-more!", algorithm="HS256")
    assert "algorithm is not accepted" in await _refused(_verifier(jwks_file), plain)


async def test_an_algorithm_left_out_of_the_settings_is_refused(
    jwks_file: Path, ec_key: SigningKey
) -> None:
    verifier = _verifier(jwks_file, oidc_algorithms="RS256")
    message = await _refused(verifier, ec_key.sign(claims()))
    assert "this service accepts RS256" in message


async def test_an_algorithm_that_does_not_fit_the_key_is_refused(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    # Signed with RSA but claiming to be ES256, naming the RSA key.
    signing_input = _unsigned({"alg": "ES256", "typ": "JWT", "kid": "rsa-1"}, claims())
    token = signing_input + "." + _b64(b"\x00" * 64)
    await _refused(_verifier(jwks_file), token)


async def test_a_token_without_a_role_is_refused_with_the_reason(
    jwks_file: Path, rsa_key: SigningKey
) -> None:
    for roles in (None, [], ["viewer", "editor"], 42):
        message = await _refused(_verifier(jwks_file), rsa_key.sign(claims(roles=roles)))
        assert "grants no role of this service: its 'roles' claim names none of" in message


async def test_the_role_comes_from_a_nested_claim(jwks_file: Path, rsa_key: SigningKey) -> None:
    token = rsa_key.sign(claims(roles=None, realm_access={"roles": ["offline_access", "Admin"]}))
    verifier = _verifier(jwks_file, oidc_role_claim="realm_access.roles")
    assert (await verifier.verify(token)).role == Role.ADMIN


def test_the_highest_named_role_wins_and_unknown_names_are_ignored() -> None:
    assert role_from_claims({"roles": ["reader", "admin", "analyst"]}, "roles") == Role.ADMIN
    assert role_from_claims({"roles": ["viewer", "analyst"]}, "roles") == Role.ANALYST
    assert role_from_claims({"roles": "reader"}, "roles") == Role.READER
    assert role_from_claims({"roles": ["viewer", 3, None]}, "roles") is None
    assert role_from_claims({"roles": {"admin": True}}, "roles") is None
    assert role_from_claims({}, "roles") is None
    assert role_from_claims({"a": {"b": {"c": ["analyst"]}}}, "a.b.c") == Role.ANALYST
    assert role_from_claims({"a": ["analyst"]}, "a.b") is None
    # A claim name holding dots (namespaced custom claims) is read whole first.
    assert role_from_claims({"https://example.org/roles": ["admin"]}, "https://example.org/roles")
    assert role_from_claims({"group": "analyst"}, "group") == Role.ANALYST


def test_a_jwks_file_that_cannot_be_used_stops_start_up(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    with pytest.raises(ConfigError, match="cannot be read"):
        TokenVerifier.from_settings(oidc_settings(missing))
    not_json = tmp_path / "bad.json"
    not_json.write_text("{")
    with pytest.raises(ConfigError, match="is not JSON"):
        TokenVerifier.from_settings(oidc_settings(not_json))
    empty = tmp_path / "empty.json"
    empty.write_text('{"keys": []}')
    with pytest.raises(ConfigError, match="holds no usable public key"):
        TokenVerifier.from_settings(oidc_settings(empty))
