"""Profiles of the statements behind a slow field, written under bench/profiles/, so that a
slow figure can be explained: each read statement's plan as it ran, with the rows and the work
of every operator (on Neo4j: db hits, memory, page cache)."""

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from bench.capture import Captured
from bench.raw import RawEngine

PROFILES = Path(__file__).parent / "profiles"


def profile_path(backend: str, reviews: int, field: str) -> Path:
    """bench/profiles/<backend>-<reviews>-<field>.txt, the field's name made fit for a file."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", field).strip("-")
    return PROFILES / f"{backend}-{reviews}-{slug}.txt"


async def write_profile(
    raw: RawEngine, path: Path, *, heading: str, statements: list[Captured]
) -> None:
    """Profile each read of ``statements`` in order and write the plans to ``path``."""
    sections = [heading]
    for number, statement in enumerate(statements, 1):
        if statement.read_only:
            plan = await raw.profile(statement)
        else:
            plan = "(a write: not profiled, as profiling runs the statement)"
        sections.append(
            f"## {number}. {statement.name}\nparameters: {_shown(statement.params)}\n\n{plan}"
        )
    await asyncio.to_thread(_save, path, "\n\n".join(sections) + "\n")


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)


def _shown(params: dict[str, Any], limit: int = 600) -> str:
    """Parameters as JSON, cut to ``limit`` characters (lists of ids would fill pages)."""
    text = json.dumps(params, default=str, sort_keys=True)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"
