"""The filters of the entity lists, one typed value per list, each turning into the parameters
of that list's statements (``cypher/entities/<kind>.cypher`` and ``<kind>_count.cypher``).

A field left None sets no condition. A filter holds only conditions its list's statements take,
so a condition that does not apply to a list cannot be asked of it; the parameter names live
here, next to the fields they come from, and ``tests/domain/test_filters.py`` checks them
against each statement's ``// Parameters:`` header.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from graph_service.domain.vocabulary import (
    BriefingKind,
    ChangeStatus,
    ChangeType,
    FactorEffect,
    FindingKind,
    Jurisdiction,
    LoadRunStatus,
    OutcomeDirection,
    RecommendationLevel,
    RecommendationStatus,
    ResourceKind,
    ReviewStatus,
)


class ListFilter(ABC):
    """The conditions on one entity list; ``kind`` names the list (and its statements)."""

    kind: ClassVar[str]

    @abstractmethod
    def parameters(self) -> dict[str, Any]:
        """Every filter parameter of the list's statements, None where no condition is set."""


def _any_of(values: Sequence[str] | None) -> list[str] | None:
    # Plain strings: a vocabulary member is its stored value, and drivers take lists.
    return None if values is None else [str(value) for value in values]


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()  # dates are stored as ISO strings


@dataclass(frozen=True, kw_only=True)
class ReviewFilter(ListFilter):
    kind: ClassVar[str] = "reviews"

    review_types: tuple[str, ...] | None = None
    jurisdiction: Jurisdiction | None = None
    statuses: tuple[ReviewStatus, ...] | None = None
    year_from: int | None = None  # the year published, else initiated
    year_to: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    forces: tuple[str, ...] | None = None
    agencies: tuple[str, ...] | None = None  # agency ids, any of them involved
    sectors: tuple[str, ...] | None = None
    strands: tuple[str, ...] | None = None
    issues: tuple[str, ...] | None = None  # perennial issues of the review's findings
    themes: tuple[str, ...] | None = None
    factors: tuple[str, ...] | None = None  # systems factors of the review's findings

    def parameters(self) -> dict[str, Any]:
        return {
            "reviewTypes": _any_of(self.review_types),
            "jurisdiction": None if self.jurisdiction is None else str(self.jurisdiction),
            "statuses": _any_of(self.statuses),
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "publishedFrom": _day(self.published_from),
            "publishedTo": _day(self.published_to),
            "forces": _any_of(self.forces),
            "agencies": _any_of(self.agencies),
            "sectors": _any_of(self.sectors),
            "strands": _any_of(self.strands),
            "issues": _any_of(self.issues),
            "themes": _any_of(self.themes),
            "factors": _any_of(self.factors),
        }


@dataclass(frozen=True, kw_only=True)
class FindingFilter(ListFilter):
    kind: ClassVar[str] = "findings"

    reviews: tuple[str, ...] | None = None
    review_types: tuple[str, ...] | None = None
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[FindingKind, ...] | None = None
    issues: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None
    factors: tuple[str, ...] | None = None
    factor_effect: FactorEffect | None = None  # narrows ``factors`` to this effect
    agencies: tuple[str, ...] | None = None
    sectors: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "reviews": _any_of(self.reviews),
            "reviewTypes": _any_of(self.review_types),
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "kinds": _any_of(self.kinds),
            "issues": _any_of(self.issues),
            "themes": _any_of(self.themes),
            "factors": _any_of(self.factors),
            "factorEffect": None if self.factor_effect is None else str(self.factor_effect),
            "agencies": _any_of(self.agencies),
            "sectors": _any_of(self.sectors),
        }


@dataclass(frozen=True, kw_only=True)
class RecommendationFilter(ListFilter):
    kind: ClassVar[str] = "recommendations"

    reviews: tuple[str, ...] | None = None
    review_types: tuple[str, ...] | None = None
    year_from: int | None = None
    year_to: int | None = None
    statuses: tuple[RecommendationStatus, ...] | None = None
    levels: tuple[RecommendationLevel, ...] | None = None
    implemented: bool | None = None
    agencies: tuple[str, ...] | None = None  # directed to any of these
    sectors: tuple[str, ...] | None = None
    issues: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "reviews": _any_of(self.reviews),
            "reviewTypes": _any_of(self.review_types),
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "statuses": _any_of(self.statuses),
            "levels": _any_of(self.levels),
            "implemented": self.implemented,
            "agencies": _any_of(self.agencies),
            "sectors": _any_of(self.sectors),
            "issues": _any_of(self.issues),
        }


@dataclass(frozen=True, kw_only=True)
class PracticeChangeFilter(ListFilter):
    kind: ClassVar[str] = "practice_changes"

    agencies: tuple[str, ...] | None = None
    change_types: tuple[ChangeType, ...] | None = None
    statuses: tuple[ChangeStatus, ...] | None = None
    issues: tuple[str, ...] | None = None
    with_outcome: bool | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "agencies": _any_of(self.agencies),
            "changeTypes": _any_of(self.change_types),
            "statuses": _any_of(self.statuses),
            "issues": _any_of(self.issues),
            "withOutcome": self.with_outcome,
        }


@dataclass(frozen=True, kw_only=True)
class OutcomeFilter(ListFilter):
    kind: ClassVar[str] = "outcomes"

    changes: tuple[str, ...] | None = None  # practice change ids
    directions: tuple[OutcomeDirection, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {"changes": _any_of(self.changes), "directions": _any_of(self.directions)}


@dataclass(frozen=True, kw_only=True)
class AgencyFilter(ListFilter):
    kind: ClassVar[str] = "agencies"

    sectors: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {"sectors": _any_of(self.sectors)}


@dataclass(frozen=True, kw_only=True)
class ImrAssessmentFilter(ListFilter):
    kind: ClassVar[str] = "imr_assessments"

    reviews: tuple[str, ...] | None = None
    agencies: tuple[str, ...] | None = None
    review_types: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "reviews": _any_of(self.reviews),
            "agencies": _any_of(self.agencies),
            "reviewTypes": _any_of(self.review_types),
        }


@dataclass(frozen=True, kw_only=True)
class BriefingFilter(ListFilter):
    kind: ClassVar[str] = "briefings"

    kinds: tuple[BriefingKind, ...] | None = None
    issues: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "kinds": _any_of(self.kinds),
            "issues": _any_of(self.issues),
            "themes": _any_of(self.themes),
        }


@dataclass(frozen=True, kw_only=True)
class ResourceFilter(ListFilter):
    kind: ClassVar[str] = "resources"

    kinds: tuple[ResourceKind, ...] | None = None
    forces: tuple[str, ...] | None = None  # shared by any of these
    issues: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "kinds": _any_of(self.kinds),
            "forces": _any_of(self.forces),
            "issues": _any_of(self.issues),
            "themes": _any_of(self.themes),
        }


@dataclass(frozen=True, kw_only=True)
class GovernanceFilter(ListFilter):
    kind: ClassVar[str] = "governance_records"

    forces: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {"forces": _any_of(self.forces)}


@dataclass(frozen=True, kw_only=True)
class LoadRunFilter(ListFilter):
    kind: ClassVar[str] = "load_runs"

    statuses: tuple[LoadRunStatus, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        return {"statuses": _any_of(self.statuses)}


# Every entity list, by kind, with its filter: the repository pages exactly these.
FILTERS: dict[str, type[ListFilter]] = {
    f.kind: f
    for f in (
        ReviewFilter,
        FindingFilter,
        RecommendationFilter,
        PracticeChangeFilter,
        OutcomeFilter,
        AgencyFilter,
        ImrAssessmentFilter,
        BriefingFilter,
        ResourceFilter,
        GovernanceFilter,
        LoadRunFilter,
    )
}
