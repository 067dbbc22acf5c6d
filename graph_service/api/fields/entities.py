"""Root fields that look entities up by id and list them as filtered, ordered pages."""

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any, Protocol

import strawberry

from graph_service.api import arguments
from graph_service.api.info import Info
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
    LoadRunStatus,
    OutcomeDirection,
    RecommendationLevel,
    RecommendationStatus,
    ResourceKind,
    ReviewStatus,
)
from graph_service.api.types.reference import Jurisdiction
from graph_service.domain.access import Role
from graph_service.domain.paging import PageRequest
from graph_service.repository.entities import Node


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


async def _page[T](
    info: Info,
    field: str,
    kind: str,
    filter_: Filter | None,
    order: Enum,
    convert: Callable[[Node], T],
    pages: dict[str, Any],
) -> Connection[T]:
    filters = await filter_.checked(info, f"{field}.filter") if filter_ is not None else {}
    sort, descending = order.value
    request = PageRequest.of(order=order.name, **pages)
    entities = info.context.services.entities
    visibility = info.context.visibility
    page = await entities.page(
        kind, filters, sort=sort, descending=descending, request=request, visibility=visibility
    )
    return Connection.of(page, convert, lambda: entities.count(kind, filters, visibility))


async def _one[T](info: Info, kind: str, id_: str, convert: Callable[[Node], T]) -> T | None:
    node = await info.context.entity(kind).load(str(id_))
    return convert(node) if node else None


def _pages(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> dict[str, Any]:
    return {"first": first, "after": after, "last": last, "before": before}


@strawberry.type
class EntityQuery:
    @strawberry.field(description="A review by id; null if unknown or not visible to the caller.")
    async def review(self, info: Info, id: strawberry.ID) -> Review | None:
        return await _one(info, "reviews", id, Review.from_node)

    @strawberry.field(description="Reviews, filtered and ordered (newest first by default).")
    async def reviews(
        self,
        info: Info,
        filter: ReviewFilter | None = None,
        order_by: ReviewOrder = ReviewOrder.PUBLISHED_DESC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Review]:
        pages = _pages(first, after, last, before)
        return await _page(info, "reviews", "reviews", filter, order_by, Review.from_node, pages)

    @strawberry.field(description="A finding by id; null if unknown or not visible.")
    async def finding(self, info: Info, id: strawberry.ID) -> Finding | None:
        return await _one(info, "findings", id, Finding.from_node)

    @strawberry.field(description="Findings, filtered, ordered by id.")
    async def findings(
        self,
        info: Info,
        filter: FindingFilter | None = None,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Finding]:
        pages = _pages(first, after, last, before)
        order = _ById.ID_ASC
        return await _page(info, "findings", "findings", filter, order, Finding.from_node, pages)

    @strawberry.field(description="A recommendation by id; null if unknown or not visible.")
    async def recommendation(self, info: Info, id: strawberry.ID) -> Recommendation | None:
        return await _one(info, "recommendations", id, Recommendation.from_node)

    @strawberry.field(description="Recommendations, filtered and ordered.")
    async def recommendations(
        self,
        info: Info,
        filter: RecommendationFilter | None = None,
        order_by: RecommendationOrder = RecommendationOrder.ID_ASC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Recommendation]:
        pages = _pages(first, after, last, before)
        return await _page(
            info,
            "recommendations",
            "recommendations",
            filter,
            order_by,
            Recommendation.from_node,
            pages,
        )

    @strawberry.field(description="A practice change by id; null if unknown.")
    async def practice_change(self, info: Info, id: strawberry.ID) -> PracticeChange | None:
        return await _one(info, "practice_changes", id, PracticeChange.from_node)

    @strawberry.field(description="Practice changes, filtered and ordered.")
    async def practice_changes(
        self,
        info: Info,
        filter: PracticeChangeFilter | None = None,
        order_by: PracticeChangeOrder = PracticeChangeOrder.ID_ASC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PracticeChange]:
        pages = _pages(first, after, last, before)
        return await _page(
            info,
            "practiceChanges",
            "practice_changes",
            filter,
            order_by,
            PracticeChange.from_node,
            pages,
        )

    @strawberry.field(description="An outcome by id; null if unknown.")
    async def outcome(self, info: Info, id: strawberry.ID) -> Outcome | None:
        return await _one(info, "outcomes", id, Outcome.from_node)

    @strawberry.field(description="Outcomes of practice changes, filtered and ordered.")
    async def outcomes(
        self,
        info: Info,
        filter: OutcomeFilter | None = None,
        order_by: OutcomeOrder = OutcomeOrder.ID_ASC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Outcome]:
        pages = _pages(first, after, last, before)
        return await _page(info, "outcomes", "outcomes", filter, order_by, Outcome.from_node, pages)

    @strawberry.field(description="An agency by id (a force's id is its code); null if unknown.")
    async def agency(self, info: Info, id: strawberry.ID) -> Agency | None:
        return await _one(info, "agencies", id, Agency.from_node)

    @strawberry.field(description="Agencies, police forces included.")
    async def agencies(
        self,
        info: Info,
        filter: AgencyFilter | None = None,
        order_by: AgencyOrder = AgencyOrder.NAME_ASC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Agency]:
        pages = _pages(first, after, last, before)
        return await _page(info, "agencies", "agencies", filter, order_by, Agency.from_node, pages)

    @strawberry.field(description="A commissioning partnership by id; null if unknown.")
    async def partnership(self, info: Info, id: strawberry.ID) -> Partnership | None:
        return await _one(info, "partnerships", id, Partnership.from_node)

    @strawberry.field(
        description="An IMR assessment by id; null if unknown, and always null for readers: "
        "IMR assessments are for analysts and admins."
    )
    async def imr_assessment(self, info: Info, id: strawberry.ID) -> ImrAssessment | None:
        return await _one(info, "imr_assessments", id, ImrAssessment.from_node)

    @strawberry.field(
        description="IMR assessments, filtered and ordered; empty for readers: IMR assessments "
        "are for analysts and admins."
    )
    async def imr_assessments(
        self,
        info: Info,
        filter: ImrAssessmentFilter | None = None,
        order_by: ImrAssessmentOrder = ImrAssessmentOrder.ID_ASC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ImrAssessment]:
        pages = _pages(first, after, last, before)
        return await _page(
            info,
            "imrAssessments",
            "imr_assessments",
            filter,
            order_by,
            ImrAssessment.from_node,
            pages,
        )

    @strawberry.field(description="A briefing by id; null if unknown.")
    async def briefing(self, info: Info, id: strawberry.ID) -> Briefing | None:
        return await _one(info, "briefings", id, Briefing.from_node)

    @strawberry.field(description="Briefings and reports that spread learning.")
    async def briefings(
        self,
        info: Info,
        filter: BriefingFilter | None = None,
        order_by: BriefingOrder = BriefingOrder.PUBLISHED_DESC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Briefing]:
        pages = _pages(first, after, last, before)
        return await _page(
            info, "briefings", "briefings", filter, order_by, Briefing.from_node, pages
        )

    @strawberry.field(description="A shared resource by id; null if unknown.")
    async def resource(self, info: Info, id: strawberry.ID) -> Resource | None:
        return await _one(info, "resources", id, Resource.from_node)

    @strawberry.field(description="Templates, guidance and good practice shared by forces.")
    async def resources(
        self,
        info: Info,
        filter: ResourceFilter | None = None,
        order_by: ResourceOrder = ResourceOrder.SHARED_DESC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Resource]:
        pages = _pages(first, after, last, before)
        return await _page(
            info, "resources", "resources", filter, order_by, Resource.from_node, pages
        )

    @strawberry.field(description="Forces' governance records for review learning.")
    async def governance_records(
        self,
        info: Info,
        filter: GovernanceFilter | None = None,
        order_by: GovernanceOrder = GovernanceOrder.RECORDED_DESC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[GovernanceRecord]:
        pages = _pages(first, after, last, before)
        return await _page(
            info,
            "governanceRecords",
            "governance_records",
            filter,
            order_by,
            GovernanceRecord.from_node,
            pages,
        )

    # Load runs count every row loaded, restricted ones included: analysts and admins only.
    @strawberry.field(
        description="A load run by id; null if unknown. Analysts and admins only (FORBIDDEN for "
        "readers)."
    )
    async def load_run(self, info: Info, id: strawberry.ID) -> LoadRun | None:
        info.context.require(Role.ANALYST, "loadRun")
        return await _one(info, "load_runs", id, LoadRun.from_node)

    @strawberry.field(
        description="Dataset loads, newest first: the provenance of every fact. Analysts and "
        "admins only (FORBIDDEN for readers)."
    )
    async def load_runs(
        self,
        info: Info,
        filter: LoadRunFilter | None = None,
        order_by: LoadRunOrder = LoadRunOrder.STARTED_DESC,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LoadRun]:
        info.context.require(Role.ANALYST, "loadRuns")
        pages = _pages(first, after, last, before)
        return await _page(
            info, "loadRuns", "load_runs", filter, order_by, LoadRun.from_node, pages
        )


class _ById(Enum):
    ID_ASC = ("id", False)
