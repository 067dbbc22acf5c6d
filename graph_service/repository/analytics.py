"""The cross-silo questions: recurring issues, issue pathways, co-occurrence, learning gaps and
repeated recommendations. Each answer is one statement over derived data kept at load time."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from graph_service.domain import analytics
from graph_service.domain.entities import Entity, to_entity
from graph_service.domain.paging import Page, PageRequest
from graph_service.domain.visibility import Visibility
from graph_service.repository import figures
from graph_service.repository.figures import read_visible
from graph_service.store import GraphStore

# The dimension recurringIssues is asked about -> its statement.
RECURRENCE_STATEMENTS = {
    "perennial_issues": "analytics/recurring_perennial_issues",
    "themes": "analytics/recurring_themes",
    "strands": "analytics/recurring_strands",
    "systems_factors": "analytics/recurring_systems_factors",
}

# The open loops of an issue pathway -> their statements and the kind of entity each lists.
OPEN_LOOPS = {
    "recommendations": "analytics/open_recommendations",
    "changes": "analytics/changes_without_outcome",
}
OPEN_LOOP_KINDS = {"recommendations": "recommendations", "changes": "practice_changes"}


@dataclass(frozen=True)
class ReviewSelection:
    """Which reviews recurringIssues counts; None means no condition."""

    year_from: int | None = None
    year_to: int | None = None
    review_types: list[str] | None = None
    forces: list[str] | None = None
    strands: list[str] | None = None
    jurisdiction: str | None = None

    def parameters(self) -> dict[str, Any]:
        return {
            "yearFrom": self.year_from,
            "yearTo": self.year_to,
            "reviewTypes": self.review_types,
            "forces": self.forces,
            "strands": self.strands,
            "jurisdiction": self.jurisdiction,
        }


class AnalyticsRepository:
    statements: ClassVar[frozenset[str]] = frozenset(
        {
            *RECURRENCE_STATEMENTS.values(),
            *OPEN_LOOPS.values(),
            "analytics/recurrence_tallies",
            "analytics/issue_pathway",
            "analytics/issue_co_occurrence",
            "analytics/learning_gaps",
            "analytics/repeated_recommendations",
            figures.STATE,
        }
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def recurring(
        self,
        dimension: str,
        selection: ReviewSelection,
        min_review_types: int,
        visibility: Visibility,
    ) -> list[analytics.RecurringEntry]:
        parameters = {"includeRestricted": visibility.include_restricted, **selection.parameters()}
        if selection.forces is None and selection.strands is None:
            # The tallies are keyed by every other filter: a few thousand rows, read fast.
            del parameters["forces"], parameters["strands"]
            totals = await read_visible(
                self._store,
                "analytics/recurrence_tallies",
                {**parameters, "dimension": dimension},
                visibility,
            )
            return analytics.recurring_from_totals(totals, min_review_types)
        rows = await read_visible(
            self._store, RECURRENCE_STATEMENTS[dimension], parameters, visibility
        )
        return analytics.recurring(rows, min_review_types)

    async def pathway(self, code: str, visibility: Visibility) -> analytics.Pathway:
        rows = await read_visible(
            self._store,
            "analytics/issue_pathway",
            {"includeRestricted": visibility.include_restricted, "code": code},
            visibility,
        )
        return analytics.pathway(code, rows)

    async def open_loop(
        self, loop: str, code: str, request: PageRequest, visibility: Visibility
    ) -> Page[Entity]:
        if request.size == 0:
            return Page([], has_next=False, has_previous=False)
        keyset = request.parameters(descending=False)
        parameters: Mapping[str, Any] = {
            "includeRestricted": visibility.include_restricted,
            "code": code,
            "ascending": keyset["ascending"],
            "afterId": keyset["afterId"],
            "limit": keyset["limit"],
        }
        rows = await read_visible(self._store, OPEN_LOOPS[loop], parameters, visibility)
        # The statement looks the page's items up by id; put them back in scan order.
        rows.sort(key=lambda row: str(row["id"]), reverse=not keyset["ascending"])
        kind = OPEN_LOOP_KINDS[loop]
        return Page.from_rows(
            [(row["key"], row["id"], to_entity(kind, row["node"])) for row in rows], request
        )

    async def co_occurrence(
        self, min_reviews: int, issue: str | None, visibility: Visibility
    ) -> list[analytics.IssuePair]:
        rows = await read_visible(
            self._store,
            "analytics/issue_co_occurrence",
            {
                "includeRestricted": visibility.include_restricted,
                "minReviews": min_reviews,
                "issue": issue,
            },
            visibility,
        )
        return analytics.co_occurrence(rows)

    async def learning_gaps(
        self, min_unimplemented_share: float, visibility: Visibility
    ) -> list[analytics.LearningGap]:
        rows = await read_visible(
            self._store,
            "analytics/learning_gaps",
            {"includeRestricted": visibility.include_restricted},
            visibility,
        )
        return analytics.learning_gaps(rows, min_unimplemented_share)

    async def repeated_recommendations(
        self, min_reviews: int, visibility: Visibility
    ) -> list[analytics.RecommendationGroup]:
        rows = await read_visible(
            self._store,
            "analytics/repeated_recommendations",
            {"includeRestricted": visibility.include_restricted, "minReviews": min_reviews},
            visibility,
        )
        return analytics.repeated(rows)
