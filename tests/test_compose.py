"""docker-compose.yml is valid Compose and wires the stack together as documented.

`config` validates and renders a Compose file without a Docker engine, so these tests run
anywhere a Compose CLI is installed: Debian's `docker-compose` package or the `docker compose`
plugin. Without either they are skipped locally and fail on CI, where they must run.
"""

import ipaddress
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
NEO4J_LAUNCHER_POM = REPO / "tools" / "neo4j-launcher" / "pom.xml"
TIMEOUT_S = 60
# The documented development default, used when NEO4J_PASSWORD is not set.
DEV_PASSWORD = "learning-graph-dev"  # noqa: S105


def _find_compose_cli() -> list[str] | None:
    """The command that runs Compose, or None when there is none."""
    standalone = shutil.which("docker-compose")
    if standalone is not None:
        return [standalone]
    docker = shutil.which("docker")
    if docker is not None:
        probe = subprocess.run(
            [docker, "compose", "version"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    return None


@pytest.fixture(scope="module")
def compose_cli() -> list[str]:
    cli = _find_compose_cli()
    if cli is None:
        message = (
            "no Compose CLI: install docker-compose (e.g. `apt-get install docker-compose`) "
            "or the `docker compose` plugin to check docker-compose.yml"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return cli


def _environment() -> dict[str, str]:
    """This process's environment without NEO4J_PASSWORD, so the file's default applies."""
    return {name: value for name, value in os.environ.items() if name != "NEO4J_PASSWORD"}


def _config(cli: list[str], compose_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cli, "-f", str(compose_file), "config"],
        cwd=REPO,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.fixture(scope="module")
def rendered(compose_cli: list[str]) -> dict[str, Any]:
    """The fully resolved configuration, as Compose itself reads the file."""
    result = _config(compose_cli, COMPOSE_FILE)
    assert result.returncode == 0, f"compose config failed:\n{result.stderr}"
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


def _as_mapping(environment: dict[str, Any] | list[str]) -> dict[str, str]:
    """Environment as a mapping, whichever of the two Compose forms was rendered."""
    if isinstance(environment, dict):
        return {name: str(value) for name, value in environment.items()}
    return dict(entry.split("=", 1) for entry in environment)


def _depends_on(service: dict[str, Any]) -> set[str]:
    depends: dict[str, Any] | list[str] = service.get("depends_on", [])
    return set(depends)


def _volume_sources(service: dict[str, Any]) -> set[str]:
    """Named volumes and host paths a service mounts, from short or long volume syntax."""
    sources: set[str] = set()
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            sources.add(str(volume.get("source", "")))
        else:
            sources.add(str(volume).split(":", 1)[0])
    return sources


def test_compose_file_is_valid(compose_cli: list[str]) -> None:
    result = _config(compose_cli, COMPOSE_FILE)
    assert result.returncode == 0, f"compose config failed:\n{result.stderr}"


def test_api_uses_neo4j_service(rendered: dict[str, Any]) -> None:
    api = rendered["services"]["api"]
    env = _as_mapping(api["environment"])
    assert env["GRAPH_SERVICE_BACKEND"] == "neo4j"
    assert urlsplit(env["GRAPH_SERVICE_NEO4J_URI"]).hostname == "neo4j"
    assert "neo4j" in rendered["services"]
    assert "neo4j" in _depends_on(api)
    assert ipaddress.ip_address(env["GRAPH_SERVICE_HOST"]).is_unspecified
    assert env["GRAPH_SERVICE_PORT"] == "8000"


def test_api_waits_for_loader(rendered: dict[str, Any]) -> None:
    depends = rendered["services"]["api"]["depends_on"]
    assert depends["neo4j"]["condition"] == "service_healthy"
    assert depends["loader"]["condition"] == "service_completed_successfully"


def test_password_is_shared_and_defaults_for_development(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    auth = _as_mapping(services["neo4j"]["environment"])["NEO4J_AUTH"]
    user, _, password = auth.partition("/")
    for name in ("api", "loader"):
        env = _as_mapping(services[name]["environment"])
        assert env["GRAPH_SERVICE_NEO4J_USER"] == user
        assert env["GRAPH_SERVICE_NEO4J_PASSWORD"] == password
    # Compose also reads a .env file in the project folder, which may set the password.
    if not (REPO / ".env").exists():
        assert password == DEV_PASSWORD


def _tested_neo4j_release() -> str:
    """The Neo4j release the test run starts (tools/neo4j-launcher)."""
    pom = ElementTree.parse(NEO4J_LAUNCHER_POM).getroot()  # noqa: S314 (the project's own file)
    maven = {"m": "http://maven.apache.org/POM/4.0.0"}
    release = pom.findtext("m:properties/m:neo4j.version", namespaces=maven)
    assert release, f"{NEO4J_LAUNCHER_POM} names no neo4j.version"
    return release


def test_compose_runs_the_neo4j_release_the_tests_run() -> None:
    # Read as plain YAML, so this holds without a Compose CLI too.
    image = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["neo4j"]["image"]
    assert image == f"neo4j:{_tested_neo4j_release()}-community"


def test_neo4j_has_healthcheck_and_named_volume(rendered: dict[str, Any]) -> None:
    neo4j = rendered["services"]["neo4j"]
    assert neo4j["image"] == f"neo4j:{_tested_neo4j_release()}-community"
    assert neo4j["healthcheck"]["test"], "neo4j needs a healthcheck for depends_on to wait on"
    assert "neo4j-data" in rendered["volumes"]
    assert "neo4j-data" in _volume_sources(neo4j)


def test_loader_runs_db_init(rendered: dict[str, Any]) -> None:
    loader = rendered["services"]["loader"]
    assert loader["command"][-2:] == ["db", "init"]
    assert "neo4j" in _depends_on(loader)
    assert str(loader["restart"]) == "no"


def _break_ports(config: dict[str, Any]) -> None:
    config["services"]["api"]["ports"] = "not-a-list"


def _add_unknown_top_level_key(config: dict[str, Any]) -> None:
    config["not-a-compose-key"] = {"anything": True}


def _write_copy(tmp_path: Path, breakage: Callable[[dict[str, Any]], None] | None) -> Path:
    """The compose file, optionally broken, written to tmp_path with builds still pointing at
    the repository, so the copy differs from the original only by the breakage."""
    config: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    for service in config["services"].values():
        if "build" in service:
            service["build"] = str(REPO)
    if breakage is not None:
        breakage(config)
    copy = tmp_path / "docker-compose.yml"
    copy.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return copy


def test_unbroken_copy_is_valid(compose_cli: list[str], tmp_path: Path) -> None:
    """The control for the test below: copying alone does not make the file invalid."""
    result = _config(compose_cli, _write_copy(tmp_path, None))
    assert result.returncode == 0, f"compose config failed on the copy:\n{result.stderr}"


@pytest.mark.parametrize(
    ("breakage", "culprit"),
    [
        pytest.param(_break_ports, "ports", id="ports-not-a-list"),
        pytest.param(_add_unknown_top_level_key, "not-a-compose-key", id="unknown-top-level-key"),
    ],
)
def test_broken_compose_file_is_rejected(
    compose_cli: list[str],
    tmp_path: Path,
    breakage: Callable[[dict[str, Any]], None],
    culprit: str,
) -> None:
    result = _config(compose_cli, _write_copy(tmp_path, breakage))
    assert result.returncode != 0, f"compose config accepted a broken file:\n{result.stdout}"
    assert culprit in result.stderr, f"rejected for another reason:\n{result.stderr}"
