"""The one way the command line fails, whatever the command: a single ``error: ...`` line on
standard error saying what was wrong and how to put it right, exit code 2 for a usage or
setting mistake and 1 for anything else."""

import sys

import typer

# Typer carries its own copy of click; its exceptions are the ones raised.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from graph_service.errors import ConfigError, GraphServiceError, WriterBusyError

PROG_NAME = "graph-service"
USAGE_EXIT = 2
FAILURE_EXIT = 1


def run(app: typer.Typer, args: list[str] | None = None) -> int:
    """Run the command line ``args`` (default: the process's) and return its exit code."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name=PROG_NAME, standalone_mode=False)
    except NoArgsIsHelpError as exc:  # a bare group: show what it offers
        sys.stdout.write(exc.format_message() + "\n")
        return 0
    except UsageError as exc:
        return _fail(usage_message(exc), USAGE_EXIT)
    except ClickException as exc:
        return _fail(_sentence(exc.format_message()), FAILURE_EXIT)
    except typer.Abort:
        return _fail("interrupted", FAILURE_EXIT)
    except WriterBusyError as exc:
        return _fail(f"{exc.message} (or pass --wait SECONDS to wait for it)", FAILURE_EXIT)
    except GraphServiceError as exc:
        return _fail(exc.message, USAGE_EXIT if isinstance(exc, ConfigError) else FAILURE_EXIT)
    except OSError as exc:  # a file the user named cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}", FAILURE_EXIT)
    # Without standalone mode, click hands back the code of an exit a command asked for.
    return result if isinstance(result, int) else 0


def usage_message(exc: UsageError) -> str:
    """Click's account of a usage mistake as one line, pointing at the command's help."""
    message = _sentence(exc.format_message())
    if exc.ctx is not None:
        message += f" (see '{exc.ctx.command_path} --help')"
    return message


def _sentence(text: str) -> str:
    """One line, starting in lower case as every ``error:`` line does, without a final stop."""
    # Typer checks values with pydantic, whose messages may start "Value error, ".
    line = " ".join(text.split()).rstrip(".").replace("Value error, ", "")
    line = line.replace(": Input should", ": input should")
    if len(line) > 1 and line[0].isupper() and line[1].islower():
        line = line[0].lower() + line[1:]
    return line


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"error: {message}\n")
    return code
