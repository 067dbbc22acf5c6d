"""Stores with the graph schema, signing keys and a JSON Web Key Set for the access tests."""

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from graph_service.config import Settings, load_settings
from graph_service.store import GRAPH_SCHEMA, GraphStore

ISSUER = "https://login.example.org/realms/police"
AUDIENCE = "learning-graph"


@pytest.fixture
async def auth_store(store: GraphStore) -> GraphStore:
    """An empty graph with the service's constraints and indexes (ApiKey.keyId and so on)."""
    await store.apply_schema(GRAPH_SCHEMA)
    return store


@dataclass(frozen=True)
class SigningKey:
    """A private key the tests sign tokens with, and the kid and algorithm it is published for."""

    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    kid: str
    algorithm: str

    def public_jwk(self) -> dict[str, Any]:
        if isinstance(self.private, rsa.RSAPrivateKey):
            text = RSAAlgorithm.to_jwk(self.private.public_key())
        else:
            text = ECAlgorithm.to_jwk(self.private.public_key())
        jwk: dict[str, Any] = json.loads(text)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": self.algorithm}

    def sign(self, claims: dict[str, Any], **header: Any) -> str:
        return jwt.encode(
            claims, self.private, algorithm=self.algorithm, headers={"kid": self.kid, **header}
        )


@pytest.fixture(scope="session")
def rsa_key() -> SigningKey:
    return SigningKey(rsa.generate_private_key(65537, 2048), "rsa-1", "RS256")


@pytest.fixture(scope="session")
def ec_key() -> SigningKey:
    return SigningKey(ec.generate_private_key(ec.SECP256R1()), "ec-1", "ES256")


@pytest.fixture(scope="session")
def other_rsa_key() -> SigningKey:
    """Not in the key set: signs with the published kid to forge a token."""
    return SigningKey(rsa.generate_private_key(65537, 2048), "rsa-1", "RS256")


def write_jwks(path: Path, *keys: SigningKey) -> Path:
    path.write_text(json.dumps({"keys": [key.public_jwk() for key in keys]}), encoding="utf-8")
    return path


@pytest.fixture
def jwks_file(tmp_path: Path, rsa_key: SigningKey, ec_key: SigningKey) -> Path:
    return write_jwks(tmp_path / "jwks.json", rsa_key, ec_key)


def oidc_settings(jwks: Path, **overrides: Any) -> Settings:
    """Settings that accept tokens of the test issuer, read from nothing but these values."""
    return load_settings(
        _env_file=None,
        oidc_jwks_file=jwks,
        oidc_issuer=ISSUER,
        oidc_audience=AUDIENCE,
        **overrides,
    )


def claims(**overrides: Any) -> dict[str, Any]:
    """A valid claim set for the test issuer, an hour to live, with the analyst role."""
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "alice@example.org",
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "roles": ["analyst"],
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}
