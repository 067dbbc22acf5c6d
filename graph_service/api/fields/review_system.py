"""Root fields about the review system itself: a force's overview and the quality of IMRs."""

import strawberry

from graph_service.api import arguments
from graph_service.api.bounds import YEARS_MAX
from graph_service.api.info import Info
from graph_service.api.types.review_system import ForceOverview, ImrGroupBy, ImrQualityGroup
from graph_service.domain.review_system import ImrGrouping
from graph_service.errors import NotFoundError
from graph_service.repository.review_system import ImrSelection


@strawberry.input(description="Which IMR assessments to count; every given condition must hold.")
class ImrQualityFilter:
    review_types: list[str] | None = strawberry.field(
        default=None, description="The review is of any of these types."
    )
    forces: list[str] | None = strawberry.field(
        default=None, description="The assessed agency is any of these forces."
    )
    year_from: int | None = strawberry.field(default=None, description="The review's year.")
    year_to: int | None = None

    async def checked(self, info: Info, at: str) -> ImrSelection:
        arguments.year_range(at, self.year_from, self.year_to)
        return ImrSelection(
            review_types=await arguments.codes(
                info, f"{at}.reviewTypes", "review_types", self.review_types or None
            ),
            forces=await arguments.codes(info, f"{at}.forces", "forces", self.forces or None),
            year_from=self.year_from,
            year_to=self.year_to,
        )


@strawberry.type
class ReviewSystemQuery:
    @strawberry.field(
        description="One force: reviews in its area by type, recommendations directed to it by "
        "status, its practice changes by status, its IMRs' mean scores and its latest "
        "governance record. NOT_FOUND for an unknown force code."
    )
    async def force_overview(self, info: Info, code: str) -> ForceOverview:
        review_system = info.context.services.review_system
        found = await review_system.force_overview(code, info.context.visibility)
        if found is None:
            raise NotFoundError(
                f"code: no force with code {code!r}; the query field 'forces' lists them"
            )
        return ForceOverview.of(found)

    @strawberry.field(
        description="IMR quality: per criterion the number of scores, their mean and "
        "distribution, weakest first, optionally per force, review type or year (at most "
        f"{YEARS_MAX + 1} groups). Empty for readers: IMR assessments are for analysts and admins."
    )
    async def imr_quality(
        self,
        info: Info,
        group_by: ImrGroupBy = ImrGroupBy.NONE,
        filter: ImrQualityFilter | None = None,
    ) -> list[ImrQualityGroup]:
        selection = await filter.checked(info, "imrQuality.filter") if filter else ImrSelection()
        grouping = ImrGrouping(group_by.value)
        review_system = info.context.services.review_system
        groups = await review_system.imr_quality(grouping, selection, info.context.visibility)
        return [ImrQualityGroup.of(grouping, group) for group in groups[: YEARS_MAX + 1]]
