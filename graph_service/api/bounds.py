"""The most items each list field of the schema can return: what the cost estimate multiplies.

A list either takes a page argument (``first``/``last``, at most :data:`MAX_PAGE_SIZE`), or is
named in :data:`MOST_ITEMS` with the bound that holds for it: the size of a taxonomy or an
enumeration, the years a review can have, or a cap its resolver enforces (with a count field
beside it giving the true total, so nothing is hidden without saying so).
"""

from collections.abc import Sequence

from graph_service.domain.paging import MAX_PAGE_SIZE
from graph_service.errors import InputError

# A relationship list (a review's findings, a group's members...) returns this many by default
# and at most this many: its ``first`` argument asks for fewer.
RELATED_MAX = MAX_PAGE_SIZE
# Entries of one taxonomy: every reference taxonomy holds fewer (the forces, the largest, 46).
TAXONOMY_MAX = 50
# Values of a small enumeration (statuses); the scores 0 to 3.
ENUM_MAX = 10
SCORES = 4
# Criteria of the IMR rubric (15 today), kept weakest first where a figure ranks them.
RUBRIC_MAX = 20
# Years a figure is given for, the latest first kept (a century and more of reviews).
YEARS_MAX = 120
# The branches of one review's learning, each cut at this many (the entities' count fields
# give the totals): findings, then per finding, recommendation and change.
LEARNING_FINDINGS_MAX = 50
LEARNING_RECOMMENDATIONS_MAX = 10
LEARNING_CHANGES_MAX = 5
LEARNING_OUTCOMES_MAX = 5
# API keys listed at once (admins only).
API_KEYS_MAX = 10_000

MOST_ITEMS: dict[str, int] = {
    # Taxonomies, whole or in part.
    **dict.fromkeys(
        [
            "Query.reviewTypes",
            "Query.forces",
            "Query.themes",
            "Query.perennialIssues",
            "Query.strands",
            "Query.systemsFactors",
            "Query.imrCriteria",
            "Query.agencySectors",
            "Query.recurringIssues",
            "Query.learningGaps",
            "ReviewType.replaces",
            "ReviewType.replacedBy",
            "Review.forces",
            "Review.strands",
            "Finding.perennialIssues",
            "Finding.themes",
            "Finding.systemsFactors",
            "Briefing.issues",
            "Briefing.themes",
            "Resource.issues",
            "Resource.themes",
            "RelatedReview.sharedPerennialIssues",
            "RelatedReview.sharedThemes",
            "RelatedReview.sharedSystemsFactors",
            "RecurringIssue.reviewTypes",
            "RecurringIssue.forces",
            "RecurringIssue.byReviewType",
            "IssuePathway.byReviewType",
            "ForceOverview.reviewsByType",
            "LoadRun.files",  # one per file kind of the import format
        ],
        TAXONOMY_MAX,
    ),
    # Enumerations.
    **dict.fromkeys(
        [
            "ForceOverview.recommendationsByStatus",
            "ForceOverview.practiceChangesByStatus",
        ],
        ENUM_MAX,
    ),
    "CriterionQuality.distribution": SCORES,
    "ImrCriterion.levels": SCORES,
    # The IMR rubric, cut where the list is built.
    "ImrAssessment.scores": RUBRIC_MAX,
    "ForceOverview.imrMeanScores": RUBRIC_MAX,
    "ImrQualityGroup.criteria": RUBRIC_MAX,
    # Years, or groups by force, review type or year.
    "RecurringIssue.byYear": YEARS_MAX + 1,  # and the reviews with no date
    "Query.imrQuality": YEARS_MAX + 1,
    # Caps enforced where the list is built.
    "ReviewLearning.findings": LEARNING_FINDINGS_MAX,
    "ReviewLearning.unlinkedRecommendations": LEARNING_FINDINGS_MAX,
    "FindingLearning.recommendations": LEARNING_RECOMMENDATIONS_MAX,
    "RecommendationLearning.practiceChanges": LEARNING_CHANGES_MAX,
    "ChangeLearning.outcomes": LEARNING_OUTCOMES_MAX,
    "Query.apiKeys": API_KEYS_MAX,
    # The page's changes are counted by the root field's own ``first``.
    "ChangePage.changes": 1,
    "Change.fields": 64,  # an entity's import-format fields
}


def most_items(type_name: str, field_name: str) -> int:
    """The bound of a list field without a page argument (the largest known, if unlisted)."""
    return MOST_ITEMS.get(f"{type_name}.{field_name}", API_KEYS_MAX)


def first_items[T](items: Sequence[T], first: int | None, argument: str) -> list[T]:
    """The first ``first`` items (0 to :data:`RELATED_MAX`; all up to it when None)."""
    if first is None:
        first = RELATED_MAX
    if not 0 <= first <= RELATED_MAX:
        raise InputError(f"{argument}: must be between 0 and {RELATED_MAX}, got {first}")
    return list(items[:first])
