"""The Authorization header to a principal: keys, tokens, anonymous callers, refusals."""

from pathlib import Path

import pytest

from graph_service.auth import Authenticator, issue_key
from graph_service.config import load_settings
from graph_service.domain.access import ANONYMOUS, Role
from graph_service.domain.visibility import PUBLIC
from graph_service.errors import AuthenticationError
from graph_service.repository import ApiKeyRepository
from graph_service.store import GraphStore
from tests.auth.conftest import SigningKey, claims, oidc_settings


async def test_a_bearer_api_key_authenticates(auth_store: GraphStore) -> None:
    keys = ApiKeyRepository(auth_store)
    issued = await issue_key(keys, name="dashboard", role=Role.READER)
    authenticator = Authenticator(load_settings(_env_file=None), keys)
    for header in (f"Bearer {issued.text}", f"bearer  {issued.text} "):
        principal = await authenticator.authenticate(header)
        assert (principal.subject, principal.kind, principal.role) == (
            "dashboard",
            "key",
            Role.READER,
        )


async def test_a_bearer_token_authenticates_when_oidc_is_configured(
    auth_store: GraphStore, jwks_file: Path, rsa_key: SigningKey
) -> None:
    authenticator = Authenticator(oidc_settings(jwks_file), ApiKeyRepository(auth_store))
    assert authenticator.accepts_tokens
    principal = await authenticator.authenticate(f"Bearer {rsa_key.sign(claims())}")
    assert (principal.subject, principal.kind, principal.role) == (
        "alice@example.org",
        "token",
        Role.ANALYST,
    )


async def test_tokens_are_refused_when_no_provider_is_configured(
    auth_store: GraphStore, rsa_key: SigningKey
) -> None:
    authenticator = Authenticator(load_settings(_env_file=None), ApiKeyRepository(auth_store))
    assert not authenticator.accepts_tokens
    with pytest.raises(AuthenticationError, match="accepts API keys only"):
        await authenticator.authenticate(f"Bearer {rsa_key.sign(claims())}")


@pytest.mark.parametrize("header", [None, "", "   "])
async def test_no_credential_is_refused_unless_anonymous_reading_is_allowed(
    auth_store: GraphStore, header: str | None
) -> None:
    keys = ApiKeyRepository(auth_store)
    closed = Authenticator(load_settings(_env_file=None), keys)
    with pytest.raises(AuthenticationError, match="authentication is required: send 'Author"):
        await closed.authenticate(header)
    open_ = Authenticator(load_settings(_env_file=None, allow_anonymous_read=True), keys)
    principal = await open_.authenticate(header)
    assert principal == ANONYMOUS
    assert (principal.kind, principal.role, principal.visibility) == (
        "anonymous",
        Role.READER,
        PUBLIC,
    )


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("Basic dXNlcjpwYXNzd29yZA==", "uses a scheme this service does not accept"),
        ("Bearer", "holds no credential"),
        ("Bearer    ", "holds no credential"),
        ("lgs_ABCDEFGHIJKL_" + "s" * 43, "uses a scheme this service does not accept"),
    ],
)
async def test_a_malformed_header_says_what_to_send(
    auth_store: GraphStore, header: str, problem: str
) -> None:
    authenticator = Authenticator(
        load_settings(_env_file=None, allow_anonymous_read=True), ApiKeyRepository(auth_store)
    )
    with pytest.raises(AuthenticationError) as refused:
        await authenticator.authenticate(header)
    assert problem in refused.value.message
    assert "Authorization: Bearer <API key or token>" in refused.value.message
    assert "dXNlcjpw" not in refused.value.message
    assert "ssssssss" not in refused.value.message


async def test_a_bad_credential_is_refused_even_when_anonymous_reading_is_allowed(
    auth_store: GraphStore,
) -> None:
    authenticator = Authenticator(
        load_settings(_env_file=None, allow_anonymous_read=True), ApiKeyRepository(auth_store)
    )
    with pytest.raises(AuthenticationError, match="not valid"):
        await authenticator.authenticate("Bearer lgs_ABCDEFGHIJKL_" + "s" * 43)
