"""Root fields that look entities up by id and list them as filtered, ordered pages."""

from collections.abc import Callable, Sequence
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
from graph_service.domain import filters
from graph_service.domain.access import Role
from graph_service.domain.entities import Entity
from graph_service.domain.filters import FILTERS, ListFilter
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


def _each[T](given: Sequence[T] | None) -> tuple[T, ...] | None:
    """A list argument as a filter holds it (None: no condition)."""
    return None if given is None else tuple(given)


def _ids(given: Sequence[strawberry.ID] | None) -> tuple[str, ...] | None:
    return None if given is None else tuple(str(i) for i in given)


async def _codes(
    info: Info, argument: str, taxonomy: str, given: list[str] | None
) -> tuple[str, ...] | None:
    """``given``, every code checked current in ``taxonomy`` (errors name ``argument``)."""
    return _each(await arguments.codes(info, argument, taxonomy, given))


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

    async def checked(self, info: Info, at: str) -> filters.ReviewFilter:
        arguments.year_range(at, self.year_from, self.year_to)
        return filters.ReviewFilter(
            review_types=await _codes(info, f"{at}.reviewTypes", "review_types", self.review_types),
            jurisdiction=self.jurisdiction,
            statuses=_each(self.statuses),
            year_from=self.year_from,
            year_to=self.year_to,
            published_from=self.published_from,
            published_to=self.published_to,
            forces=await _codes(info, f"{at}.forces", "forces", self.forces),
            agencies=_ids(self.agencies),
            sectors=await _codes(info, f"{at}.sectors", "agency_sectors", self.sectors),
            strands=await _codes(info, f"{at}.strands", "strands", self.strands),
            issues=await _codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            themes=await _codes(info, f"{at}.themes", "themes", self.themes),
            factors=await _codes(
                info, f"{at}.systemsFactors", "systems_factors", self.systems_factors
            ),
        )


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

    async def checked(self, info: Info, at: str) -> filters.FindingFilter:
        arguments.year_range(at, self.year_from, self.year_to)
        return filters.FindingFilter(
            reviews=_ids(self.reviews),
            review_types=await _codes(info, f"{at}.reviewTypes", "review_types", self.review_types),
            year_from=self.year_from,
            year_to=self.year_to,
            kinds=_each(self.kinds),
            issues=await _codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            themes=await _codes(info, f"{at}.themes", "themes", self.themes),
            factors=await _codes(
                info, f"{at}.systemsFactors", "systems_factors", self.systems_factors
            ),
            factor_effect=self.factor_effect,
            agencies=_ids(self.agencies),
            sectors=await _codes(info, f"{at}.sectors", "agency_sectors", self.sectors),
        )


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

    async def checked(self, info: Info, at: str) -> filters.RecommendationFilter:
        arguments.year_range(at, self.year_from, self.year_to)
        return filters.RecommendationFilter(
            reviews=_ids(self.reviews),
            review_types=await _codes(info, f"{at}.reviewTypes", "review_types", self.review_types),
            year_from=self.year_from,
            year_to=self.year_to,
            statuses=_each(self.statuses),
            levels=_each(self.levels),
            implemented=self.implemented,
            agencies=_ids(self.directed_to),
            sectors=await _codes(info, f"{at}.sectors", "agency_sectors", self.sectors),
            issues=await _codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
        )


@strawberry.input(description="Practice changes to keep; every given condition must hold.")
class PracticeChangeFilter:
    agencies: list[strawberry.ID] | None = None
    change_types: list[ChangeType] | None = None
    statuses: list[ChangeStatus] | None = None
    perennial_issues: list[str] | None = strawberry.field(
        default=None, description="Implementing a recommendation that targets any of these."
    )
    with_outcome: bool | None = None

    async def checked(self, info: Info, at: str) -> filters.PracticeChangeFilter:
        return filters.PracticeChangeFilter(
            agencies=_ids(self.agencies),
            change_types=_each(self.change_types),
            statuses=_each(self.statuses),
            issues=await _codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            with_outcome=self.with_outcome,
        )


@strawberry.input(description="Outcomes to keep; every given condition must hold.")
class OutcomeFilter:
    practice_changes: list[strawberry.ID] | None = None
    directions: list[OutcomeDirection] | None = None

    async def checked(self, info: Info, at: str) -> filters.OutcomeFilter:
        return filters.OutcomeFilter(
            changes=_ids(self.practice_changes), directions=_each(self.directions)
        )


@strawberry.input(description="Agencies to keep.")
class AgencyFilter:
    sectors: list[str] | None = None

    async def checked(self, info: Info, at: str) -> filters.AgencyFilter:
        return filters.AgencyFilter(
            sectors=await _codes(info, f"{at}.sectors", "agency_sectors", self.sectors)
        )


@strawberry.input(description="IMR assessments to keep; every given condition must hold.")
class ImrAssessmentFilter:
    reviews: list[strawberry.ID] | None = None
    agencies: list[strawberry.ID] | None = None
    review_types: list[str] | None = None

    async def checked(self, info: Info, at: str) -> filters.ImrAssessmentFilter:
        return filters.ImrAssessmentFilter(
            reviews=_ids(self.reviews),
            agencies=_ids(self.agencies),
            review_types=await _codes(info, f"{at}.reviewTypes", "review_types", self.review_types),
        )


@strawberry.input(description="Briefings to keep; every given condition must hold.")
class BriefingFilter:
    kinds: list[BriefingKind] | None = None
    perennial_issues: list[str] | None = None
    themes: list[str] | None = None

    async def checked(self, info: Info, at: str) -> filters.BriefingFilter:
        return filters.BriefingFilter(
            kinds=_each(self.kinds),
            issues=await _codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            themes=await _codes(info, f"{at}.themes", "themes", self.themes),
        )


@strawberry.input(description="Resources to keep; every given condition must hold.")
class ResourceFilter:
    kinds: list[ResourceKind] | None = None
    shared_by: list[str] | None = strawberry.field(default=None, description="Force codes.")
    perennial_issues: list[str] | None = None
    themes: list[str] | None = None

    async def checked(self, info: Info, at: str) -> filters.ResourceFilter:
        return filters.ResourceFilter(
            kinds=_each(self.kinds),
            forces=await _codes(info, f"{at}.sharedBy", "forces", self.shared_by),
            issues=await _codes(
                info, f"{at}.perennialIssues", "perennial_issues", self.perennial_issues
            ),
            themes=await _codes(info, f"{at}.themes", "themes", self.themes),
        )


@strawberry.input(description="Governance records to keep.")
class GovernanceFilter:
    forces: list[str] | None = None

    async def checked(self, info: Info, at: str) -> filters.GovernanceFilter:
        return filters.GovernanceFilter(
            forces=await _codes(info, f"{at}.forces", "forces", self.forces)
        )


@strawberry.input(description="Load runs to keep.")
class LoadRunFilter:
    statuses: list[LoadRunStatus] | None = None

    async def checked(self, info: Info, at: str) -> filters.LoadRunFilter:
        return filters.LoadRunFilter(statuses=_each(self.statuses))


class Filter(Protocol):
    async def checked(self, info: Info, at: str) -> ListFilter:
        """The list's typed filter, every code checked; ``at`` names it in errors."""


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
    unfiltered = FILTERS[kind]()

    async def page(
        info: Info, filter_: Filter | None, order: Enum, pages: dict[str, Any]
    ) -> Connection[Any]:
        if role is not None:
            info.context.require(role, info.field_name)
        field = info.field_name
        chosen = (
            await filter_.checked(info, f"{field}.filter") if filter_ is not None else unfiltered
        )
        sort, descending = order.value
        request = PageRequest.of(order=order.name, **pages)
        entities, visibility = info.context.services.entities, info.context.visibility
        found = await entities.page(
            chosen, sort=sort, descending=descending, request=request, visibility=visibility
        )
        ids = [item.id for _, item in found.items]
        await prefetch(info, kind, _type_name(entity), ids, page_items(_selections(info)))
        return Connection.of(found, entity.from_entity, lambda: entities.count(chosen, visibility))

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
