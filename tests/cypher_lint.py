"""Runs Neo4j's own Cypher analyser (tools/cypher-lint) over statements.

The analyser takes about a tenth of a second per statement, so callers lint a set of
statements once and then judge the diagnostics as often as they need.
"""

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
LINTER = REPO / "tools" / "cypher-lint"
# Without a parameter map the analyser flags every $parameter; parameters are checked
# against each statement's header instead.
UNDECLARED_PARAMETER = re.compile(r"^Parameter \$\w+ is not defined\.?$")
LINT_CACHE_KEY = "cypher-lint/neo4j-diagnostics"


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    message: str
    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    where: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


def lint(statements: dict[str, str]) -> dict[str, list[Diagnostic]]:
    """Diagnostics per statement name, straight from the analyser, in one Node.js run."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is required for the Cypher lint (install Node.js 20+)")
    if not (LINTER / "node_modules").is_dir():
        raise RuntimeError("run `make test` (or `npm ci` in tools/cypher-lint) first")
    payload = json.dumps([{"name": n, "text": t} for n, t in statements.items()])
    done = subprocess.run(
        [node, str(LINTER / "lint.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the Cypher analyser failed: {done.stderr}")
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return {item["name"]: [Diagnostic(**found) for found in item["diagnostics"]] for item in report}


def analyser_version() -> str:
    """Changes whenever the analyser's release or the way it is called changes."""
    digest = hashlib.sha256()
    for part in ("package-lock.json", "lint.mjs"):
        digest.update((LINTER / part).read_bytes())
    return digest.hexdigest()


def lint_unless_known(
    statements: dict[str, str], cache: pytest.Cache | None, key: str = LINT_CACHE_KEY
) -> dict[str, list[Diagnostic]]:
    """Like `lint`, but a text the same analyser already judged is not sent to it again.

    The diagnostics depend only on a statement's text and the analyser, so pytest's cache keeps
    them by text across runs; an edit re-lints the statements it changed. Without the cache
    (``-p no:cacheprovider``), or after ``--cache-clear``, every statement is linted.
    """
    if cache is None:
        return lint(statements)

    def text_key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    version = analyser_version()
    saved = cache.get(key, {})
    known: dict[str, list[dict[str, Any]]] = (
        saved.get("diagnostics", {}) if saved.get("analyser") == version else {}
    )
    unknown = {name: text for name, text in statements.items() if text_key(text) not in known}
    for name, diagnostics in (lint(unknown) if unknown else {}).items():
        known[text_key(statements[name])] = [asdict(found) for found in diagnostics]
    current = {text_key(text) for text in statements.values()}
    kept = {key: found for key, found in known.items() if key in current}
    cache.set(key, {"analyser": version, "diagnostics": kept})
    return {
        name: [Diagnostic(**found) for found in known[text_key(text)]]
        for name, text in statements.items()
    }


def _allowed(name: str, diagnostic: Diagnostic, allowed: dict[str, list[str]]) -> bool:
    return diagnostic.severity == "warning" and any(
        fragment in diagnostic.message for fragment in allowed.get(name, [])
    )


def problems(
    diagnostics: dict[str, list[Diagnostic]], allowed: dict[str, list[str]] | None = None
) -> list[Problem]:
    """Errors (other than undeclared parameters) and warnings not on the allow-list."""
    allowed = allowed or {}
    found = []
    for name, reported in diagnostics.items():
        for diagnostic in reported:
            if diagnostic.severity == "error" and UNDECLARED_PARAMETER.match(diagnostic.message):
                continue
            if _allowed(name, diagnostic, allowed):
                continue
            where = f"{name}:{diagnostic.line}:{diagnostic.column}"
            found.append(Problem(where, diagnostic.severity, diagnostic.message))
    return found


def unneeded_allowances(
    diagnostics: dict[str, list[Diagnostic]], allowed: dict[str, list[str]]
) -> list[str]:
    """Allow-list entries that no warning matches any more, as ``file: warning``.

    An entry outlives its warning when the statement is rewritten; left in place, it would
    let the same warning back in unnoticed.
    """
    return [
        f"{name}: {fragment}"
        for name, fragments in allowed.items()
        for fragment in fragments
        if not any(_allowed(name, d, {name: [fragment]}) for d in diagnostics.get(name, []))
    ]


def allow_list(path: Path) -> dict[str, list[str]]:
    """``{statement: [warning text, ...]}``; each entry in the file must give a reason."""
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed: dict[str, list[str]] = {}
    for entry in entries:
        if not entry.get("reason"):
            raise ValueError(f"{path}: allow-list entry for {entry.get('file')} needs a reason")
        allowed.setdefault(entry["file"], []).append(entry["warning"])
    return allowed
