"""The statement catalogue: every Cypher statement the service runs, loaded from ``cypher/``.

``cypher/NAME.cypher`` is portable Cypher. ``cypher/<dialect>/NAME.cypher`` overrides it for
one dialect. Each file opens with a comment block: what the statement answers, then a
``Parameters:`` line, a ``Columns:`` line and a ``Visibility:`` line, for example::

    // Lists the review types, ordered by code.
    // Parameters: none
    // Columns: code, name
    // Visibility: public

The visibility line declares how the statement keeps restricted material from callers who
may not see it, and is checked against the statement's text when the catalogue loads:

- ``public``: reads nothing that can be restricted;
- ``review``: filters every item on the caller's visibility (``$includeRestricted``, and
  ``$includeImr`` for IMR assessments), read from the item's review or from the copy written
  in the same write as the review;
- ``derived``: reads figures derived per visibility, guarded so that a reader gets nothing
  while those figures are stale (``DerivedState``); ``derived if $param`` when only that
  parameter makes the statement read them (``derived if $a, $b``: any of them);
- ``parent``: follows a relationship from items the caller was already given (``$ids`` of
  items a filtering statement returned) to items that are never restricted themselves;
- ``role``: serves only roles that see everything (load runs, keys, the audit log);
- ``internal``: loads, derivation and reference data; never serves a caller.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graph_service.errors import CatalogueError
from graph_service.store import visibility_rules

DIALECTS = ("falkordb", "neo4j")

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HEADER_FIELD = re.compile(r"^//\s*(Parameters|Columns|Visibility):\s*(.*)$")


@dataclass(frozen=True)
class Statement:
    """One named Cypher statement, as the chosen dialect will run it."""

    name: str
    text: str
    path: Path
    description: str
    parameters: frozenset[str]
    columns: tuple[str, ...]
    visibility: str
    # For ``derived if $a, $b``: the parameters that make the statement read derived figures.
    derived_when: tuple[str, ...] = ()

    @property
    def reads_derived_figures(self) -> bool:
        return self.visibility == "derived"

    def check_parameters(self, given: Mapping[str, object]) -> None:
        """Refuse a call whose parameters differ from what the statement declares."""
        missing = self.parameters - given.keys()
        unexpected = given.keys() - self.parameters
        if missing or unexpected:
            problems = []
            if missing:
                problems.append("missing " + ", ".join(f"${p}" for p in sorted(missing)))
            if unexpected:
                problems.append("unexpected " + ", ".join(f"${p}" for p in sorted(unexpected)))
            raise CatalogueError(f"statement {self.name!r} called with {'; '.join(problems)}")


def default_root() -> Path:
    """Where the catalogue is: inside the installed package, or at the top of a source tree."""
    packaged = Path(str(resources.files("graph_service"))) / "cypher"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "cypher"


class StatementCatalogue:
    """All statements for one dialect, read once and checked when loaded."""

    def __init__(self, dialect: str, statements: Mapping[str, Statement]) -> None:
        self.dialect = dialect
        self._statements = dict(statements)

    @classmethod
    def load(cls, dialect: str, root: Path | None = None) -> "StatementCatalogue":
        if dialect not in DIALECTS:
            raise CatalogueError(f"unknown Cypher dialect {dialect!r}; expected one of {DIALECTS}")
        root = root or default_root()
        if not root.is_dir():
            raise CatalogueError(f"Cypher statement folder {root} does not exist")
        files = dict(portable_files(root).items())
        files.update(dialect_files(root, dialect))
        return cls(dialect, {name: parse_statement(name, path) for name, path in files.items()})

    def get(self, name: str) -> Statement:
        try:
            return self._statements[name]
        except KeyError:
            raise CatalogueError(
                f"no Cypher statement named {name!r} for dialect {self.dialect}: "
                f"add cypher/{name}.cypher"
            ) from None

    def require(self, names: Iterable[str]) -> None:
        """Fail now, naming every statement that is missing, rather than at first call."""
        missing = sorted(set(names) - self._statements.keys())
        if missing:
            raise CatalogueError(
                f"missing Cypher statements for dialect {self.dialect}: "
                + ", ".join(f"cypher/{name}.cypher" for name in missing)
            )

    def add(self, statement: Statement) -> None:
        """Adds a statement made while running (already parsed, so already checked)."""
        if statement.name in self._statements:
            raise CatalogueError(f"a Cypher statement named {statement.name!r} exists already")
        self._statements[statement.name] = statement

    def remove(self, name: str) -> None:
        """Forgets a statement made while running (one ``add`` put there)."""
        self._statements.pop(name, None)

    def names(self) -> list[str]:
        return sorted(self._statements)

    def __contains__(self, name: object) -> bool:
        return name in self._statements

    def __iter__(self) -> Iterator[Statement]:
        return iter(self._statements[name] for name in self.names())


def portable_files(root: Path) -> dict[str, Path]:
    """Statements every dialect shares, keyed by name (path below ``root``, no suffix)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.cypher")):
        relative = path.relative_to(root)
        if relative.parts[0] in DIALECTS:
            continue
        found[relative.with_suffix("").as_posix()] = path
    return found


def dialect_files(root: Path, dialect: str) -> dict[str, Path]:
    """Overrides for one dialect, keyed by the name of the statement they replace."""
    base = root / dialect
    if not base.is_dir():
        return {}
    return {
        path.relative_to(base).with_suffix("").as_posix(): path
        for path in sorted(base.rglob("*.cypher"))
    }


def parse_statement(name: str, path: Path) -> Statement:
    return parse_text(name, path.read_text(encoding="utf-8"), path)


def parse_text(name: str, text: str, path: Path) -> Statement:
    """A statement from its text, its header and visibility checked; ``path`` names where the
    text came from in errors."""
    description: list[str] = []
    declared: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        field = _HEADER_FIELD.match(stripped)
        if field:
            declared[field.group(1)] = field.group(2).strip()
        else:
            description.append(stripped.removeprefix("//").strip())
    where = f"{path}"
    if not description:
        raise CatalogueError(f"{where}: the opening comment must say what the statement answers")
    for key in ("Parameters", "Columns", "Visibility"):
        if key not in declared:
            raise CatalogueError(f"{where}: the opening comment needs a '// {key}: ...' line")
    parameters = _names(declared["Parameters"], strip="$")
    used = frozenset(_PARAMETER.findall(_without_comments(text)))
    if parameters != used:
        raise CatalogueError(
            f"{where}: '// Parameters:' lists {sorted(parameters) or 'none'} "
            f"but the statement uses {sorted(used) or 'none'}"
        )
    declaration = visibility_rules.check(
        name, where, declared["Visibility"], parameters, _without_comments(text)
    )
    return Statement(
        name=name,
        text=text,
        path=path,
        description=" ".join(description),
        parameters=parameters,
        columns=_listed(declared["Columns"]),
        visibility=declaration.mode,
        derived_when=declaration.derived_when,
    )


def _listed(listed: str, strip: str = "") -> tuple[str, ...]:
    if listed.lower() == "none":
        return ()
    return tuple(part.strip().lstrip(strip) for part in listed.split(",") if part.strip())


def _names(listed: str, strip: str = "") -> frozenset[str]:
    return frozenset(_listed(listed, strip))


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
