"""Where the command line writes: messages, progress and summaries on standard error; what a
user asked to see (tables, JSON, a new key) on standard output."""

from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
out = Console()


def warn(message: str) -> None:
    """A warning line: the command goes on."""
    err.print(f"warning: {message}", style="yellow", markup=False, highlight=False)


def shown_time(timestamp: str) -> str:
    """``2026-05-04T10:11:12.345678Z`` as ``2026-05-04 10:11:12``."""
    return timestamp[:19].replace("T", " ")
