"""Reference taxonomies shipped as YAML under ``graph_service/loaders/reference/``, validated
and loaded.

Each file holds one taxonomy: ``taxonomy``, ``version``, ``title``, ``description`` and a list
of ``entries``, each with at least a code, a name, a definition and its source.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph_service.domain.vocabulary import ForceCountry, ForceKind, Jurisdiction, ReviewTypeStatus
from graph_service.errors import ReferenceDataError
from graph_service.repository import ReferenceRepository
from graph_service.repository.reference import RETIRABLE

REFERENCE_DIR = Path(__file__).parent / "reference"

_CODE = r"^[A-Z][A-Z0-9_]*$"
_FORCE_CODE = r"^[a-z][a-z0-9-]*$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
SCORE_MAX = 3  # IMR criteria are scored 0 (absent) to 3 (fully meets the standard)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    source: str = Field(pattern=r"^https?://\S+$")
    note: str | None = None


class ReviewTypeEntry(_Entry):
    code: str = Field(pattern=_CODE)
    jurisdiction: Jurisdiction
    statute: str | None = None
    status: ReviewTypeStatus
    replaces: list[str] = []
    replaced_by: list[str] = []
    valid_from: str | None = Field(default=None, alias="from", pattern=_DATE)
    valid_until: str | None = Field(default=None, alias="until", pattern=_DATE)


class ForceEntry(_Entry):
    code: str = Field(pattern=_FORCE_CODE)
    listed_name: str | None = None
    country: ForceCountry
    kind: ForceKind


class ThemeEntry(_Entry):
    code: str = Field(pattern=_CODE)


class PerennialIssueEntry(_Entry):
    code: str = Field(pattern=_CODE)
    theme: str = Field(pattern=_CODE)
    provisional: bool = False


class StrandEntry(_Entry):
    code: str = Field(pattern=_CODE)
    provisional: bool = False


class SystemsFactorEntry(StrandEntry):
    level: str = Field(pattern=r"^[a-z][a-z_]*$")


class ImrCriterionEntry(StrandEntry):
    levels: dict[int, str]

    @field_validator("levels")
    @classmethod
    def _every_score_described(cls, levels: dict[int, str]) -> dict[int, str]:
        if sorted(levels) != list(range(SCORE_MAX + 1)):
            raise ValueError(f"needs exactly the scores 0 to {SCORE_MAX}, each described")
        return levels


class AgencySectorEntry(StrandEntry):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")


class CrosswalkEntry(BaseModel):
    """An old code of a previous version and the code(s) that replace it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    old: str = Field(alias="from", min_length=1)
    new: list[str] = Field(alias="to", min_length=1)
    note: str | None = None

    @field_validator("new", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    taxonomy: str
    version: str = Field(min_length=1)
    title: str
    description: str
    provisional: bool = False
    scale: dict[str, int] | None = None
    entries: list[dict[str, Any]] = Field(min_length=1)
    crosswalk: list[dict[str, Any]] = []


@dataclass(frozen=True)
class Taxonomy:
    """One validated taxonomy file, as rows ready for its upsert statement."""

    name: str
    version: str
    rows: list[dict[str, Any]]
    crosswalk: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class TaxonomyLoad:
    """What loading one taxonomy did."""

    name: str
    version: str
    entries: int
    retired: int
    links_moved: int


def _review_type_row(entry: ReviewTypeEntry) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "definition": entry.definition,
        "jurisdiction": entry.jurisdiction,
        "statute": entry.statute,
        "status": entry.status,
        "replaces": entry.replaces,
        "replacedBy": entry.replaced_by,
        "validFrom": entry.valid_from,
        "validUntil": entry.valid_until,
        "source": entry.source,
        "note": entry.note,
    }


def _force_row(entry: ForceEntry) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "listedName": entry.listed_name,
        "country": entry.country,
        "kind": entry.kind,
        "definition": entry.definition,
        "source": entry.source,
        "note": entry.note,
    }


def _theme_row(entry: _Entry) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "definition": entry.definition,
        "source": entry.source,
    }


def _issue_row(entry: PerennialIssueEntry) -> dict[str, Any]:
    return {**_theme_row(entry), "provisional": entry.provisional, "theme": entry.theme}


def _strand_row(entry: StrandEntry) -> dict[str, Any]:
    return {**_theme_row(entry), "provisional": entry.provisional, "note": entry.note}


def _systems_factor_row(entry: SystemsFactorEntry) -> dict[str, Any]:
    return {**_strand_row(entry), "level": entry.level}


def _imr_criterion_row(entry: ImrCriterionEntry) -> dict[str, Any]:
    # Maps cannot be stored as properties: levels[i] describes a score of i.
    return {**_strand_row(entry), "levels": [entry.levels[i] for i in range(SCORE_MAX + 1)]}


# Load order matters: perennial issues link to themes.
_TAXONOMIES: dict[str, tuple[type[_Entry], Callable[[Any], dict[str, Any]]]] = {
    "review_types": (ReviewTypeEntry, _review_type_row),
    "forces": (ForceEntry, _force_row),
    "themes": (ThemeEntry, _theme_row),
    "perennial_issues": (PerennialIssueEntry, _issue_row),
    "strands": (StrandEntry, _strand_row),
    "systems_factors": (SystemsFactorEntry, _systems_factor_row),
    "imr_criteria": (ImrCriterionEntry, _imr_criterion_row),
    "agency_sectors": (AgencySectorEntry, _strand_row),
}


def read_taxonomy(path: Path) -> Taxonomy:
    """Read and validate one taxonomy file; every problem is reported with its place."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{path}: cannot read: {exc}") from exc
    name = path.stem
    if name not in _TAXONOMIES:
        raise ReferenceDataError(
            f"{path}: unknown taxonomy {name!r}; expected one of {', '.join(_TAXONOMIES)}"
        )
    try:
        document = _File.model_validate(raw)
    except ValidationError as exc:
        raise ReferenceDataError(_describe(path, exc, prefix=())) from None
    if document.taxonomy != name:
        raise ReferenceDataError(f"{path}: taxonomy: is {document.taxonomy!r}, expected {name!r}")
    model, to_row = _TAXONOMIES[name]
    rows, problems, seen = [], [], set()
    for position, entry in enumerate(document.entries):
        try:
            parsed = model.model_validate(entry)
        except ValidationError as exc:
            problems.append(_describe(path, exc, prefix=("entries", position)))
            continue
        if parsed.code in seen:
            problems.append(f"{path}: entries[{position}].code: duplicate code {parsed.code!r}")
        seen.add(parsed.code)
        rows.append(to_row(parsed))
    crosswalk = _crosswalk(path, name, document.crosswalk, seen, problems)
    if problems:
        raise ReferenceDataError("\n".join(problems))
    return Taxonomy(name=name, version=document.version, rows=rows, crosswalk=crosswalk)


# These taxonomies are referred to by a single property, so a code can only map to one.
_SINGLE_SUCCESSOR = {"review_types", "agency_sectors"}


def _crosswalk(
    path: Path, name: str, raw: list[dict[str, Any]], current: set[str], problems: list[str]
) -> list[dict[str, Any]]:
    if raw and name not in RETIRABLE:
        problems.append(f"{path}: crosswalk: codes of {name} cannot be retired or renamed")
        return []
    entries: list[dict[str, Any]] = []
    for position, item in enumerate(raw):
        where = f"{path}: crosswalk[{position}]"
        try:
            entry = CrosswalkEntry.model_validate(item)
        except ValidationError as exc:
            problems.append(_describe(path, exc, prefix=("crosswalk", position)))
            continue
        if entry.old in {e["from"] for e in entries}:
            problems.append(f"{where}.from: {entry.old!r} is listed twice; merge the entries")
        if entry.old in current:
            problems.append(
                f"{where}.from: {entry.old!r} is still an entry; remove it to retire it"
            )
        for code in entry.new:
            if code not in current:
                problems.append(f"{where}.to: {code!r} is not an entry of this version")
        if name in _SINGLE_SUCCESSOR and len(entry.new) != 1:
            problems.append(f"{where}.to: a {name} code can only be replaced by one code")
        entries.append({"from": entry.old, "to": entry.new})
    return entries


def read_reference(folder: Path = REFERENCE_DIR) -> list[Taxonomy]:
    """All known taxonomies in ``folder``, in load order, checked across files."""
    taxonomies = []
    for name in _TAXONOMIES:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            raise ReferenceDataError(f"{path}: reference file is missing")
        taxonomies.append(read_taxonomy(path))
    _check_links(folder, {t.name: t for t in taxonomies})
    return taxonomies


def _check_links(folder: Path, taxonomies: dict[str, Taxonomy]) -> None:
    problems = []
    themes = {row["code"] for row in taxonomies["themes"].rows}
    for position, row in enumerate(taxonomies["perennial_issues"].rows):
        if row["theme"] not in themes:
            problems.append(
                f"{folder / 'perennial_issues.yaml'}: entries[{position}].theme: "
                f"unknown theme {row['theme']!r}; known themes are {', '.join(sorted(themes))}"
            )
    if "police" not in {row["code"] for row in taxonomies["agency_sectors"].rows}:
        problems.append(
            f"{folder / 'agency_sectors.yaml'}: entries: a sector with code 'police' is required "
            "(every police force is an agency of that sector)"
        )
    # A type's history may name types that a crosswalk has since retired.
    review_types = {row["code"] for row in taxonomies["review_types"].rows} | {
        entry["from"] for entry in taxonomies["review_types"].crosswalk
    }
    for position, row in enumerate(taxonomies["review_types"].rows):
        for key in ("replaces", "replacedBy"):
            for code in row[key]:
                if code not in review_types:
                    problems.append(
                        f"{folder / 'review_types.yaml'}: entries[{position}].{key}: "
                        f"unknown review type {code!r}"
                    )
    if problems:
        raise ReferenceDataError("\n".join(problems))


async def load_reference(
    repository: ReferenceRepository, folder: Path = REFERENCE_DIR, *, wait_s: float = 0.0
) -> list[TaxonomyLoad]:
    """Validate every taxonomy, then write them and apply their crosswalks.

    Every entry is written before any crosswalk runs, so a retired code's links can move to
    successors from any taxonomy file. Running it again changes nothing. The writing is the
    graph's one writer: if another load, refresh or reference load writes, it raises
    :class:`WriterBusyError` naming that one, at once or after waiting up to ``wait_s``.
    """
    taxonomies = read_reference(folder)
    async with repository.writer(f"reference load from {folder}", wait_s=wait_s):
        return await _write_reference(repository, taxonomies)


async def _write_reference(
    repository: ReferenceRepository, taxonomies: list[Taxonomy]
) -> list[TaxonomyLoad]:
    written = {
        t.name: await repository.upsert(t.name, t.rows, version=t.version) for t in taxonomies
    }
    loads = []
    for taxonomy in taxonomies:
        moved = 0
        if taxonomy.crosswalk:
            moved = await repository.retire(
                taxonomy.name, taxonomy.crosswalk, version=taxonomy.version
            )
        loads.append(
            TaxonomyLoad(
                name=taxonomy.name,
                version=taxonomy.version,
                entries=written[taxonomy.name],
                retired=len(taxonomy.crosswalk),
                links_moved=moved,
            )
        )
    if any(load.links_moved for load in loads):
        # Moved links change what reviews raise: the derived data must follow them.
        await repository.derived.refresh()
    return loads


def _describe(path: Path, exc: ValidationError, prefix: tuple[str | int, ...]) -> str:
    lines = []
    for error in exc.errors(include_url=False):
        where = _location((*prefix, *error["loc"]))
        lines.append(f"{path}: {where}: {error['msg']}")
    return "\n".join(lines)


def _location(parts: tuple[str | int, ...]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"
