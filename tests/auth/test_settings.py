"""The access settings: validated at start-up, one line naming the variable."""

from pathlib import Path

import pytest

from graph_service.config import load_settings
from graph_service.errors import ConfigError


def test_defaults_accept_no_tokens_and_no_anonymous_callers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("ALLOW_ANONYMOUS_READ", "OIDC_JWKS_URL", "OIDC_JWKS_FILE", "OIDC_ALGORITHMS"):
        monkeypatch.delenv(f"GRAPH_SERVICE_{name}", raising=False)
    settings = load_settings(_env_file=None)
    assert not settings.allow_anonymous_read
    assert not settings.oidc_enabled
    assert settings.oidc_algorithms == ("RS256", "ES256")
    assert settings.oidc_role_claim == "roles"
    assert settings.oidc_leeway_seconds == 30


def test_settings_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_OIDC_JWKS_URL", "https://login.example.org/certs")
    monkeypatch.setenv("GRAPH_SERVICE_OIDC_ISSUER", "https://login.example.org")
    monkeypatch.setenv("GRAPH_SERVICE_OIDC_AUDIENCE", "learning-graph")
    monkeypatch.setenv("GRAPH_SERVICE_OIDC_ALGORITHMS", "PS256, ES384,PS256")
    monkeypatch.setenv("GRAPH_SERVICE_OIDC_ROLE_CLAIM", "realm_access.roles")
    monkeypatch.setenv("GRAPH_SERVICE_ALLOW_ANONYMOUS_READ", "true")
    settings = load_settings(_env_file=None)
    assert settings.oidc_enabled
    assert settings.oidc_algorithms == ("PS256", "ES384")
    assert settings.oidc_role_claim == "realm_access.roles"
    assert settings.allow_anonymous_read
    assert settings.describe()["oidc_algorithms"] == "PS256,ES384"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"oidc_algorithms": "RS256,HS256"},
            "GRAPH_SERVICE_OIDC_ALGORITHMS='RS256,HS256' is invalid: HS256 not accepted; "
            "allowed values are RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, "
            "EdDSA (never none or HS*)",
        ),
        ({"oidc_algorithms": "none"}, "none not accepted"),
        ({"oidc_algorithms": " , "}, "name at least one algorithm"),
        (
            {"oidc_jwks_url": "http://login.example.org/certs"},
            "GRAPH_SERVICE_OIDC_JWKS_URL='http://login.example.org/certs' is invalid: "
            "use an https:// URL",
        ),
        (
            {"oidc_jwks_url": "https://a/certs", "oidc_jwks_file": "jwks.json"},
            "set GRAPH_SERVICE_OIDC_JWKS_URL or GRAPH_SERVICE_OIDC_JWKS_FILE, not both",
        ),
        (
            {"oidc_jwks_url": "https://a/certs", "oidc_audience": "x"},
            "GRAPH_SERVICE_OIDC_ISSUER is required when GRAPH_SERVICE_OIDC_JWKS_URL or",
        ),
        (
            {"oidc_jwks_file": "jwks.json", "oidc_issuer": "https://a"},
            "GRAPH_SERVICE_OIDC_AUDIENCE is required when",
        ),
        (
            {"oidc_issuer": "https://a", "oidc_audience": "x"},
            "GRAPH_SERVICE_OIDC_ISSUER is set but no key set is",
        ),
        ({"oidc_leeway_seconds": "-1"}, "GRAPH_SERVICE_OIDC_LEEWAY_SECONDS='-1' is invalid"),
        ({"oidc_role_claim": "two words"}, "GRAPH_SERVICE_OIDC_ROLE_CLAIM='two words'"),
    ],
)
def test_invalid_access_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str], expected: str
) -> None:
    for name, value in values.items():
        monkeypatch.setenv(f"GRAPH_SERVICE_{name.upper()}", value)
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None)
    assert expected in refused.value.message
