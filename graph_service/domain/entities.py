"""The graph's entities as typed values, each field naming the graph property it comes from.

A statement returns an entity as a map of exactly the properties its model declares (a map
projection, ``x {.id, .title, ...}``), never a node's whole property map: derived internals
(code lists and vectors, content hashes) stay in the store. :func:`to_entity` turns such a map
into the entity, and refuses a property the model does not declare, so a statement that returns
more than the model knows fails where it is read rather than leaking further.
"""

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Annotated, Any

from graph_service.domain.vocabulary import (
    BriefingKind,
    ChangeStatus,
    ChangeType,
    FindingKind,
    Jurisdiction,
    LoadRunStatus,
    OutcomeDirection,
    RecommendationLevel,
    RecommendationStatus,
    RecommendationTracking,
    ResourceKind,
    ReviewStatus,
    SubjectAgeGroup,
)
from graph_service.errors import CatalogueError, StoreError


@dataclass(frozen=True)
class Graph:
    """The graph property a field comes from, and how its stored value becomes the field's
    (by default, from the field's type)."""

    name: str
    convert: Callable[[Any], Any] | None = None


def _moment(milliseconds: Any) -> datetime:
    """A moment stored as milliseconds since the epoch."""
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC)


@dataclass(frozen=True, kw_only=True)
class Review:
    id: Annotated[str, Graph("id")]
    title: Annotated[str, Graph("title")]
    review_type: Annotated[str, Graph("reviewType")]
    jurisdiction: Annotated[Jurisdiction | None, Graph("jurisdiction")] = None
    status: Annotated[ReviewStatus, Graph("status")]
    restricted: Annotated[bool, Graph("restricted")] = False
    published_on: Annotated[date | None, Graph("publishedOn")] = None
    initiated_on: Annotated[date | None, Graph("initiatedOn")] = None
    year: Annotated[int | None, Graph("year")] = None  # published, else initiated
    subject_age_group: Annotated[SubjectAgeGroup | None, Graph("subjectAgeGroup")] = None
    summary: Annotated[str | None, Graph("summary")] = None
    source_url: Annotated[str | None, Graph("sourceUrl")] = None
    commissioned_by: Annotated[str | None, Graph("commissionedBy")] = None


@dataclass(frozen=True, kw_only=True)
class Agency:
    id: Annotated[str, Graph("id")]  # a police force's is its force code
    name: Annotated[str, Graph("name")]
    sector: Annotated[str, Graph("sector")]
    area: Annotated[str | None, Graph("area")] = None


@dataclass(frozen=True, kw_only=True)
class Partnership:
    id: Annotated[str, Graph("id")]
    name: Annotated[str, Graph("name")]


@dataclass(frozen=True, kw_only=True)
class Finding:
    id: Annotated[str, Graph("id")]
    review_id: Annotated[str, Graph("reviewId")]
    text: Annotated[str, Graph("text")]
    kind: Annotated[FindingKind, Graph("kind")]


@dataclass(frozen=True, kw_only=True)
class Recommendation:
    id: Annotated[str, Graph("id")]
    review_id: Annotated[str, Graph("reviewId")]
    text: Annotated[str, Graph("text")]
    level: Annotated[RecommendationLevel, Graph("level")]
    status: Annotated[RecommendationStatus, Graph("status")] = RecommendationStatus.OPEN
    made_on: Annotated[date | None, Graph("madeOn")] = None
    status_updated_on: Annotated[date | None, Graph("statusUpdatedOn")] = None
    # Derived at load: a practice change implementing it is implemented or embedded.
    implemented: Annotated[bool, Graph("implemented")] = False


@dataclass(frozen=True, kw_only=True)
class PracticeChange:
    id: Annotated[str, Graph("id")]
    agency_id: Annotated[str, Graph("agencyId")]
    description: Annotated[str, Graph("description")]
    change_type: Annotated[ChangeType, Graph("changeType")]
    status: Annotated[ChangeStatus, Graph("status")]
    started_on: Annotated[date | None, Graph("startedOn")] = None
    completed_on: Annotated[date | None, Graph("completedOn")] = None
    evidence: Annotated[str | None, Graph("evidence")] = None


@dataclass(frozen=True, kw_only=True)
class Outcome:
    id: Annotated[str, Graph("id")]
    change_id: Annotated[str, Graph("changeId")]
    description: Annotated[str, Graph("description")]
    direction: Annotated[OutcomeDirection, Graph("direction")]
    observed_on: Annotated[date | None, Graph("observedOn")] = None
    measure: Annotated[str | None, Graph("measure")] = None
    value: Annotated[float | None, Graph("value")] = None
    baseline: Annotated[float | None, Graph("baseline")] = None
    evidence_url: Annotated[str | None, Graph("evidenceUrl")] = None


@dataclass(frozen=True, kw_only=True)
class ImrAssessment:
    id: Annotated[str, Graph("id")]
    review_id: Annotated[str, Graph("reviewId")]
    agency_id: Annotated[str, Graph("agencyId")]
    assessed_on: Annotated[date | None, Graph("assessedOn")] = None
    assessor_role: Annotated[str | None, Graph("assessorRole")] = None
    comment: Annotated[str | None, Graph("comment")] = None


@dataclass(frozen=True, kw_only=True)
class Briefing:
    id: Annotated[str, Graph("id")]
    title: Annotated[str, Graph("title")]
    kind: Annotated[BriefingKind, Graph("kind")]
    published_on: Annotated[date | None, Graph("publishedOn")] = None
    url: Annotated[str | None, Graph("url")] = None


@dataclass(frozen=True, kw_only=True)
class Resource:
    id: Annotated[str, Graph("id")]
    title: Annotated[str, Graph("title")]
    kind: Annotated[ResourceKind, Graph("kind")]
    shared_by: Annotated[str, Graph("sharedBy")]  # a force code
    shared_on: Annotated[date | None, Graph("sharedOn")] = None
    url: Annotated[str | None, Graph("url")] = None


@dataclass(frozen=True, kw_only=True)
class GovernanceRecord:
    id: Annotated[str, Graph("id")]
    force_id: Annotated[str, Graph("forceId")]  # a force code
    recorded_on: Annotated[date, Graph("recordedOn")]
    has_review_team: Annotated[bool | None, Graph("hasReviewTeam")] = None
    review_lead_role: Annotated[str | None, Graph("reviewLeadRole")] = None
    oversight_board: Annotated[str | None, Graph("oversightBoard")] = None
    recommendation_tracking: Annotated[
        RecommendationTracking | None, Graph("recommendationTracking")
    ] = None
    imr_signoff_role: Annotated[str | None, Graph("imrSignoffRole")] = None
    notes: Annotated[str | None, Graph("notes")] = None


@dataclass(frozen=True, kw_only=True)
class LoadRun:
    id: Annotated[str, Graph("id")]
    status: Annotated[LoadRunStatus, Graph("status")]
    source: Annotated[str | None, Graph("source")] = None
    dataset_name: Annotated[str | None, Graph("datasetName")] = None
    dataset_hash: Annotated[str | None, Graph("datasetHash")] = None
    files: Annotated[tuple[str, ...], Graph("files")] = ()  # each as name:sha256:digest
    loader_version: Annotated[str | None, Graph("loaderVersion")] = None
    started_at: Annotated[datetime | None, Graph("startedAt", _moment)] = None
    finished_at: Annotated[datetime | None, Graph("finishedAt", _moment)] = None
    summary: Annotated[str | None, Graph("summary")] = None  # counts per entity, as JSON


type Entity = (
    Review
    | Agency
    | Partnership
    | Finding
    | Recommendation
    | PracticeChange
    | Outcome
    | ImrAssessment
    | Briefing
    | Resource
    | GovernanceRecord
    | LoadRun
)

# The repository's kind names -> their entity.
MODELS: dict[str, type[Entity]] = {
    "reviews": Review,
    "findings": Finding,
    "recommendations": Recommendation,
    "practice_changes": PracticeChange,
    "outcomes": Outcome,
    "agencies": Agency,
    "partnerships": Partnership,
    "imr_assessments": ImrAssessment,
    "briefings": Briefing,
    "resources": Resource,
    "governance_records": GovernanceRecord,
    "load_runs": LoadRun,
}


@dataclass(frozen=True)
class _Field:
    name: str  # the Python field
    graph: Graph
    convert: Callable[[Any], Any]
    optional: bool  # None is a value of the field
    default: Any  # dataclasses.MISSING when the field must be stored


def _converter(annotation: Any) -> tuple[Callable[[Any], Any], bool]:
    """How a stored value becomes a value of ``annotation``, and whether None is one."""
    arguments = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) and type(None) in arguments:
        [inner] = [a for a in arguments if a is not type(None)]
        return _converter(inner)[0], True
    if typing.get_origin(annotation) is tuple:
        return lambda value: tuple(_checked(str, item) for item in value), False
    if annotation is date:
        return date.fromisoformat, False
    if annotation is float:
        return lambda value: float(_checked(int | float, value)), False
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation, False
    return lambda value: _checked(annotation, value), False


def _checked(expected: Any, value: Any) -> Any:
    if isinstance(value, bool) and expected is not bool:
        raise TypeError(f"{value!r} is not a {expected}")
    if not isinstance(value, expected):
        raise TypeError(f"{value!r} is not a {expected}")
    return value


def _fields(model: type[Entity]) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(model, include_extras=True)
    found = []
    for declared in dataclasses.fields(model):
        annotation, *extras = typing.get_args(hints[declared.name])
        [graph] = [extra for extra in extras if isinstance(extra, Graph)]
        convert, optional = _converter(annotation)
        found.append(
            _Field(declared.name, graph, graph.convert or convert, optional, declared.default)
        )
    return tuple(found)


_FIELDS = {kind: _fields(model) for kind, model in MODELS.items()}
_GRAPH_FIELDS = {kind: tuple(f.graph.name for f in fields) for kind, fields in _FIELDS.items()}


def graph_fields(kind: str) -> tuple[str, ...]:
    """The graph properties the model of ``kind`` declares, in its fields' order."""
    try:
        return _GRAPH_FIELDS[kind]
    except KeyError:
        raise ValueError(f"no entity kind {kind!r}; known: {sorted(MODELS)}") from None


def to_entity(kind: str, node: Mapping[str, Any]) -> Entity:
    """The entity of ``kind`` from a statement's node map (``x {.id, ...}``).

    A property the model does not declare is a defect of the statement: refused. A declared
    property missing or null takes the field's default; a field without one must be stored.
    """
    undeclared = set(node) - set(graph_fields(kind))
    if undeclared:
        raise CatalogueError(
            f"a statement returned {sorted(undeclared)} for {kind}, which the entity model "
            f"does not declare (graph_service/domain/entities.py); project only declared fields"
        )
    values: dict[str, Any] = {}
    for field in _FIELDS[kind]:
        stored = node.get(field.graph.name)
        if stored is None:
            if field.default is not dataclasses.MISSING:
                continue
            if not field.optional:
                raise StoreError(f"{kind} {node.get('id')!r} has no {field.graph.name}")
            values[field.name] = None
            continue
        try:
            values[field.name] = field.convert(stored)
        except (TypeError, ValueError) as exc:
            raise StoreError(
                f"{kind} {node.get('id')!r}: {field.graph.name} {stored!r} is not valid ({exc})"
            ) from exc
    return MODELS[kind](**values)


def expect[E](model: type[E], entity: object) -> E:
    """``entity`` as the ``model`` a caller knows it asked for (another is a defect)."""
    if not isinstance(entity, model):
        raise TypeError(f"expected a {model.__name__}, got {type(entity).__name__}")
    return entity


_KINDS: dict[type, str] = {model: kind for kind, model in MODELS.items()}


def entity_of[E: Entity](model: type[E], node: Mapping[str, Any]) -> E:
    """:func:`to_entity` where the caller knows which entity a column holds."""
    return expect(model, to_entity(_KINDS[model], node))
