"""GraphQL types of the cross-silo answers: recurrence, pathways, co-occurrence, gaps."""

from datetime import date

import strawberry

from graph_service.api.bounds import RELATED_MAX, YEARS_MAX, first_items
from graph_service.api.info import Info
from graph_service.api.types.connections import Connection, PageSize
from graph_service.api.types.entities import CUT, PracticeChange, Recommendation, Related
from graph_service.api.types.reference import PerennialIssue
from graph_service.domain import analytics
from graph_service.domain.paging import PageRequest


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


async def _issue(info: Info, code: str) -> PerennialIssue | None:
    found = (await info.context.reference.perennial_issues()).get(code)
    return PerennialIssue.from_domain(found) if found else None


@strawberry.type(description="Reviews and findings for one review type.")
class ReviewTypeRecurrence:
    review_type: str
    reviews: int
    findings: int


@strawberry.type(description="Reviews and findings for one year (null: reviews with no date).")
class YearRecurrence:
    year: int | None
    reviews: int
    findings: int


@strawberry.type(description="How one code recurs across the selected reviews.")
class RecurringIssue:
    code: str
    name: str | None = strawberry.field(description="The code's name in its taxonomy.")
    reviews: int = strawberry.field(description="Selected reviews raising it.")
    findings: int = strawberry.field(
        description="Their findings coded with it (for a strand: all their findings)."
    )
    review_type_count: int = strawberry.field(description="Review types it appears in.")
    review_types: list[str]
    force_count: int = strawberry.field(description="Force areas it appears in.")
    forces: list[str]
    first_seen: date | None = strawberry.field(description="Earliest publication among them.")
    last_seen: date | None = strawberry.field(description="Latest publication among them.")
    by_review_type: list[ReviewTypeRecurrence]
    by_year: list[YearRecurrence] = strawberry.field(
        description=f"The latest {YEARS_MAX} years with reviews (and reviews with no date)."
    )

    @classmethod
    def of(cls, entry: analytics.RecurringEntry, name: str | None) -> "RecurringIssue":
        return cls(
            code=entry.code,
            name=name,
            reviews=entry.reviews,
            findings=entry.findings,
            review_type_count=len(entry.review_types),
            review_types=entry.review_types,
            force_count=len(entry.forces),
            forces=entry.forces,
            first_seen=_date(entry.first_seen),
            last_seen=_date(entry.last_seen),
            by_review_type=[
                ReviewTypeRecurrence(review_type=t, reviews=c.reviews, findings=c.findings)
                for t, c in entry.by_review_type
            ],
            by_year=[
                YearRecurrence(year=y, reviews=c.reviews, findings=c.findings)
                for y, c in entry.by_year[-YEARS_MAX - 1 :]
            ],
        )


@strawberry.type(description="Outcomes by the direction they went.")
class OutcomeCounts:
    improved: int
    no_change: int
    worsened: int
    unknown: int


@strawberry.type(description="Counts at each stage of a pathway and the conversion rates.")
class PathwayStages:
    findings: int
    reviews: int
    recommendations: int
    practice_changes: int
    outcomes: int
    outcomes_by_direction: OutcomeCounts
    findings_addressed: float | None = strawberry.field(
        description="Share of the findings addressed by a recommendation; null if none."
    )
    recommendations_implemented: float | None = strawberry.field(
        description="Share of the recommendations with a practice change."
    )
    changes_with_outcome: float | None = strawberry.field(
        description="Share of the practice changes with an outcome."
    )
    outcomes_improved: float | None = strawberry.field(
        description="Share of the outcomes that improved."
    )

    @classmethod
    def of(cls, stages: analytics.PathwayStages) -> "PathwayStages":
        directions = stages.outcomes_by_direction
        return cls(
            findings=stages.findings,
            reviews=stages.reviews,
            recommendations=stages.recommendations,
            practice_changes=stages.practice_changes,
            outcomes=stages.outcomes,
            outcomes_by_direction=OutcomeCounts(
                improved=directions["improved"],
                no_change=directions["no_change"],
                worsened=directions["worsened"],
                unknown=directions["unknown"],
            ),
            findings_addressed=stages.findings_addressed,
            recommendations_implemented=stages.recommendations_implemented,
            changes_with_outcome=stages.changes_with_outcome,
            outcomes_improved=stages.outcomes_improved,
        )


@strawberry.type(description="The pathway stages for the findings of one review type.")
class ReviewTypePathway:
    review_type: str
    stages: PathwayStages


@strawberry.type(
    description="One perennial issue followed from findings to outcomes, with its open loops."
)
class IssuePathway:
    code: str
    stages: PathwayStages
    by_review_type: list[ReviewTypePathway]
    open_recommendation_count: strawberry.Private[int]
    open_change_count: strawberry.Private[int]

    @classmethod
    def of(cls, answer: analytics.Pathway) -> "IssuePathway":
        stages = answer.stages
        return cls(
            code=answer.code,
            stages=PathwayStages.of(stages),
            by_review_type=[
                ReviewTypePathway(review_type=t, stages=PathwayStages.of(s))
                for t, s in answer.by_review_type
            ],
            open_recommendation_count=stages.open_recommendations,
            open_change_count=stages.changes_without_outcome,
        )

    @strawberry.field(description="The perennial issue.")
    async def issue(self, info: Info) -> PerennialIssue | None:
        return await _issue(info, self.code)

    @strawberry.field(description="Recommendations on the pathway that no change implements.")
    async def open_recommendations(
        self,
        info: Info,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Recommendation]:
        request = PageRequest.of(order="ID_ASC", first=first, after=after, last=last, before=before)
        page = await info.context.services.analytics.open_loop(
            "recommendations", self.code, request, info.context.visibility
        )
        return Connection.of(page, Recommendation.from_entity, self.open_recommendation_count)

    @strawberry.field(description="Practice changes on the pathway with no outcome recorded.")
    async def changes_without_outcome(
        self,
        info: Info,
        first: PageSize = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PracticeChange]:
        request = PageRequest.of(order="ID_ASC", first=first, after=after, last=last, before=before)
        page = await info.context.services.analytics.open_loop(
            "changes", self.code, request, info.context.visibility
        )
        return Connection.of(page, PracticeChange.from_entity, self.open_change_count)


@strawberry.type(description="Two perennial issues raised by the same reviews.")
class IssuePair:
    issue_a_code: str
    issue_b_code: str
    reviews: int = strawberry.field(description="Reviews raising both.")
    lift: float | None = strawberry.field(
        description="reviews * N / (reviewsA * reviewsB), N the reviews raising any issue; "
        "above 1 the pair appears together more often than chance."
    )
    reviews_a: int
    reviews_b: int

    @classmethod
    def of(cls, pair: analytics.IssuePair) -> "IssuePair":
        return cls(
            issue_a_code=pair.issue_a,
            issue_b_code=pair.issue_b,
            reviews=pair.reviews,
            lift=pair.lift,
            reviews_a=pair.reviews_a,
            reviews_b=pair.reviews_b,
        )

    @strawberry.field
    async def issue_a(self, info: Info) -> PerennialIssue | None:
        return await _issue(info, self.issue_a_code)

    @strawberry.field
    async def issue_b(self, info: Info) -> PerennialIssue | None:
        return await _issue(info, self.issue_b_code)


@strawberry.type(description="A perennial issue whose learning does not seem to stick.")
class LearningGap:
    code: str
    reviews: int = strawberry.field(description="Reviews raising the issue.")
    recommendations: int = strawberry.field(description="Recommendations targeting it.")
    unimplemented: int = strawberry.field(
        description="Those with no implemented or embedded practice change."
    )
    unimplemented_share: float | None
    first_change_on: date | None = strawberry.field(
        description="When the first practice change addressing it was completed."
    )
    reviews_after_change: int = strawberry.field(
        description="Reviews raising it published after that date."
    )

    @classmethod
    def of(cls, gap: analytics.LearningGap) -> "LearningGap":
        return cls(
            code=gap.code,
            reviews=gap.reviews,
            recommendations=gap.recommendations,
            unimplemented=gap.unimplemented,
            unimplemented_share=gap.unimplemented_share,
            first_change_on=_date(gap.first_change_on),
            reviews_after_change=gap.reviews_after_change,
        )

    @strawberry.field(description="The perennial issue.")
    async def issue(self, info: Info) -> PerennialIssue | None:
        return await _issue(info, self.code)


@strawberry.type(
    description="Near-identical recommendations made again across reviews: word sets with a "
    "Jaccard index of at least 0.7, joined transitively (docs/analytics.md)."
)
class RecommendationGroup:
    id: strawberry.ID = strawberry.field(description="The id of its lowest visible member.")
    text: str = strawberry.field(description="The text of that member.")
    recommendations: int = strawberry.field(description="Visible members.")
    reviews: int = strawberry.field(description="Visible reviews they come from.")
    key: strawberry.Private[str]

    @classmethod
    def of(cls, group: analytics.RecommendationGroup) -> "RecommendationGroup":
        return cls(
            id=strawberry.ID(group.group_id),
            text=group.text,
            recommendations=group.recommendations,
            reviews=group.reviews,
            key=group.key,
        )

    @strawberry.field(
        description="The visible members, ordered by id." + CUT.format(count="recommendations")
    )
    async def members(self, info: Info, first: Related = RELATED_MAX) -> list[Recommendation]:
        rows = await info.context.relation("group_members").load(self.key)
        members = first_items(rows, first, "first")
        return [Recommendation.from_entity(row["node"]) for row in members]
