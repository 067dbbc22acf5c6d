"""Root fields that look entities up by id and list them as filtered, ordered pages."""

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any, Protocol

import strawberry
from strawberry.types.nodes import Selection

from graph_service.api import arguments
from graph_service.api.info import Info
from graph_service.api.prefetch import page_items, prefetch
from graph_service.api.types.connections import Connection, PageSize
from graph_service.api.types.entities import (
    Agency,
    Briefing,
    Finding,
    GovernanceRecord,
    ImrAssessment,
    LoadRun,
    Outcome,
    Partnership,
    PracticeChange,
    Recommendation,
    Resource,
    Review,
)
from graph_service.api.types.enums import (
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
from graph_service.domain.access import Role
from graph_service.domain.entities import Entity
from graph_service.domain.paging import PageRequest


@strawberry.enum(description="Orders of the reviews list.")
class ReviewOrder(Enum):
    PUBLISHED_DESC = ("published", True)
    PUBLISHED_ASC = ("published", False)
    TITLE_ASC = ("title", False)
    TITLE_DESC = ("title", True)
    ID_ASC = ("id", False)


@strawberry.enum(description="Orders of the recommendations list.")
class RecommendationOrder(Enum):
    ID_ASC = ("id", False)
    MADE_DESC = ("made", True)
    MADE_ASC = ("made", False)


@strawberry.enum(description="Orders of the practice changes list.")
class PracticeChangeOrder(Enum):
    ID_ASC = ("id", False)
    COMPLETED_DESC = ("completed", True)


@strawberry.enum(description="Orders of the outcomes list.")
class OutcomeOrder(Enum):
    ID_ASC = ("id", False)
    OBSERVED_DESC = ("observed", True)


@strawberry.enum(description="Orders of the agencies list.")
class AgencyOrder(Enum):
    NAME_ASC = ("name", False)
    ID_ASC = ("id", False)


@strawberry.enum(description="Orders of the IMR assessments list.")
class ImrAssessmentOrder(Enum):
    ID_ASC = ("id", False)
    ASSESSED_DESC = ("assessed", True)


@strawberry.enum(description="Orders of the briefings list.")
class BriefingOrder(Enum):
    PUBLISHED_DESC = ("published", True)
    ID_ASC = ("id", False)


@strawberry.enum(description="Orders of the resources list.")
class ResourceOrder(Enum):
    SHARED_DESC = ("shared", True)
    ID_ASC = ("id", False)


@strawberry.enum(description="Orders of the governance records list.")
class GovernanceOrder(Enum):
    RECORDED_DESC = ("recorded", True)
    ID_ASC = ("id", False)


@strawberry.enum(description="Orders of the load runs list.")
class LoadRunOrder(Enum):
    STARTED_DESC = ("started", True)
    ID_ASC = ("id", False)


@strawberry.input(description="Reviews to keep; every given condition must hold.")
class ReviewFilter:
    review_types: list[str] | None = None
    jurisdiction: Jurisdiction | None = None
    statuses: list[ReviewStatus] | None = None
    year_from: int | None = strawberry.field(default=None, description="Year published/initiated.")
    year_to: int | None = None
    published_from: date | None = strawberry.field(default=None, description="On or after.")
    published_to: date | None = strawberry.field(default=None, description="On or before.")
    forces: list[str] | None = strawberry.field(default=None, description="Any of these areas.")
    agencies: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Any of these agencies involved."
    )
    sectors: list[str] | None = strawberry.field(
        default=None, description="An agency of any of these sectors involved."
    )
    strands: list[str] | None = None
    perennial_issues: list[str] | None = strawberry.field(
        default=None, description="A finding coded with any of these issues."
    )
    themes: list[str] | None = None
    systems_factors: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        arguments.year_range(at, self.year_from, self.year_to)
        return {
            "reviewTypes": await arguments.codes(
                info, f"{at}.reviewTypes", "review_types", self.review_types
            ),
            "jurisdiction": self.jurisdiction.value if self.jurisdiction else None,
            "statuses": arguments.values(self.statuses),
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "publishedFrom": self.published_from.isoformat() if self.published_from else None,
            "publishedTo": self.published_to.isoformat() if self.published_to else None,
            "forces": await arguments.codes(info, f"{at}.forces", "forces", self.forces),
            "agencies": arguments.ids(self.agencies),
            "sectors": await arguments.codes(info, f"{at}.sectors", "agency_sectors", self.sectors),
            "strands": await arguments.codes(info, f"{at}.strands", "strands", self.strands),
            "issues": await arguments.codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            "themes": await arguments.codes(info, f"{at}.themes", "themes", self.themes),
            "factors": await arguments.codes(
                info, f"{at}.systemsFactors", "systems_factors", self.systems_factors
            ),
        }


@strawberry.input(description="Findings to keep; every given condition must hold.")
class FindingFilter:
    reviews: list[strawberry.ID] | None = None
    review_types: list[str] | None = None
    year_from: int | None = None
    year_to: int | None = None
    kinds: list[FindingKind] | None = None
    perennial_issues: list[str] | None = None
    themes: list[str] | None = None
    systems_factors: list[str] | None = None
    factor_effect: FactorEffect | None = strawberry.field(
        default=None, description="Only systems factors with this effect (with systemsFactors)."
    )
    agencies: list[strawberry.ID] | None = None
    sectors: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        arguments.year_range(at, self.year_from, self.year_to)
        return {
            "reviews": arguments.ids(self.reviews),
            "reviewTypes": await arguments.codes(
                info, f"{at}.reviewTypes", "review_types", self.review_types
            ),
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "kinds": arguments.values(self.kinds),
            "issues": await arguments.codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            "themes": await arguments.codes(info, f"{at}.themes", "themes", self.themes),
            "factors": await arguments.codes(
                info, f"{at}.systemsFactors", "systems_factors", self.systems_factors
            ),
            "factorEffect": self.factor_effect.value if self.factor_effect else None,
            "agencies": arguments.ids(self.agencies),
            "sectors": await arguments.codes(info, f"{at}.sectors", "agency_sectors", self.sectors),
        }


@strawberry.input(description="Recommendations to keep; every given condition must hold.")
class RecommendationFilter:
    reviews: list[strawberry.ID] | None = None
    review_types: list[str] | None = None
    year_from: int | None = None
    year_to: int | None = None
    statuses: list[RecommendationStatus] | None = None
    levels: list[RecommendationLevel] | None = None
    implemented: bool | None = None
    directed_to: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Directed to any of these agencies (a force's id is its code)."
    )
    sectors: list[str] | None = strawberry.field(
        default=None, description="Directed to an agency of any of these sectors."
    )
    perennial_issues: list[str] | None = strawberry.field(
        default=None, description="Addressing a finding coded with any of these issues."
    )

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        arguments.year_range(at, self.year_from, self.year_to)
        return {
            "reviews": arguments.ids(self.reviews),
            "reviewTypes": await arguments.codes(
                info, f"{at}.reviewTypes", "review_types", self.review_types
            ),
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "statuses": arguments.values(self.statuses),
            "levels": arguments.values(self.levels),
            "implemented": self.implemented,
            "agencies": arguments.ids(self.directed_to),
            "sectors": await arguments.codes(info, f"{at}.sectors", "agency_sectors", self.sectors),
            "issues": await arguments.codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
        }


@strawberry.input(description="Practice changes to keep; every given condition must hold.")
class PracticeChangeFilter:
    agencies: list[strawberry.ID] | None = None
    change_types: list[ChangeType] | None = None
    statuses: list[ChangeStatus] | None = None
    perennial_issues: list[str] | None = strawberry.field(
        default=None, description="Implementing a recommendation that targets any of these."
    )
    with_outcome: bool | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {
            "agencies": arguments.ids(self.agencies),
            "changeTypes": arguments.values(self.change_types),
            "statuses": arguments.values(self.statuses),
            "issues": await arguments.codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            "withOutcome": self.with_outcome,
        }


@strawberry.input(description="Outcomes to keep; every given condition must hold.")
class OutcomeFilter:
    practice_changes: list[strawberry.ID] | None = None
    directions: list[OutcomeDirection] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {
            "changes": arguments.ids(self.practice_changes),
            "directions": arguments.values(self.directions),
        }


@strawberry.input(description="Agencies to keep.")
class AgencyFilter:
    sectors: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {
            "sectors": await arguments.codes(info, f"{at}.sectors", "agency_sectors", self.sectors)
        }


@strawberry.input(description="IMR assessments to keep; every given condition must hold.")
class ImrAssessmentFilter:
    reviews: list[strawberry.ID] | None = None
    agencies: list[strawberry.ID] | None = None
    review_types: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {
            "reviews": arguments.ids(self.reviews),
            "agencies": arguments.ids(self.agencies),
            "reviewTypes": await arguments.codes(
                info, f"{at}.reviewTypes", "review_types", self.review_types
            ),
        }


@strawberry.input(description="Briefings to keep; every given condition must hold.")
class BriefingFilter:
    kinds: list[BriefingKind] | None = None
    perennial_issues: list[str] | None = None
    themes: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {
            "kinds": arguments.values(self.kinds),
            "issues": await arguments.codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            "themes": await arguments.codes(info, f"{at}.themes", "themes", self.themes),
        }


@strawberry.input(description="Resources to keep; every given condition must hold.")
class ResourceFilter:
    kinds: list[ResourceKind] | None = None
    shared_by: list[str] | None = strawberry.field(default=None, description="Force codes.")
    perennial_issues: list[str] | None = None
    themes: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {
            "kinds": arguments.values(self.kinds),
            "forces": await arguments.codes(info, f"{at}.sharedBy", "forces", self.shared_by),
            "issues": await arguments.codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            "themes": await arguments.codes(info, f"{at}.themes", "themes", self.themes),
        }


@strawberry.input(description="Governance records to keep.")
class GovernanceFilter:
    forces: list[str] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {"forces": await arguments.codes(info, f"{at}.forces", "forces", self.forces)}


@strawberry.input(description="Load runs to keep.")
class LoadRunFilter:
    statuses: list[LoadRunStatus] | None = None

    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        return {"statuses": arguments.values(self.statuses)}


class Filter(Protocol):
    async def checked(self, info: Info, at: str) -> dict[str, Any]:
        """The filter's parameters, every code checked; ``at`` names it in errors."""


class _Entity(Protocol):
    """A GraphQL type made from a domain entity."""

    @classmethod
    def from_entity(cls, entity: Entity) -> Any: ...


def _selections(info: Info) -> list[Selection]:
    """What the query selects under the field being resolved (all its occurrences)."""
    return [selection for field in info.selected_fields for selection in field.selections]


def _type_name(entity: type[_Entity]) -> str:
    return str(entity.__strawberry_definition__.name)  # type: ignore[attr-defined]


def _by_id(kind: str, entity: type[_Entity], description: str, role: Role | None = None) -> Any:
    """A root field looking one entity up by id (batched with the request's other look-ups)."""

    async def resolve(info: Info, id: strawberry.ID) -> Any:
        if role is not None:
            info.context.require(role, info.field_name)
        await prefetch(info, kind, _type_name(entity), [str(id)], _selections(info))
        node = await info.context.entity(kind).load(str(id))
        return entity.from_entity(node) if node else None

    resolve.__annotations__["return"] = entity | None
    return strawberry.field(resolver=resolve, description=description)


def _listing(
    kind: str,
    entity: type[_Entity],
    filter_type: type[Filter],
    order_type: type[Enum] | None,
    default_order: Enum,
    description: str,
    role: Role | None = None,
) -> Any:
    """A root field listing entities of ``kind`` as a filtered, ordered page with its total.

    Every list field of the schema is made here, so they page, filter, count and check roles
    alike; ``order_type`` None gives a list with one fixed order and no ``orderBy``."""

    async def page(
        info: Info, filter_: Filter | None, order: Enum, pages: dict[str, Any]
    ) -> Connection[Any]:
        if role is not None:
            info.context.require(role, info.field_name)
        field = info.field_name
        filters = await filter_.checked(info, f"{field}.filter") if filter_ is not None else {}
        sort, descending = order.value
        request = PageRequest.of(order=order.name, **pages)
        entities, visibility = info.context.services.entities, info.context.visibility
        found = await entities.page(
            kind, filters, sort=sort, descending=descending, request=request, visibility=visibility
        )
        ids = [item.id for _, item in found.items]
        await prefetch(info, kind, _type_name(entity), ids, page_items(_selections(info)))
        return Connection.of(
            found, entity.from_entity, lambda: entities.count(kind, filters, visibility)
        )

    if order_type is None:

        async def resolve_fixed(
            info: Info,
            filter: Any = None,
            first: PageSize = None,
            after: str | None = None,
            last: int | None = None,
            before: str | None = None,
        ) -> Any:
            pages = {"first": first, "after": after, "last": last, "before": before}
            return await page(info, filter, default_order, pages)

        resolve: Callable[..., Any] = resolve_fixed
    else:

        async def resolve_ordered(
            info: Info,
            filter: Any = None,
            order_by: Any = default_order,
            first: PageSize = None,
            after: str | None = None,
            last: int | None = None,
            before: str | None = None,
        ) -> Any:
            pages = {"first": first, "after": after, "last": last, "before": before}
            return await page(info, filter, order_by, pages)

        resolve_ordered.__annotations__["order_by"] = order_type
        resolve = resolve_ordered
    # Strawberry reads the argument and result types from these annotations.
    resolve.__annotations__["filter"] = filter_type | None
    resolve.__annotations__["return"] = Connection[entity]  # type: ignore[valid-type]
    return strawberry.field(resolver=resolve, description=description)


class _ById(Enum):
    ID_ASC = ("id", False)


# Load runs count every row loaded, restricted ones included: analysts and admins only.
_ANALYSTS = " Analysts and admins only (FORBIDDEN for readers)."


@strawberry.type
class EntityQuery:
    review = _by_id(
        "reviews", Review, "A review by id; null if unknown or not visible to the caller."
    )
    reviews = _listing(
        "reviews", Review, ReviewFilter, ReviewOrder, ReviewOrder.PUBLISHED_DESC,
        "Reviews, filtered and ordered (newest first by default).",
    )  # fmt: skip
    finding = _by_id("findings", Finding, "A finding by id; null if unknown or not visible.")
    findings = _listing(
        "findings", Finding, FindingFilter, None, _ById.ID_ASC,
        "Findings, filtered, ordered by id.",
    )  # fmt: skip
    recommendation = _by_id(
        "recommendations", Recommendation,
        "A recommendation by id; null if unknown or not visible.",
    )  # fmt: skip
    recommendations = _listing(
        "recommendations", Recommendation, RecommendationFilter, RecommendationOrder,
        RecommendationOrder.ID_ASC, "Recommendations, filtered and ordered.",
    )  # fmt: skip
    practice_change = _by_id(
        "practice_changes", PracticeChange, "A practice change by id; null if unknown."
    )
    practice_changes = _listing(
        "practice_changes", PracticeChange, PracticeChangeFilter, PracticeChangeOrder,
        PracticeChangeOrder.ID_ASC, "Practice changes, filtered and ordered.",
    )  # fmt: skip
    outcome = _by_id("outcomes", Outcome, "An outcome by id; null if unknown.")
    outcomes = _listing(
        "outcomes", Outcome, OutcomeFilter, OutcomeOrder, OutcomeOrder.ID_ASC,
        "Outcomes of practice changes, filtered and ordered.",
    )  # fmt: skip
    agency = _by_id(
        "agencies", Agency, "An agency by id (a force's id is its code); null if unknown."
    )
    agencies = _listing(
        "agencies", Agency, AgencyFilter, AgencyOrder, AgencyOrder.NAME_ASC,
        "Agencies, police forces included.",
    )  # fmt: skip
    partnership = _by_id(
        "partnerships", Partnership, "A commissioning partnership by id; null if unknown."
    )
    imr_assessment = _by_id(
        "imr_assessments", ImrAssessment,
        "An IMR assessment by id; null if unknown, and always null for readers: "
        "IMR assessments are for analysts and admins.",
    )  # fmt: skip
    imr_assessments = _listing(
        "imr_assessments", ImrAssessment, ImrAssessmentFilter, ImrAssessmentOrder,
        ImrAssessmentOrder.ID_ASC,
        "IMR assessments, filtered and ordered; empty for readers: IMR assessments "
        "are for analysts and admins.",
    )  # fmt: skip
    briefing = _by_id("briefings", Briefing, "A briefing by id; null if unknown.")
    briefings = _listing(
        "briefings", Briefing, BriefingFilter, BriefingOrder, BriefingOrder.PUBLISHED_DESC,
        "Briefings and reports that spread learning.",
    )  # fmt: skip
    resource = _by_id("resources", Resource, "A shared resource by id; null if unknown.")
    resources = _listing(
        "resources", Resource, ResourceFilter, ResourceOrder, ResourceOrder.SHARED_DESC,
        "Templates, guidance and good practice shared by forces.",
    )  # fmt: skip
    governance_records = _listing(
        "governance_records", GovernanceRecord, GovernanceFilter, GovernanceOrder,
        GovernanceOrder.RECORDED_DESC, "Forces' governance records for review learning.",
    )  # fmt: skip
    load_run = _by_id(
        "load_runs", LoadRun, "A load run by id; null if unknown." + _ANALYSTS, Role.ANALYST
    )
    load_runs = _listing(
        "load_runs", LoadRun, LoadRunFilter, LoadRunOrder, LoadRunOrder.STARTED_DESC,
        "Dataset loads, newest first: the provenance of every fact." + _ANALYSTS,
        Role.ANALYST,
    )  # fmt: skip
