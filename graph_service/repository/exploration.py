"""Reading the graph from one place: a review's learning, related reviews, full-text search.

Each method runs one statement, and every statement filters on the caller's visibility.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from graph_service.domain.entities import (
    Entity,
    Finding,
    Outcome,
    PracticeChange,
    Recommendation,
    Review,
    entity_of,
    to_entity,
)
from graph_service.domain.exploration import (
    LearningPath,
    RelatedReview,
    ReviewLearning,
    SearchHit,
    SearchKind,
    codes_of,
    merge_hits,
)
from graph_service.domain.visibility import Visibility
from graph_service.repository import figures
from graph_service.repository.figures import read_visible
from graph_service.store import GraphStore

# What each kind of search result is, as an entity kind.
SEARCH_ENTITIES = {
    SearchKind.REVIEW: "reviews",
    SearchKind.FINDING: "findings",
    SearchKind.RECOMMENDATION: "recommendations",
    SearchKind.PRACTICE_CHANGE: "practice_changes",
}


class ExplorationRepository:
    """One review's learning, the reviews related to it, and search over the indexed text."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {
            "exploration/review_learning",
            "exploration/related_reviews",
            "exploration/related_reviews_count",
            "exploration/search",
            "exploration/search_count",
            figures.STATE,
        }
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def review_learning(
        self, review_id: str, visibility: Visibility
    ) -> ReviewLearning | None:
        """The review's learning; None when it is unknown or the caller may not see it."""
        rows = await self._read("exploration/review_learning", visibility, id=review_id)
        if not rows:
            return None
        review = entity_of(Review, rows[0]["review"])
        return ReviewLearning.from_paths(review, map(_learning_path, rows))

    async def related_reviews(
        self, review_id: str, visibility: Visibility, *, skip: int, limit: int
    ) -> list[RelatedReview] | None:
        """Positions ``skip`` to ``skip + limit - 1`` of the ranking of reviews related to
        ``review_id``; None when it is unknown or the caller may not see it."""
        rows = await self._read(
            "exploration/related_reviews", visibility, id=review_id, skip=skip, limit=limit
        )
        own = [row for row in rows if row["part"] == "self"]
        if not own:
            return None
        codes = codes_of(own[0])
        related = [
            RelatedReview.of(codes, entity_of(Review, row["node"]), codes_of(row))
            for row in rows
            if row["part"] == "related"
        ]
        return sorted(related, key=RelatedReview.rank)

    async def related_review_count(self, review_id: str, visibility: Visibility) -> int:
        rows = await self._read("exploration/related_reviews_count", visibility, id=review_id)
        return int(rows[0]["total"]) if rows else 0

    async def search(
        self,
        words: Sequence[str],
        kinds: Sequence[SearchKind],
        visibility: Visibility,
        *,
        limit: int,
    ) -> list[SearchHit]:
        """The best ``limit`` matches of every word, over the kinds asked for, best first
        (``SearchHit.rank``: the statement scores each match from its text)."""
        rows = await self._read(
            "exploration/search",
            visibility,
            words=list(words),
            kinds=[kind.value for kind in kinds],
            limit=limit,
        )
        hits = (
            SearchHit(
                kind=kind,
                id=row["id"],
                score=int(row["score"]),
                review_id=row["reviewId"],
                node=to_entity(SEARCH_ENTITIES[kind], row["node"]),
            )
            for row in rows
            for kind in [SearchKind(row["kind"])]
        )
        return merge_hits(hits)[:limit]

    async def search_count(
        self, words: Sequence[str], kinds: Sequence[SearchKind], visibility: Visibility
    ) -> int:
        rows = await self._read(
            "exploration/search_count",
            visibility,
            words=list(words),
            kinds=[kind.value for kind in kinds],
        )
        return sum(int(row["total"]) for row in rows)

    async def _read(self, name: str, visibility: Visibility, **given: Any) -> list[dict[str, Any]]:
        declared = self._store.catalogue.get(name).parameters
        parameters = {**_declared(visibility, declared), **given}
        return await read_visible(self._store, name, parameters, visibility)


def _declared(visibility: Visibility, declared: frozenset[str]) -> Mapping[str, Any]:
    """The visibility parameters the statement declares (it declares every one it filters on)."""
    return {k: v for k, v in visibility.parameters().items() if k in declared}


def _learning_path(row: Mapping[str, Any]) -> LearningPath:
    """A path of review_learning with its entities typed; None where the path stops."""

    def entity[E: Entity](model: type[E], column: str) -> E | None:
        node = row[column]
        return None if node is None else entity_of(model, node)

    return LearningPath(
        part=row["part"],
        finding=entity(Finding, "finding"),
        recommendation=entity(Recommendation, "recommendation"),
        change=entity(PracticeChange, "change"),
        outcome=entity(Outcome, "outcome"),
    )
