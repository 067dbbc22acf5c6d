"""The graph as the CSV files ``neo4j-admin database import full`` reads (Neo4j 5).

Header rules: https://neo4j.com/docs/operations-manual/current/tools/neo4j-admin/neo4j-admin-import/
(a ``name:ID(Group)`` column, typed properties ``name:boolean|int|double|string[]``, a ``:LABEL``
column; relationships ``:START_ID(Group),:END_ID(Group),:TYPE`` and their properties). Each
node label is its own ID group, so ids need only be unique within a label.

The files, in the order they are written: ``README.txt``; ``nodes/<Label>.csv`` per entity,
streamed as its rows arrive; ``nodes/<Label>.csv`` per taxonomy, holding the codes rows named;
``relationships/<TYPE>-<Start>-<End>.csv``; ``import-args.txt``, the arguments to pass
(``neo4j-admin database import full @import-args.txt DATABASE``), and ``import.sh``, which
passes them. Rows of every relationship type arrive mixed, and a file is written whole before
the next: relationships wait in temporary files, deleted once written, so memory holds one
batch of rows, the taxonomy codes named and the exported agencies' ids.
"""

import tempfile
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from graph_service.exchange.archive import Members
from graph_service.exchange.dataset import Batches, ExportDescription
from graph_service.exchange.elements import (
    EXTRA_LABELS,
    Property,
    Relationship,
    RowReader,
    node_properties,
    relationship_properties,
    taxonomy_label,
)
from graph_service.exchange.links import KINDS, TAXONOMIES
from graph_service.loaders.dataset.schema import BY_STEM

ARRAY_DELIMITER = ";"
ARGUMENTS_FILE = "import-args.txt"
ARRAY_OPTION = f"--array-delimiter={ARRAY_DELIMITER}"
# Only when some text runs over several lines: the importer reads slower with it.
MULTILINE_OPTION = "--multiline-fields=true"
ENTITY_ID, CODE = "id", "code"
_SPOOL_READ = 1 << 20  # characters read back from a temporary file at a time


@dataclass(frozen=True)
class _RelationshipFile:
    type: str
    start: str  # the start node's label, its ID group
    end: str

    @property
    def name(self) -> str:
        return f"relationships/{self.type}-{self.start}-{self.end}.csv"

    def header(self) -> str:
        columns = [f":START_ID({self.start})", f":END_ID({self.end})", ":TYPE"]
        columns += [_column(p) for p in relationship_properties().get(self.type, ())]
        return _line(columns)


async def neo4j_csv_members(batches: Batches, about: ExportDescription) -> Members:
    """The files of an import, each written whole before the next."""
    yield "README.txt", _readme(about).encode()
    reader = RowReader()
    codes: dict[str, set[str]] = {}
    node_files: list[str] = []
    multiline = False
    with _Spools() as spools:
        current: str | None = None
        async for stem, rows in batches:
            if not rows:
                continue
            lines = [_node_line(stem, reader.node(stem, row).key, row) for row in rows]
            if stem != current:
                current = stem
                node_files.append(_node_file(KINDS[stem].label))
                lines.insert(0, _node_header(stem))
            text = "".join(lines)
            multiline = multiline or _spans_lines(text, len(lines))
            yield node_files[-1], text.encode()
            for row in rows:
                for relationship in reader.relationships(stem, row):
                    spools.add(relationship)
                    for end in (relationship.start, relationship.end):
                        if end.taxonomy is not None:
                            codes.setdefault(end.taxonomy, set()).add(end.key)
        for taxonomy in TAXONOMIES:
            if named := codes.get(taxonomy):
                node_files.append(_node_file(taxonomy_label(taxonomy)))
                text = _code_nodes(taxonomy, named)
                multiline = multiline or _spans_lines(text, len(named) + 1)
                yield node_files[-1], text.encode()
        relationship_files: list[str] = []
        async for name, chunk in spools.members():
            if not relationship_files or relationship_files[-1] != name:
                relationship_files.append(name)
            yield name, chunk
        multiline = multiline or spools.multiline
    arguments = import_arguments(node_files, relationship_files, multiline=multiline)
    yield ARGUMENTS_FILE, arguments.encode()
    yield "import.sh", _IMPORT_SCRIPT.encode()


def import_arguments(
    node_files: Iterable[str], relationship_files: Iterable[str], *, multiline: bool
) -> str:
    """``import-args.txt``: one argument a line, paths relative to the export's folder."""
    arguments = [f"--nodes={name}" for name in node_files]
    arguments += [f"--relationships={name}" for name in relationship_files]
    arguments.append(ARRAY_OPTION)
    if multiline:
        arguments.append(MULTILINE_OPTION)
    return "".join(f"{argument}\n" for argument in arguments)


def node_columns(stem: str) -> tuple[Property, ...]:
    """A node file's property columns: the row's fields, but for an entity keyed by one field
    that field, which the id column holds."""
    key = BY_STEM[stem].key
    single_key = key[0] if len(key) == 1 else None
    return tuple(p for p in node_properties(stem) if p.name != single_key)


def _node_file(label: str) -> str:
    return f"nodes/{label}.csv"


def _node_header(stem: str) -> str:
    label = KINDS[stem].label
    columns = [f"{ENTITY_ID}:ID({label})", *(_column(p) for p in node_columns(stem)), ":LABEL"]
    return _line(columns)


def _node_line(stem: str, key: str, row: Mapping[str, Any]) -> str:
    cells = [_cell(key)]
    cells += [_cell(row.get(p.name), p) for p in node_columns(stem)]
    cells.append(_cell(KINDS[stem].label))
    return ",".join(cells) + "\n"


def _code_nodes(taxonomy: str, codes: set[str]) -> str:
    label = taxonomy_label(taxonomy)
    labels = ARRAY_DELIMITER.join((label, *EXTRA_LABELS.get(taxonomy, ())))
    lines = [_line([f"{CODE}:ID({label})", ":LABEL"])]
    lines += [f"{_cell(code)},{_cell(labels)}\n" for code in sorted(codes)]
    return "".join(lines)


def _column(declared: Property) -> str:
    if declared.is_list:
        return f"{declared.name}:string[]"
    if declared.type == "string":
        return declared.name
    return f"{declared.name}:{declared.type}"


def _line(columns: Iterable[str]) -> str:
    return ",".join(columns) + "\n"


def _spans_lines(text: str, lines: int) -> bool:
    """Whether ``lines`` CSV lines hold a line end inside a field."""
    return text.count("\n") > lines or "\r" in text


def _cell(value: Any, declared: Property | None = None) -> str:
    """One CSV field. Text is always quoted, a quote doubled, so that commas, line ends and
    leading spaces are kept; an absent value is an empty, unquoted field, which sets nothing."""
    if value is None or value == []:
        return ""
    if declared is not None and not declared.is_list:
        if declared.type == "boolean":
            return "true" if value else "false"
        if declared.type == "int":
            return str(int(value))
        if declared.type == "double":
            return repr(float(value))
    if declared is not None and declared.is_list:
        value = ARRAY_DELIMITER.join(str(item) for item in value)
    return '"' + str(value).replace('"', '""') + '"'


class _Spools:
    """Relationship rows in temporary files, one per relationship file, deleted on leaving."""

    def __init__(self) -> None:
        self._files: dict[_RelationshipFile, IO[str]] = {}
        self.multiline = False

    def __enter__(self) -> "_Spools":
        return self

    def __exit__(self, *_: object) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()

    def add(self, relationship: Relationship) -> None:
        file = _RelationshipFile(
            relationship.type, relationship.start.label, relationship.end.label
        )
        handle = self._files.get(file)
        if handle is None:
            # Unnamed: the file is gone from the folder at once, its space freed when closed
            # (on leaving the block that holds the spools).
            handle = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            handle.write(file.header())
            self._files[file] = handle
        declared = relationship_properties().get(relationship.type, ())
        cells = [_cell(relationship.start.key), _cell(relationship.end.key), _cell(file.type)]
        cells += [_cell(relationship.properties.get(p.name), p) for p in declared]
        line = ",".join(cells) + "\n"
        self.multiline = self.multiline or _spans_lines(line, 1)
        handle.write(line)

    async def members(self) -> AsyncIterator[tuple[str, bytes]]:
        for file in sorted(self._files, key=lambda f: f.name):
            handle = self._files[file]
            handle.seek(0)
            while chunk := handle.read(_SPOOL_READ):
                yield file.name, chunk.encode()
            handle.close()


def _readme(about: ExportDescription) -> str:
    return (
        f"{about.name}\n{about.description}\nsource: {about.source}\n\n"
        "CSV files for Neo4j's bulk importer (Neo4j 5). Into a new database, Neo4j stopped:\n\n"
        f"    neo4j-admin database import full @{ARGUMENTS_FILE} DATABASE\n\n"
        f"run in this folder (or: sh import.sh DATABASE). {ARGUMENTS_FILE} lists every file and "
        f"the options they need (arrays separated by '{ARRAY_DELIMITER}', and text over several "
        "lines if any). Each label is its own ID group: nodes/<Label>.csv holds nodes with that "
        "label, relationships/<TYPE>-<Start>-<End>.csv the relationships of that type between "
        "them.\n"
    )


_IMPORT_SCRIPT = f"""#!/bin/sh
# Imports these files into a new Neo4j database with neo4j-admin (Neo4j 5), Neo4j stopped:
#   sh import.sh [DATABASE [OPTION...]]     DATABASE defaults to neo4j;
# add --overwrite-destination to replace a database that exists.
set -eu
cd "$(dirname "$0")"
database="${{1:-neo4j}}"
if [ "$#" -gt 0 ]; then shift; fi
exec neo4j-admin database import full @{ARGUMENTS_FILE} "$@" "$database"
"""
