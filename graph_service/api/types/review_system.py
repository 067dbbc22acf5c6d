"""GraphQL types of the answers about the review system: a force's overview, IMR quality."""

from enum import Enum

import strawberry

from graph_service.api.bounds import RUBRIC_MAX
from graph_service.api.info import Info
from graph_service.api.types.entities import GovernanceRecord
from graph_service.api.types.enums import ChangeStatus, RecommendationStatus
from graph_service.api.types.reference import Force, ImrCriterion, ReviewType
from graph_service.domain import review_system as domain


async def _criterion(info: Info, code: str) -> ImrCriterion | None:
    found = (await info.context.reference.imr_criteria()).get(code)
    return ImrCriterion.from_domain(found) if found else None


async def _review_type(info: Info, code: str | None) -> ReviewType | None:
    found = (await info.context.reference.review_types()).get(code) if code else None
    return ReviewType.from_domain(found) if found else None


async def _force(info: Info, code: str | None) -> Force | None:
    found = (await info.context.reference.forces()).get(code) if code else None
    return Force.from_domain(found) if found else None


@strawberry.type(description="How many reviews of one type.")
class ReviewTypeCount:
    review_type_code: str
    count: int

    @strawberry.field(description="The kind of review.")
    async def review_type(self, info: Info) -> ReviewType | None:
        return await _review_type(info, self.review_type_code)


@strawberry.type(description="How many recommendations have one status.")
class RecommendationStatusCount:
    status: RecommendationStatus
    count: int


@strawberry.type(description="How many practice changes have one status.")
class ChangeStatusCount:
    status: ChangeStatus
    count: int


@strawberry.type(description="The mean of the scores given against one IMR criterion.")
class CriterionMean:
    criterion_code: str
    assessed: int = strawberry.field(description="Scores given.")
    mean: float = strawberry.field(description="0 (poor) to 3 (good).")

    @strawberry.field
    async def criterion(self, info: Info) -> ImrCriterion | None:
        return await _criterion(info, self.criterion_code)


@strawberry.type(
    description="One force: reviews in its area, recommendations directed to it, its practice "
    "changes, the quality of its IMRs and its latest governance record."
)
class ForceOverview:
    code: str
    reviews: int = strawberry.field(description="Reviews in the force area the caller may see.")
    reviews_by_type: list[ReviewTypeCount] = strawberry.field(description="By type code.")
    recommendations: int = strawberry.field(
        description="Recommendations the caller may see directed to the force."
    )
    recommendations_by_status: list[RecommendationStatusCount]
    practice_changes: int = strawberry.field(description="Practice changes the force made.")
    practice_changes_by_status: list[ChangeStatusCount]
    imr_mean_scores: list[CriterionMean] = strawberry.field(
        description="Per criterion (by code), the mean score of the force's IMRs; empty for "
        "readers: IMR assessments are for analysts and admins."
    )
    latest_governance_record: GovernanceRecord | None

    @classmethod
    def of(cls, item: domain.ForceOverview) -> "ForceOverview":
        governance = item.latest_governance
        return cls(
            code=item.code,
            reviews=item.reviews,
            reviews_by_type=[
                ReviewTypeCount(review_type_code=t.code, count=t.count)
                for t in item.reviews_by_type
            ],
            recommendations=item.recommendations,
            recommendations_by_status=[
                RecommendationStatusCount(status=RecommendationStatus(t.code), count=t.count)
                for t in item.recommendations_by_status
            ],
            practice_changes=item.changes,
            practice_changes_by_status=[
                ChangeStatusCount(status=ChangeStatus(t.code), count=t.count)
                for t in item.changes_by_status
            ],
            imr_mean_scores=[
                CriterionMean(criterion_code=m.code, assessed=m.scores, mean=m.mean)
                for m in item.imr_means[:RUBRIC_MAX]
            ],
            latest_governance_record=(
                GovernanceRecord.from_entity(governance) if governance is not None else None
            ),
        )

    @strawberry.field(description="The force.")
    async def force(self, info: Info) -> Force | None:
        return await _force(info, self.code)


@strawberry.enum(description="How imrQuality splits its figures.")
class ImrGroupBy(Enum):
    NONE = "NONE"
    FORCE = "FORCE"
    REVIEW_TYPE = "REVIEW_TYPE"
    YEAR = "YEAR"


@strawberry.type(description="The scores one IMR criterion got.")
class CriterionQuality:
    criterion_code: str
    assessed: int = strawberry.field(description="Scores given.")
    mean: float = strawberry.field(description="0 (poor) to 3 (good).")
    distribution: list[int] = strawberry.field(
        description="How many scores of 0, 1, 2 and 3, in that order."
    )

    @classmethod
    def of(cls, item: domain.CriterionQuality) -> "CriterionQuality":
        return cls(
            criterion_code=item.code,
            assessed=item.assessed,
            mean=item.mean,
            distribution=list(item.distribution),
        )

    @strawberry.field
    async def criterion(self, info: Info) -> ImrCriterion | None:
        return await _criterion(info, self.criterion_code)


@strawberry.type(
    description="IMR quality for one group: everything (groupBy NONE), a force, a review type or "
    "a year. Criteria weakest first: mean ascending, then code."
)
class ImrQualityGroup:
    key: str | None = strawberry.field(
        description="The force code, review type code or year; null for NONE and for reviews "
        "with no year."
    )
    force_code: strawberry.Private[str | None]
    review_type_code: strawberry.Private[str | None]
    year: int | None = strawberry.field(description="With groupBy YEAR.")
    criteria: list[CriterionQuality] = strawberry.field(
        description=f"At most {RUBRIC_MAX}, the weakest."
    )

    @classmethod
    def of(cls, grouping: domain.ImrGrouping, item: domain.ImrQualityGroup) -> "ImrQualityGroup":
        key = item.key
        return cls(
            key=None if key is None else str(key),
            force_code=str(key) if grouping is domain.ImrGrouping.FORCE else None,
            review_type_code=str(key) if grouping is domain.ImrGrouping.REVIEW_TYPE else None,
            year=key if isinstance(key, int) else None,
            criteria=[CriterionQuality.of(c) for c in item.criteria[:RUBRIC_MAX]],
        )

    @strawberry.field(description="With groupBy FORCE: the assessed force.")
    async def force(self, info: Info) -> Force | None:
        return await _force(info, self.force_code)

    @strawberry.field(description="With groupBy REVIEW_TYPE: the review type.")
    async def review_type(self, info: Info) -> ReviewType | None:
        return await _review_type(info, self.review_type_code)
