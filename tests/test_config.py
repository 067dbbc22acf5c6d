"""Settings: read once, validated, secrets never shown."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_service.config import Settings, load_settings, redact_url
from graph_service.errors import ConfigError

CLI = [sys.executable, "-m", "graph_service"]


def test_defaults_need_no_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("GRAPH_SERVICE_"):
            monkeypatch.delenv(name)
    settings = load_settings(_env_file=None)
    assert settings.backend == "embedded"
    assert settings.port == 8000
    assert settings.host == "127.0.0.1"
    # Verified keys and reference data are kept briefly: a few seconds, half a minute.
    assert (settings.key_cache_seconds, settings.reference_cache_seconds) == (5, 30)


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_PORT", "9001")
    monkeypatch.setenv("GRAPH_SERVICE_LOG_LEVEL", "DEBUG")
    settings = load_settings(_env_file=None)
    assert (settings.port, settings.log_level) == (9001, "DEBUG")


def test_a_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPH_SERVICE_PORT", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("GRAPH_SERVICE_PORT=9100\n")
    assert load_settings(_env_file=env_file).port == 9100


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "GRAPH_SERVICE_BACKEND",
            "nonsense",
            "GRAPH_SERVICE_BACKEND='nonsense' is invalid: "
            "allowed values are embedded, falkordb, neo4j",
        ),
        (
            "GRAPH_SERVICE_PORT",
            "70000",
            "PORT='70000' is invalid: Input should be less than or equal to 65535",
        ),
        ("GRAPH_SERVICE_LOG_LEVEL", "LOUD", "allowed values are DEBUG, INFO, WARNING, ERROR"),
        ("GRAPH_SERVICE_NEO4J_URI", "http://x", "GRAPH_SERVICE_NEO4J_URI='http://x' is invalid"),
        (
            "GRAPH_SERVICE_KEY_CACHE_SECONDS",
            "300",
            "KEY_CACHE_SECONDS='300' is invalid: Input should be less than or equal to 60",
        ),
        (
            "GRAPH_SERVICE_REFERENCE_CACHE_SECONDS",
            "-1",
            "REFERENCE_CACHE_SECONDS='-1' is invalid: Input should be greater than or equal to 0",
        ),
    ],
)
def test_invalid_values_name_the_variable_and_what_is_allowed(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    assert expected in caught.value.message
    assert "\n" not in caught.value.message


def test_a_backend_without_its_connection_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_BACKEND", "neo4j")
    monkeypatch.setenv("GRAPH_SERVICE_NEO4J_URI", "neo4j://db:7687")
    monkeypatch.delenv("GRAPH_SERVICE_NEO4J_PASSWORD", raising=False)
    with pytest.raises(ConfigError, match="GRAPH_SERVICE_NEO4J_PASSWORD is required"):
        load_settings(_env_file=None)


def test_secrets_are_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(
        backend="neo4j",
        neo4j_uri="neo4j://db:7687",
        neo4j_password="hunter2",
        falkordb_url="redis://user:s3cret@cache:6379",
        _env_file=None,
    )
    shown = settings.describe()
    assert "hunter2" not in str(shown)
    assert "hunter2" not in repr(settings)
    assert "s3cret" not in str(shown)
    assert "s3cret" not in repr(settings)
    assert shown["falkordb_url"] == "redis://user:***@cache:6379"


def test_secret_values_are_not_echoed_in_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_FALKORDB_URL", "x" * 5)
    monkeypatch.setenv("GRAPH_SERVICE_BACKEND", "falkordb")
    monkeypatch.setenv("GRAPH_SERVICE_QUERY_TIMEOUT_MS", "1")
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    assert "xxxxx" not in caught.value.message


def test_redact_url_leaves_urls_without_passwords_alone() -> None:
    assert redact_url("redis://cache:6379") == "redis://cache:6379"


def test_the_cli_exits_2_with_one_line_for_a_bad_value(tmp_path: Path) -> None:
    env = {**os.environ, "GRAPH_SERVICE_BACKEND": "nonsense"}
    done = subprocess.run(
        [*CLI, "serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "error: GRAPH_SERVICE_BACKEND='nonsense' is invalid: "
        "allowed values are embedded, falkordb, neo4j"
    ]


def test_credentials_never_appear_in_uri_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_NEO4J_URI", "https://neo4j:hunter2@db:7687")
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    assert "hunter2" not in caught.value.message
    assert "use a neo4j://" in caught.value.message
    monkeypatch.setenv("GRAPH_SERVICE_NEO4J_URI", "neo4j://neo4j:hunter2@db:7687")
    with pytest.raises(ConfigError, match="must not hold credentials") as caught:
        load_settings(_env_file=None)
    assert "hunter2" not in caught.value.message


@pytest.mark.parametrize("password", ["ab#cd", "a/b?c", "p@ss:word"])
def test_odd_passwords_are_still_redacted(password: str) -> None:
    assert password not in redact_url(f"redis://user:{password}@cache:6379")
    assert redact_url(f"redis://user:{password}@cache:6379").endswith("@cache:6379")


def test_cors_origins_are_read_as_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "GRAPH_SERVICE_CORS_ORIGINS", "https://analysis.example.org, http://localhost:3000"
    )
    settings = load_settings(_env_file=None)
    assert settings.cors_origins == ("https://analysis.example.org", "http://localhost:3000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("*", "'*' would let any web page read answers"),
        ("https://example.org/path", "is not an origin; write scheme://host[:port], no path"),
        ("example.org", "is not an origin"),
    ],
)
def test_cors_origins_must_be_origins(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_CORS_ORIGINS", value)
    with pytest.raises(ConfigError, match="GRAPH_SERVICE_CORS_ORIGINS") as refused:
        load_settings(_env_file=None)
    assert expected in refused.value.message


def test_a_body_limit_below_a_kilobyte_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_MAX_BODY_BYTES", "10")
    with pytest.raises(ConfigError, match="GRAPH_SERVICE_MAX_BODY_BYTES='10' is invalid"):
        load_settings(_env_file=None)
