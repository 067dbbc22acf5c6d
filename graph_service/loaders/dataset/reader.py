"""Reads a dataset folder or ``.zip`` into raw rows, each with its file and line number.

Nothing is interpreted here beyond the container rules of the import format: which files
exist, CSV versus JSON Lines, headers, encodings. Problems are collected, not raised one by
one, so that a user sees every one of them in a single run.
"""

import csv
import difflib
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from graph_service.errors import DatasetError
from graph_service.loaders.dataset.problems import Problem
from graph_service.loaders.dataset.schema import FILES, SCORE_PREFIX, Entity

METADATA_FILE = "dataset.yaml"
_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")
# feed_cursor: where an export left the change feed (the loader does not use it).
_METADATA_KEYS = {
    "name",
    "description",
    "source",
    "format_version",
    "extra_fields_ok",
    "feed_cursor",
}


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, Any]


@dataclass
class RawFile:
    entity: Entity
    name: str
    sha256: str
    rows: list[RawRow] = field(default_factory=list)


@dataclass
class RawDataset:
    source: str
    name: str
    description: str
    files: dict[str, RawFile]
    problems: list[Problem]


class _Container:
    """A folder or a zip file, seen as a flat set of named files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._names: dict[str, str] = {}
        self.clashes: list[str] = []
        if path.is_dir():
            self._names = {p.name: p.name for p in path.iterdir() if p.is_file()}
        else:
            self._zip = zipfile.ZipFile(path)
            members = [m for m in self._zip.namelist() if not m.endswith("/")]
            # Accept both a zip of the files and a zip of one folder holding them.
            for member in members:
                parts = PurePosixPath(member).parts
                if len(parts) == 1 or (len(parts) == 2 and not parts[0].startswith("__")):
                    if parts[-1] in self._names:
                        self.clashes.append(parts[-1])
                    self._names.setdefault(parts[-1], member)

    def names(self) -> set[str]:
        return set(self._names)

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(self._names[name])
        return (self.path / name).read_bytes()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def check_source(path: Path) -> None:
    """Refuse a path that cannot hold a dataset at all, before anything else is done."""
    if not path.exists():
        raise DatasetError(f"{path}: no such folder or .zip file")
    if not path.is_dir() and not zipfile.is_zipfile(path):
        raise DatasetError(f"{path}: a dataset is a folder or a .zip file")


def read_dataset(path: Path) -> RawDataset:
    """Read every file of the dataset at ``path``; problems are listed in the result."""
    check_source(path)
    try:
        container = _Container(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise DatasetError(f"{path}: cannot be read: {exc}") from exc
    try:
        return _read(container)
    finally:
        container.close()


def _read(container: _Container) -> RawDataset:
    problems: list[Problem] = []
    names = container.names()
    for clash in container.clashes:
        problems.append(
            Problem(clash, 0, "", "appears in more than one folder of the zip; keep one")
        )
    metadata = _metadata(container, names, problems)
    extra_ok = set(metadata.get("extra_fields_ok") or [])
    known = {METADATA_FILE}
    files: dict[str, RawFile] = {}
    for entity in FILES:
        csv_name, jsonl_name = f"{entity.stem}.csv", f"{entity.stem}.jsonl"
        known |= {csv_name, jsonl_name}
        if csv_name in names and jsonl_name in names:
            problems.append(
                Problem(csv_name, 0, "", f"both {csv_name} and {jsonl_name} exist; keep one")
            )
            continue
        name = csv_name if csv_name in names else jsonl_name if jsonl_name in names else None
        if name is None:
            continue
        data = container.read(name)
        raw = RawFile(entity, name, hashlib.sha256(data).hexdigest())
        reader = _csv_rows if name.endswith(".csv") else _jsonl_rows
        raw.rows = list(reader(entity, name, data, extra_ok, problems))
        files[entity.stem] = raw
    for stray in sorted(names - known):
        if not stray.startswith(".") and stray.lower() not in {"readme.md", "readme.txt"}:
            problems.append(
                Problem(stray, 0, "", "not a file of the import format; remove or rename it")
            )
    if not files and not problems:
        problems.append(Problem(METADATA_FILE, 0, "", "the dataset holds no data file"))
    return RawDataset(
        source=str(container.path),
        name=str(metadata.get("name") or container.path.stem),
        description=str(metadata.get("description") or ""),
        files=files,
        problems=problems,
    )


def _metadata(container: _Container, names: set[str], problems: list[Problem]) -> dict[str, Any]:
    if METADATA_FILE not in names:
        return {}
    text = _decode(METADATA_FILE, container.read(METADATA_FILE), problems)
    if text is None:
        return {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problems.append(_yaml_problem(exc, text))
        return {}
    if not isinstance(loaded, dict) or not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(
            Problem(METADATA_FILE, line, "", "must be a mapping of keys to values, e.g. name: ...")
        )
        return {}
    lines = {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }

    def problem(key: str, message: str) -> None:
        problems.append(Problem(METADATA_FILE, lines.get(key, 0), key, message))

    for key in sorted(set(loaded) - _METADATA_KEYS, key=str):
        problem(str(key), f"unknown key; allowed: {', '.join(sorted(_METADATA_KEYS))}")
    extra = loaded.get("extra_fields_ok")
    if extra is not None and not (
        isinstance(extra, list) and all(isinstance(item, str) for item in extra)
    ):
        problem("extra_fields_ok", "must be a list of field names")
        loaded["extra_fields_ok"] = []
    version = loaded.get("format_version", 1)
    if version != 1:
        problem("format_version", f"{version!r} is not supported; use 1")
    return loaded


def _yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """A YAML syntax error as one problem: the line the parser stopped at, and the key whose
    value it was reading (the construct it was in may have started lines before)."""
    mark = getattr(exc, "problem_mark", None)
    started = getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if context and started is not None:
        what += f" {context} that starts on line {started.line + 1}"
    begun = started if started is not None else mark
    where = begun.line + 1 if begun is not None else 0
    keys = [_TOP_LEVEL_KEY.match(row) for row in text.splitlines()[:where]]
    field_name = next((found[1] for found in reversed(keys) if found), "")
    return Problem(METADATA_FILE, line, field_name, f"not valid YAML: {what}")


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "", "not UTF-8 text; save the file as UTF-8"))
        return None


def _csv_rows(
    entity: Entity, name: str, data: bytes, extra_ok: set[str], problems: list[Problem]
) -> Iterator[RawRow]:
    text = _decode(name, data, problems)
    if text is None:
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, "", "the file is empty; it needs a header row"))
        return
    except csv.Error as exc:
        problems.append(Problem(name, 1, "", f"malformed CSV: {exc}"))
        return
    header = [column.strip() for column in header]
    usable = _check_header(entity, name, header, extra_ok, problems)
    if usable is None:
        return
    line = reader.line_num
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        name, start, "", f"{len(cells)} cells where the header has {len(header)}"
                    )
                )
                continue
            yield RawRow(start, _csv_values(entity, header, usable, cells))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "", f"malformed CSV: {exc}"))


def _csv_values(
    entity: Entity, header: list[str], usable: set[str], cells: list[str]
) -> dict[str, Any]:
    """One CSV row as field values; an empty cell is no value, score_CODE cells form a map."""
    values: dict[str, Any] = {}
    scores: dict[str, str] = {}
    for column, cell in zip(header, cells, strict=True):
        if column not in usable:
            continue
        value = cell.strip() or None
        if entity.scores and column.startswith(SCORE_PREFIX):
            if value is not None:
                scores[column.removeprefix(SCORE_PREFIX)] = value
        elif value is not None:  # an empty cell is no value: the field's default applies
            values[column] = value
    if entity.scores:
        values["scores"] = scores
    return values


def _check_header(
    entity: Entity, name: str, header: list[str], extra_ok: set[str], problems: list[Problem]
) -> set[str] | None:
    columns = entity.columns()
    usable: set[str] = set()
    seen: set[str] = set()
    failed = False
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, "column appears twice"))
            failed = True
        seen.add(column)
        if column in columns or (entity.scores and column.startswith(SCORE_PREFIX)):
            usable.add(column)
        elif column not in extra_ok:
            problems.append(
                Problem(name, 1, column, _unknown_field_message(column, columns, extra=True))
            )
    for required in sorted(entity.required() - seen):
        problems.append(Problem(name, 1, required, "required column is missing"))
        failed = True
    return None if failed else usable


def _jsonl_rows(
    entity: Entity, name: str, data: bytes, extra_ok: set[str], problems: list[Problem]
) -> Iterator[RawRow]:
    text = _decode(name, data, problems)
    if text is None:
        return
    columns = entity.fields()
    # Split on newlines only: JSON strings may hold U+2028 and friends, which splitlines() cuts.
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, number, "", f"not valid JSON: {exc.msg}"))
            continue
        if not isinstance(values, dict):
            problems.append(Problem(name, number, "", "each line must be one JSON object"))
            continue
        for key in [k for k in values if k not in columns]:
            if key not in extra_ok:
                problems.append(Problem(name, number, key, _unknown_field_message(key, columns)))
            del values[key]
        # null is no value, as an empty CSV cell is: the field's default applies.
        yield RawRow(number, {k: v for k, v in values.items() if v is not None})


def _unknown_field_message(field_name: str, known: set[str], *, extra: bool = False) -> str:
    close = difflib.get_close_matches(field_name, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (
        f"unknown {'column' if extra else 'field'}{hint} "
        "(list it under extra_fields_ok in dataset.yaml to ignore it on purpose)"
    )
