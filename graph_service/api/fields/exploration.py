"""Root fields that explore from one place: a review's learning, related reviews, search."""

import strawberry

from graph_service.api.info import Info
from graph_service.api.types.connections import Connection, PageSize
from graph_service.api.types.exploration import (
    RelatedReview,
    ReviewLearning,
    SearchHit,
    SearchKind,
)
from graph_service.domain import exploration as domain
from graph_service.errors import InputError, NotFoundError


def _not_found(review_id: str) -> NotFoundError:
    return NotFoundError(f"id: no review {review_id!r} that you may see")


@strawberry.type
class ExplorationQuery:
    @strawberry.field(
        description="One review's findings, each with the recommendations addressing it, their "
        "practice changes and outcomes; and the recommendations that address no finding. "
        "NOT_FOUND when the review is unknown or not visible."
    )
    async def review_learning(self, info: Info, id: strawberry.ID) -> ReviewLearning:
        exploration = info.context.services.exploration
        found = await exploration.review_learning(str(id), info.context.visibility)
        if found is None:
            raise _not_found(str(id))
        return ReviewLearning.of(found)

    @strawberry.field(
        description="Reviews sharing perennial issues, themes or systems factors with one "
        "review, ranked by the Jaccard index of their codes, then shared codes, then id. "
        "NOT_FOUND when the review is unknown or not visible."
    )
    async def related_reviews(
        self,
        info: Info,
        id: strawberry.ID,
        first: PageSize = None,
        after: str | None = None,
    ) -> Connection[RelatedReview]:
        review_id = str(id)
        window = domain.RankingWindow.of(f"related:{review_id}", first, after)
        exploration = info.context.services.exploration
        visibility = info.context.visibility
        ranked = await exploration.related_reviews(
            review_id, visibility, skip=window.skip, limit=window.limit
        )
        if ranked is None:
            raise _not_found(review_id)
        page = window.page(ranked, lambda item: item.review.id)
        return Connection.of(
            page,
            RelatedReview.of,
            lambda: exploration.related_review_count(review_id, visibility),
        )

    @strawberry.field(
        description="Full-text search over review titles and summaries, finding and "
        "recommendation texts and practice change descriptions. The text is reduced to its "
        "words (letters and digits); a result holds every one of them. Best first: score "
        "descending (how often the words occur in its text), then kind (reviews, findings, "
        "recommendations, practice changes), then id, the same order in every store; at most "
        f"the first {domain.MAX_SEARCH_RESULTS} results."
    )
    async def search(
        self,
        info: Info,
        text: str,
        kinds: list[SearchKind] | None = None,
        first: PageSize = None,
        after: str | None = None,
    ) -> Connection[SearchHit]:
        words = domain.search_words(text)
        if kinds is not None and not kinds:
            raise InputError("kinds: give at least one kind, or leave it out to search all")
        wanted = sorted(
            {domain.SearchKind(k.value) for k in kinds} if kinds else set(domain.SearchKind),
            key=list(domain.SearchKind).index,
        )
        order = "search:" + ",".join(k.value for k in wanted) + ":" + " ".join(words)
        window = domain.RankingWindow.of(order, first, after)
        if window.skip + window.size > domain.MAX_SEARCH_RESULTS:
            raise InputError(
                f"after: search serves the first {domain.MAX_SEARCH_RESULTS} results only; "
                "add words to narrow the search"
            )
        exploration = info.context.services.exploration
        visibility = info.context.visibility
        hits = await exploration.search(words, wanted, visibility, limit=window.skip + window.limit)
        page = window.page(hits[window.skip :], lambda hit: f"{hit.kind.value}:{hit.id}")
        return Connection.of(
            page, SearchHit.of, lambda: exploration.search_count(words, wanted, visibility)
        )
