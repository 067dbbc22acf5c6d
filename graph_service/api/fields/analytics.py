"""Root fields tracing issues across review types and following learning into outcomes."""

from enum import Enum
from typing import Annotated

import strawberry

from graph_service.api import arguments
from graph_service.api.info import Info
from graph_service.api.types.analytics import (
    IssuePair,
    IssuePathway,
    LearningGap,
    RecommendationGroup,
    RecurringIssue,
)
from graph_service.api.types.connections import Connection, PageSize
from graph_service.api.types.enums import Jurisdiction
from graph_service.domain.paging import PageRequest, ranked_page
from graph_service.errors import InputError, NotFoundError
from graph_service.repository.analytics import ReviewSelection


@strawberry.enum(description="Which taxonomy recurringIssues counts.")
class RecurrenceDimension(Enum):
    PERENNIAL_ISSUE = "perennial_issues"
    THEME = "themes"
    STRAND = "strands"
    SYSTEMS_FACTOR = "systems_factors"


@strawberry.input(description="Which reviews to count; every given condition must hold.")
class RecurrenceFilter:
    year_from: int | None = strawberry.field(
        default=None, description="Year published (else initiated) at least this."
    )
    year_to: int | None = None
    review_types: list[str] | None = None
    forces: list[str] | None = strawberry.field(default=None, description="Any of these areas.")
    strands: list[str] | None = strawberry.field(
        default=None, description="Concerning any of these strands."
    )
    jurisdiction: Jurisdiction | None = None

    async def checked(self, info: Info, at: str) -> ReviewSelection:
        arguments.year_range(at, self.year_from, self.year_to)
        return ReviewSelection(
            year_from=self.year_from,
            year_to=self.year_to,
            review_types=await arguments.codes(
                info, f"{at}.reviewTypes", "review_types", self.review_types or None
            ),
            forces=await arguments.codes(info, f"{at}.forces", "forces", self.forces or None),
            strands=await arguments.codes(info, f"{at}.strands", "strands", self.strands or None),
            jurisdiction=self.jurisdiction.value if self.jurisdiction else None,
        )


async def _names(info: Info, dimension: RecurrenceDimension) -> dict[str, str]:
    reference = info.context.reference
    match dimension:
        case RecurrenceDimension.PERENNIAL_ISSUE:
            return {c: e.name for c, e in (await reference.perennial_issues()).items()}
        case RecurrenceDimension.THEME:
            return {c: e.name for c, e in (await reference.themes()).items()}
        case RecurrenceDimension.STRAND:
            return {c: e.name for c, e in (await reference.strands()).items()}
        case RecurrenceDimension.SYSTEMS_FACTOR:
            return {c: e.name for c, e in (await reference.systems_factors()).items()}


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="Per perennial issue (or theme, strand, systems factor): how often it recurs "
        "across review types, years and forces. Most reviews first; bounded by the taxonomy."
    )
    async def recurring_issues(
        self,
        info: Info,
        dimension: RecurrenceDimension = RecurrenceDimension.PERENNIAL_ISSUE,
        filter: RecurrenceFilter | None = None,
        min_review_types: Annotated[
            int, strawberry.argument(description="Keep codes seen in at least this many types.")
        ] = 1,
    ) -> list[RecurringIssue]:
        if min_review_types < 1:
            raise InputError(f"minReviewTypes: must be 1 or more, got {min_review_types}")
        selection = (
            await filter.checked(info, "recurringIssues.filter") if filter else ReviewSelection()
        )
        entries = await info.context.services.analytics.recurring(
            dimension.value, selection, min_review_types, info.context.visibility
        )
        names = await _names(info, dimension)
        return [RecurringIssue.of(entry, names.get(entry.code)) for entry in entries]

    @strawberry.field(
        description="One perennial issue followed from findings through recommendations and "
        "practice changes to outcomes, with conversion rates and the open loops."
    )
    async def issue_pathway(self, info: Info, code: str) -> IssuePathway:
        known = await info.context.reference.codes()
        if code not in known.get("perennial_issues", {}):
            raise NotFoundError(
                f"issuePathway.code: no perennial issue {code!r}; "
                "the query field 'perennialIssues' lists them"
            )
        await arguments.code(info, "issuePathway.code", "perennial_issues", code)
        answer = await info.context.services.analytics.pathway(code, info.context.visibility)
        return IssuePathway.of(answer)

    @strawberry.field(
        description="Pairs of perennial issues raised by the same reviews, highest lift first."
    )
    async def issue_co_occurrence(
        self,
        info: Info,
        min_reviews: Annotated[
            int, strawberry.argument(description="Drop pairs seen in fewer reviews.")
        ] = 1,
        issue: Annotated[
            str | None, strawberry.argument(description="Only pairs with this issue.")
        ] = None,
        first: PageSize = None,
        after: str | None = None,
    ) -> Connection[IssuePair]:
        if min_reviews < 1:
            raise InputError(f"minReviews: must be 1 or more, got {min_reviews}")
        if issue is not None:
            await arguments.code(info, "issueCoOccurrence.issue", "perennial_issues", issue)
        request = PageRequest.of(order="LIFT", first=first, after=after)
        pairs = await info.context.services.analytics.co_occurrence(
            min_reviews, issue, info.context.visibility
        )
        page = ranked_page(pairs, request, lambda p: f"{p.issue_a}|{p.issue_b}")
        return Connection.of(page, IssuePair.of, len(pairs))

    @strawberry.field(
        description="Perennial issues that keep recurring while their recommendations stay "
        "unimplemented, or recur after a practice change meant to address them."
    )
    async def learning_gaps(
        self,
        info: Info,
        min_unimplemented_share: Annotated[
            float,
            strawberry.argument(description="Unimplemented share that makes a gap (0 to 1)."),
        ] = 0.5,
    ) -> list[LearningGap]:
        if not 0 <= min_unimplemented_share <= 1:
            raise InputError(
                f"minUnimplementedShare: must be between 0 and 1, got {min_unimplemented_share}"
            )
        gaps = await info.context.services.analytics.learning_gaps(
            min_unimplemented_share, info.context.visibility
        )
        return [LearningGap.of(gap) for gap in gaps]

    @strawberry.field(
        description="Groups of near-identical recommendations made again across reviews, most "
        "reviews first. Groups are formed among the recommendations the caller may see, so a "
        "recommendation the caller may not see never links two it may."
    )
    async def repeated_recommendations(
        self,
        info: Info,
        min_reviews: Annotated[
            int, strawberry.argument(description="Keep groups spanning this many reviews.")
        ] = 2,
        first: PageSize = None,
        after: str | None = None,
    ) -> Connection[RecommendationGroup]:
        if min_reviews < 1:
            raise InputError(f"minReviews: must be 1 or more, got {min_reviews}")
        request = PageRequest.of(order="REVIEWS", first=first, after=after)
        groups = await info.context.services.analytics.repeated_recommendations(
            min_reviews, info.context.visibility
        )
        page = ranked_page(groups, request, lambda g: g.group_id)
        return Connection.of(page, RecommendationGroup.of, len(groups))
