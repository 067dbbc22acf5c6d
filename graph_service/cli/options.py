"""Options several commands share."""

from pathlib import Path
from typing import Annotated

import typer

# Commands that write take turns with every other writer of the graph: by default they refuse
# at once, naming the one that writes; with --wait they wait for it that long.
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        metavar="SECONDS",
        help="If another load, refresh or reference load is writing, wait this long for it "
        "to finish instead of refusing at once.",
    ),
]


def new_file(path: Path | None) -> Path | None:
    """A file to write: its folder must exist, so the work is not lost at the end."""
    if path is not None and not path.parent.is_dir():
        raise typer.BadParameter(f"{path.parent}: no such folder; create it or name another")
    if path is not None and path.is_dir():
        raise typer.BadParameter(f"{path} is a folder; name a file")
    return path
