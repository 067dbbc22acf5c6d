"""The settings a command runs with: read once, when the command first needs them.

Reading them at start-up would cost every command, ``--help`` and usage mistakes included,
the import of the settings machinery; commands that need no settings never read them.
"""

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from graph_service.config import Settings


def settings(ctx: typer.Context) -> "Settings":
    """The settings, read and logging configured on first use, then kept for the run."""
    root = ctx.find_root()
    if root.obj is None:
        from graph_service.config import load_settings
        from graph_service.logs import configure_logging

        loaded = load_settings()
        configure_logging(loaded)
        root.obj = loaded
    read: Settings = root.obj
    return read
