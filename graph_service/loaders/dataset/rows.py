"""One pydantic model per file of the import format (see docs/import-format.md).

CSV and JSON Lines rows go through the same models: CSV cells arrive as strings (``;`` between
list items, an empty cell meaning no value), JSON Lines values arrive typed. The validators
below accept both spellings and nothing looser: booleans are ``true``/``false``, dates are
real ``YYYY-MM-DD`` dates.
"""

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from graph_service.domain.vocabulary import (
    BriefingKind,
    ChangeStatus,
    ChangeType,
    EntityFile,
    FactorEffect,
    FindingKind,
    OutcomeDirection,
    RecommendationLevel,
    RecommendationStatus,
    RecommendationTracking,
    ResourceKind,
    ReviewStatus,
    SubjectAgeGroup,
)

ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"


def _split_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(";") if item.strip()]
    return value


def _strict_bool(value: Any) -> Any:
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        raise ValueError("must be true or false")
    if value is None or isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def _real_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None
    return value


def _factor_effect(value: str) -> str:
    code, _, effect = value.partition(":")
    if not code.strip() or effect not in FactorEffect:
        effects = " or ".join(f"CODE:{e}" for e in FactorEffect)
        raise ValueError(f"{value!r} must be {effects}")
    return f"{code.strip()}:{effect}"


def _at_least_one(values: list[str]) -> list[str]:
    if not values:
        raise ValueError("needs at least one agency id")
    return values


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a number")
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _stripped(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if _CONTROL.search(value):
        raise ValueError("contains a control character; remove it")
    return value.strip()


def _score(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a whole number from 0 to 3")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, BeforeValidator(_stripped), StringConstraints(min_length=1)]
Code = Annotated[str, BeforeValidator(_stripped), StringConstraints(min_length=1, max_length=64)]
IdList = Annotated[list[Id], BeforeValidator(_split_list)]
CodeList = Annotated[list[Code], BeforeValidator(_split_list)]
Date = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]
Bool = Annotated[bool, BeforeValidator(_strict_bool)]
Number = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class Row(BaseModel):
    """Common settings: unknown fields are errors, and rows are immutable once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AgencyRow(Row):
    agency_id: Id
    name: Text
    sector: Code
    area: Text | None = None


class ReviewRow(Row):
    review_id: Id
    title: Text
    review_type: Code
    status: ReviewStatus
    restricted: Bool | None = None  # not said: restricted unless published
    published_on: Date | None = None
    initiated_on: Date | None = None
    force_ids: CodeList = []
    commissioned_by: Text | None = None
    agency_ids: IdList = []
    strands: CodeList = []
    subject_age_group: SubjectAgeGroup | None = None
    summary: Text | None = None
    source_url: Url | None = None
    related_review_ids: IdList = []


class FindingRow(Row):
    finding_id: Id
    review_id: Id
    text: Text
    kind: FindingKind
    perennial_issues: CodeList = []
    themes: CodeList = []
    systems_factors: Annotated[
        list[Annotated[str, AfterValidator(_factor_effect)]], BeforeValidator(_split_list)
    ] = []
    agency_ids: IdList = []


class RecommendationRow(Row):
    recommendation_id: Id
    review_id: Id
    text: Text
    addressed_to: Annotated[IdList, AfterValidator(_at_least_one)]
    addresses_findings: IdList = []
    level: RecommendationLevel
    made_on: Date | None = None
    status: Annotated[
        RecommendationStatus,
        BeforeValidator(lambda v: RecommendationStatus.OPEN if v is None else v),
    ] = RecommendationStatus.OPEN
    status_updated_on: Date | None = None


class PracticeChangeRow(Row):
    change_id: Id
    agency_id: Id
    description: Text
    change_type: ChangeType
    status: ChangeStatus
    implements: IdList = []
    informed_by_briefings: IdList = []
    started_on: Date | None = None
    completed_on: Date | None = None
    evidence: Text | None = None


class OutcomeRow(Row):
    outcome_id: Id
    change_id: Id
    description: Text
    direction: OutcomeDirection
    observed_on: Date | None = None
    measure: Text | None = None
    value: Number | None = None
    baseline: Number | None = None
    evidence_url: Url | None = None


class ImrAssessmentRow(Row):
    assessment_id: Id
    review_id: Id
    agency_id: Id
    assessed_on: Date | None = None
    assessor_role: Text | None = None
    scores: dict[Code, Annotated[int, BeforeValidator(_score), Field(ge=0, le=3)]] = {}
    comment: Text | None = None


class BriefingRow(Row):
    briefing_id: Id
    title: Text
    kind: BriefingKind
    published_on: Date | None = None
    url: Url | None = None
    covers_issues: CodeList = []
    covers_themes: CodeList = []
    cites_reviews: IdList = []
    cites_findings: IdList = []


class GovernanceRow(Row):
    force_id: Code
    recorded_on: Date
    has_review_team: Bool | None = None
    review_lead_role: Text | None = None
    oversight_board: Text | None = None
    recommendation_tracking: RecommendationTracking | None = None
    imr_signoff_role: Text | None = None
    notes: Text | None = None


class ResourceRow(Row):
    resource_id: Id
    title: Text
    kind: ResourceKind
    shared_by: Code
    shared_on: Date | None = None
    url: Url | None = None
    issues: CodeList = []
    themes: CodeList = []


# The entities a dataset may retire: every file of the import format.
RetirableEntity = EntityFile


class RetirementRow(Row):
    """An entity already in the graph that the dataset retires (retirements.csv)."""

    entity: RetirableEntity
    id: Id  # a governance record's id is FORCE:YYYY-MM-DD
