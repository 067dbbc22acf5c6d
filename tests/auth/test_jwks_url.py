"""Keys fetched from the identity provider's URL: cached, fetched again for a new kid (at most
once a minute), and a provider that cannot be reached is a clear refusal.

The provider is a real HTTP server on the loopback address (the settings insist on https for
the service; the fetching itself is the same).
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from graph_service.auth.tokens import JwksUrl, TokenVerifier
from graph_service.domain.access import Role
from graph_service.errors import AuthenticationError, IdentityProviderUnavailableError
from tests.auth.conftest import AUDIENCE, ISSUER, SigningKey, claims
from tests.falkordb_server import free_port


class Provider:
    """Serves a JSON Web Key Set and counts how often it was fetched."""

    def __init__(self) -> None:
        self.jwks: dict[str, Any] = {"keys": []}
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.fetches += 1
                body = json.dumps(provider.jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks"

    def publish(self, *keys: SigningKey) -> None:
        self.jwks = {"keys": [key.public_jwk() for key in keys]}


@pytest.fixture
def provider() -> Iterator[Provider]:
    serving = Provider()
    thread = threading.Thread(target=serving.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield serving
    finally:
        serving.server.shutdown()
        serving.server.server_close()


def _verifier(url: str) -> TokenVerifier:
    return TokenVerifier(
        keys=JwksUrl(url), issuer=ISSUER, audience=AUDIENCE, algorithms=("RS256", "ES256")
    )


async def test_keys_are_fetched_once_then_again_only_for_a_new_kid(
    provider: Provider, rsa_key: SigningKey, ec_key: SigningKey
) -> None:
    provider.publish(rsa_key)
    verifier = _verifier(provider.url)
    for _ in range(3):
        assert (await verifier.verify(rsa_key.sign(claims()))).role == Role.ANALYST
    assert provider.fetches == 1
    # The provider rotates in a new key: a token naming it makes the service fetch again.
    provider.publish(rsa_key, ec_key)
    assert (await verifier.verify(ec_key.sign(claims()))).role == Role.ANALYST
    assert provider.fetches == 2
    # Unknown kids do not turn into a fetch each.
    for n in range(5):
        with pytest.raises(AuthenticationError, match="does not publish"):
            await verifier.verify(rsa_key.sign(claims(), kid=f"unknown-{n}"))
    assert provider.fetches == 2


async def test_an_unreachable_provider_is_a_clear_refusal(rsa_key: SigningKey) -> None:
    verifier = _verifier(f"http://127.0.0.1:{free_port()}/jwks")
    with pytest.raises(
        IdentityProviderUnavailableError, match="could not fetch its identity provider's"
    ):
        await verifier.verify(rsa_key.sign(claims()))


async def test_the_last_keys_fetched_still_hold_while_the_provider_is_down(
    provider: Provider, rsa_key: SigningKey
) -> None:
    provider.publish(rsa_key)
    keys = JwksUrl(provider.url)
    verifier = TokenVerifier(
        keys=keys, issuer=ISSUER, audience=AUDIENCE, algorithms=("RS256", "ES256")
    )
    assert (await verifier.verify(rsa_key.sign(claims()))).role == Role.ANALYST
    provider.server.shutdown()
    provider.server.server_close()
    keys._client.jwk_set_cache = None  # the cache has expired: the next check fetches again
    assert (await verifier.verify(rsa_key.sign(claims()))).role == Role.ANALYST
