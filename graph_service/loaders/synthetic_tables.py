"""The tables the synthetic-data generator draws from: word lists, text templates and weights,
shipped as YAML under ``graph_service/loaders/synthetic/``, one file per part of a dataset.

They are read and checked on first use and then kept, so importing the generator reads
nothing and a second dataset reads nothing again. Lists and maps keep the order of their file:
the generator's draws depend on it, so reordering entries changes every dataset generated.
"""

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from graph_service.errors import GeneratorDataError

SYNTHETIC_DIR = Path(__file__).parent / "synthetic"


Text = Annotated[str, Field(min_length=1)]
Words = Annotated[tuple[Text, ...], Field(min_length=1)]
Weight = Annotated[float, Field(ge=0)]  # relative to the other entries; 0 is never drawn
Chance = Annotated[float, Field(ge=0, le=1)]


def _something_drawable[K](weights: dict[K, float]) -> dict[K, float]:
    if not any(weight > 0 for weight in weights.values()):
        raise ValueError("needs at least one weight above 0, or nothing can be drawn")
    return weights


Weights = Annotated[dict[str, Weight], AfterValidator(_something_drawable)]
CountWeights = Annotated[dict[int, Weight], AfterValidator(_something_drawable)]
Templates = Annotated[dict[str, Text], Field(min_length=1)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TypeWeight(_Table):
    england: Weight
    wales: Weight


class ReviewTables(_Table):
    issue_order: Words
    family_of_type: dict[str, Text]
    susr_families: Weights
    issue_tilt: dict[str, Weights]
    type_weights: dict[str, TypeWeight]
    force_weight: Weights
    status: Weights
    strands: dict[str, Weights]
    events: dict[str, Words]
    commissioners: Templates
    commissioner_of_other_types: Text


class AgencyTables(_Table):
    place_heads: Words
    place_tails: Words
    area_sectors: Words
    force_sectors: Words
    extra_sectors: Words
    national_sectors: Words
    agency_names: Templates
    sector_weight: dict[str, dict[str, Weight]]


class FindingTables(_Table):
    kind: Weights
    hinders_share: dict[str, Chance]
    factors_per_kind: dict[str, CountWeights]
    factor_weight: dict[str, Weight]
    issues_per_finding: CountWeights
    actors: Words
    events: Words
    actions: Words
    slips: Words
    signals: Words
    good_acts: Words
    contexts: Words
    templates: dict[str, Words]


class RecommendationTables(_Table):
    common: Words
    verbs: Words
    purposes: Words
    other_addressees: Words
    level: Weights
    change_type: Weights
    change_description: Templates
    audiences: Words
    units: Words
    change_chance: dict[str, Chance]
    change_status: dict[str, Weights]
    evidence_notes: Annotated[tuple[Text | None, ...], Field(min_length=1)]
    outcome_chance: dict[str, Chance]
    direction: Weights
    measures: Words


class ImrAssessmentTables(_Table):
    assessor_roles: Words
    comments: Words


class BriefingTables(_Table):
    kind: Weights
    title: Templates


class GovernanceTables(_Table):
    lead_roles: Words
    boards: Words
    signoff_roles: Words
    notes: Annotated[tuple[Text | None, ...], Field(min_length=1)]


class ResourceTables(_Table):
    kind: Weights
    title: Templates


class SyntheticTables(_Table):
    """Every table, one field per file (``reviews`` is ``reviews.yaml``)."""

    reviews: ReviewTables
    agencies: AgencyTables
    findings: FindingTables
    recommendations: RecommendationTables
    imr_assessments: ImrAssessmentTables
    briefings: BriefingTables
    governance: GovernanceTables
    resources: ResourceTables


@cache
def synthetic_tables() -> SyntheticTables:
    """The shipped tables, read and checked once per process."""
    return read_synthetic_tables(SYNTHETIC_DIR)


def read_synthetic_tables(folder: Path) -> SyntheticTables:
    """Read and check the tables in ``folder``; every problem is reported with its place."""
    documents: dict[str, object] = {}
    for name in SyntheticTables.model_fields:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            raise GeneratorDataError(f"{path}: generator data file is missing")
        try:
            documents[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise GeneratorDataError(f"{path}: cannot read: {exc}") from exc
    try:
        tables = SyntheticTables.model_validate(documents)
    except ValidationError as exc:
        raise GeneratorDataError(_describe(folder, exc)) from None
    problems = _missing_entries(folder, tables)
    if problems:
        raise GeneratorDataError("\n".join(problems))
    return tables


def _missing_entries(folder: Path, tables: SyntheticTables) -> list[str]:
    """Entries one table needs from another; without them generation would stop midway."""
    problems: list[str] = []

    def need(file: str, key: str, what: str, wanted: Iterable[str], present: Iterable[str]) -> None:
        have = set(present)
        missing = [code for code in dict.fromkeys(wanted) if code not in have]
        if missing:
            listed = ", ".join(repr(code) for code in missing)
            problems.append(f"{folder / f'{file}.yaml'}: {key}: no entry for the {what} {listed}")

    reviews, agencies, findings = tables.reviews, tables.agencies, tables.findings
    families = [*reviews.family_of_type.values(), *reviews.susr_families]
    need("reviews", "issue_tilt", "family", families, reviews.issue_tilt)
    need("reviews", "strands", "family", families, reviews.strands)
    need("reviews", "events", "family", families, reviews.events)
    need("agencies", "sector_weight", "family", families, agencies.sector_weight)
    sectors = [
        *agencies.area_sectors,
        *agencies.force_sectors,
        *agencies.extra_sectors,
        *agencies.national_sectors,
    ]
    need("agencies", "agency_names", "sector", sectors, agencies.agency_names)
    need("findings", "hinders_share", "kind", findings.kind, findings.hinders_share)
    need("findings", "factors_per_kind", "kind", findings.kind, findings.factors_per_kind)
    need("findings", "templates", "kind", findings.kind, findings.templates)
    changes = tables.recommendations
    need(
        "recommendations",
        "change_description",
        "change type",
        changes.change_type,
        changes.change_description,
    )
    need(
        "recommendations",
        "change_status",
        "recommendation status",
        [status for status, chance in changes.change_chance.items() if chance > 0],
        changes.change_status,
    )
    need(
        "recommendations",
        "outcome_chance",
        "change status",
        [status for weights in changes.change_status.values() for status in weights],
        changes.outcome_chance,
    )
    need("briefings", "title", "kind", tables.briefings.kind, tables.briefings.title)
    need("resources", "title", "kind", tables.resources.kind, tables.resources.title)
    return problems


def _describe(folder: Path, exc: ValidationError) -> str:
    lines = []
    for error in exc.errors(include_url=False):
        file, *inside = error["loc"]
        where = ""
        for part in inside:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        lines.append(f"{folder / f'{file}.yaml'}: {where or '(document)'}: {error['msg']}")
    return "\n".join(lines)
