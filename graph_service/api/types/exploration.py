"""GraphQL types of the exploration answers: a review's learning, related reviews, search hits.

Entities appear as the entity types, so clients can follow their relationships from here.
"""

from enum import Enum

import strawberry

from graph_service.api import bounds
from graph_service.api.info import Info
from graph_service.api.types.entities import (
    Finding,
    Outcome,
    PracticeChange,
    Recommendation,
    Review,
)
from graph_service.api.types.reference import PerennialIssue, SystemsFactor, Theme
from graph_service.domain import exploration as domain


@strawberry.type(description="A practice change and what was observed after it.")
class ChangeLearning:
    practice_change: PracticeChange
    outcomes: list[Outcome] = strawberry.field(
        description=f"Ordered by id; at most {bounds.LEARNING_OUTCOMES_MAX} (the practice "
        "change's outcomeCount gives how many there are)."
    )

    @classmethod
    def of(cls, item: domain.ChangeLearning) -> "ChangeLearning":
        return cls(
            practice_change=PracticeChange.from_entity(item.change),
            outcomes=[
                Outcome.from_entity(o) for o in item.outcomes[: bounds.LEARNING_OUTCOMES_MAX]
            ],
        )


@strawberry.type(description="A recommendation and the practice changes that implement it.")
class RecommendationLearning:
    recommendation: Recommendation
    practice_changes: list[ChangeLearning] = strawberry.field(
        description=f"Ordered by id; at most {bounds.LEARNING_CHANGES_MAX} (the "
        "recommendation's practiceChangeCount gives how many there are)."
    )

    @classmethod
    def of(cls, item: domain.RecommendationLearning) -> "RecommendationLearning":
        return cls(
            recommendation=Recommendation.from_entity(item.recommendation),
            practice_changes=[
                ChangeLearning.of(c) for c in item.changes[: bounds.LEARNING_CHANGES_MAX]
            ],
        )


@strawberry.type(description="A finding and the recommendations that address it.")
class FindingLearning:
    finding: Finding
    recommendations: list[RecommendationLearning] = strawberry.field(
        description="Those the caller may see, ordered by id; at most "
        f"{bounds.LEARNING_RECOMMENDATIONS_MAX} (the finding's recommendationCount gives how "
        "many there are)."
    )

    @classmethod
    def of(cls, item: domain.FindingLearning) -> "FindingLearning":
        return cls(
            finding=Finding.from_entity(item.finding),
            recommendations=[
                RecommendationLearning.of(r)
                for r in item.recommendations[: bounds.LEARNING_RECOMMENDATIONS_MAX]
            ],
        )


@strawberry.type(
    description="One review's learning: findings -> recommendations -> practice changes -> "
    "outcomes."
)
class ReviewLearning:
    review: Review
    findings: list[FindingLearning] = strawberry.field(
        description=f"Ordered by id; at most {bounds.LEARNING_FINDINGS_MAX} (the review's "
        "findingCount gives how many there are)."
    )
    unlinked_recommendations: list[RecommendationLearning] = strawberry.field(
        description="The review's recommendations that address no finding, ordered by id; at "
        f"most {bounds.LEARNING_FINDINGS_MAX}."
    )

    @classmethod
    def of(cls, item: domain.ReviewLearning) -> "ReviewLearning":
        return cls(
            review=Review.from_entity(item.review),
            findings=[FindingLearning.of(f) for f in item.findings[: bounds.LEARNING_FINDINGS_MAX]],
            unlinked_recommendations=[
                RecommendationLearning.of(r)
                for r in item.unlinked_recommendations[: bounds.LEARNING_FINDINGS_MAX]
            ],
        )


@strawberry.type(description="A review ranked by how many codes it shares with another.")
class RelatedReview:
    review: Review
    score: float = strawberry.field(
        description="Jaccard index of the two reviews' codes: shared / in either (0 to 1]."
    )
    shared: int = strawberry.field(description="How many codes the two reviews share.")
    shared_issue_codes: strawberry.Private[list[str]]
    shared_theme_codes: strawberry.Private[list[str]]
    shared_factor_codes: strawberry.Private[list[str]]

    @classmethod
    def of(cls, item: domain.RelatedReview) -> "RelatedReview":
        return cls(
            review=Review.from_entity(item.review),
            score=item.score,
            shared=item.shared,
            shared_issue_codes=item.shared_of(domain.CodeKind.PERENNIAL_ISSUE),
            shared_theme_codes=item.shared_of(domain.CodeKind.THEME),
            shared_factor_codes=item.shared_of(domain.CodeKind.SYSTEMS_FACTOR),
        )

    @strawberry.field(description="Perennial issues both reviews raise, by code.")
    async def shared_perennial_issues(self, info: Info) -> list[PerennialIssue]:
        known = await info.context.reference.perennial_issues()
        return [PerennialIssue.from_domain(known[c]) for c in self.shared_issue_codes if c in known]

    @strawberry.field(description="Practice themes both reviews raise, by code.")
    async def shared_themes(self, info: Info) -> list[Theme]:
        known = await info.context.reference.themes()
        return [Theme.from_domain(known[c]) for c in self.shared_theme_codes if c in known]

    @strawberry.field(description="Systems factors both reviews raise, by code.")
    async def shared_systems_factors(self, info: Info) -> list[SystemsFactor]:
        known = await info.context.reference.systems_factors()
        return [SystemsFactor.from_domain(known[c]) for c in self.shared_factor_codes if c in known]


@strawberry.enum(description="What a search result is.")
class SearchKind(Enum):
    REVIEW = "REVIEW"
    FINDING = "FINDING"
    RECOMMENDATION = "RECOMMENDATION"
    PRACTICE_CHANGE = "PRACTICE_CHANGE"


@strawberry.type(description="An entity whose text holds every word searched for.")
class SearchHit:
    kind: SearchKind
    id: strawberry.ID
    score: float = strawberry.field(
        description="How many times the words searched for occur in the result's text "
        "(lower-cased, within longer words too), summed over the words; a whole number. The "
        "same data gives the same score in every store."
    )
    hit: strawberry.Private[domain.SearchHit]

    @classmethod
    def of(cls, hit: domain.SearchHit) -> "SearchHit":
        return cls(
            kind=SearchKind(hit.kind.value),
            id=strawberry.ID(hit.id),
            score=float(hit.score),
            hit=hit,
        )

    @strawberry.field(
        description="The review itself, or the review a finding or recommendation belongs to; "
        "null for a practice change."
    )
    async def review(self, info: Info) -> Review | None:
        if self.hit.kind is domain.SearchKind.REVIEW:
            return Review.from_entity(self.hit.node)
        if self.hit.review_id is None:
            return None
        node = await info.context.entity("reviews").load(self.hit.review_id)
        return Review.from_entity(node) if node else None

    @strawberry.field(description="The finding, when the result is one.")
    def finding(self) -> Finding | None:
        return Finding.from_entity(self.hit.node) if self.kind is SearchKind.FINDING else None

    @strawberry.field(description="The recommendation, when the result is one.")
    def recommendation(self) -> Recommendation | None:
        if self.kind is not SearchKind.RECOMMENDATION:
            return None
        return Recommendation.from_entity(self.hit.node)

    @strawberry.field(description="The practice change, when the result is one.")
    def practice_change(self) -> PracticeChange | None:
        if self.kind is not SearchKind.PRACTICE_CHANGE:
            return None
        return PracticeChange.from_entity(self.hit.node)
