"""Runs Neo4j's own Cypher analyser (tools/cypher-lint) over statements.

The analyser takes about a tenth of a second per statement, so callers lint a set of
statements once with `lint` and then judge the diagnostics as often as they need.
"""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
LINTER = REPO / "tools" / "cypher-lint"
# Without a parameter map the analyser flags every $parameter; parameters are checked
# against each statement's header instead.
UNDECLARED_PARAMETER = re.compile(r"^Parameter \$\w+ is not defined\.?$")


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
