"""Root fields listing the reference taxonomies (from the per-process reference cache)."""

import strawberry

from graph_service.api.info import Info
from graph_service.api.types.reference import (
    AgencySector,
    Force,
    ImrCriterion,
    PerennialIssue,
    ReviewType,
    Strand,
    SystemsFactor,
    Theme,
)


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="Every review type, current and former, ordered by code.")
    async def review_types(self, info: Info) -> list[ReviewType]:
        return [
            ReviewType.from_domain(t)
            for t in (await info.context.reference.review_types()).values()
        ]

    @strawberry.field(description="Every police force, ordered by code.")
    async def forces(self, info: Info) -> list[Force]:
        return [Force.from_domain(f) for f in (await info.context.reference.forces()).values()]

    @strawberry.field(description="The police practice themes.")
    async def themes(self, info: Info) -> list[Theme]:
        return [Theme.from_domain(t) for t in (await info.context.reference.themes()).values()]

    @strawberry.field(description="The perennial issues findings are coded against.")
    async def perennial_issues(self, info: Info) -> list[PerennialIssue]:
        issues = (await info.context.reference.perennial_issues()).values()
        return [PerennialIssue.from_domain(issue) for issue in issues]

    @strawberry.field(description="The harm and crime-type strands reviews concern.")
    async def strands(self, info: Info) -> list[Strand]:
        return [Strand.from_domain(s) for s in (await info.context.reference.strands()).values()]

    @strawberry.field(description="The systems factors findings are coded against.")
    async def systems_factors(self, info: Info) -> list[SystemsFactor]:
        factors = (await info.context.reference.systems_factors()).values()
        return [SystemsFactor.from_domain(factor) for factor in factors]

    @strawberry.field(description="The IMR quality rubric: criteria and what each score means.")
    async def imr_criteria(self, info: Info) -> list[ImrCriterion]:
        criteria = (await info.context.reference.imr_criteria()).values()
        return [ImrCriterion.from_domain(criterion) for criterion in criteria]

    @strawberry.field(description="The sectors agencies belong to.")
    async def agency_sectors(self, info: Info) -> list[AgencySector]:
        sectors = (await info.context.reference.agency_sectors()).values()
        return [AgencySector.from_domain(sector) for sector in sectors]
