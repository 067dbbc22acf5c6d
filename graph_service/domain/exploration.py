"""Exploring the graph from one place: a review's learning, related reviews, full-text search.

Pure logic only: assembling a review's learning from the paths the store returns, the Jaccard
ranking of related reviews, reducing search text to words and ordering search hits, and windows
over rankings computed per request. Entities are the typed ones of ``entities.py``.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from graph_service.domain.entities import (
    Entity,
    Finding,
    Outcome,
    PracticeChange,
    Recommendation,
    Review,
)
from graph_service.domain.paging import Cursor, Page, PageRequest
from graph_service.errors import InputError

# ---------------------------------------------------------------------------------------------
# reviewLearning


@dataclass(frozen=True)
class ChangeLearning:
    """A practice change and the outcomes observed after it, by id."""

    change: PracticeChange
    outcomes: list[Outcome]


@dataclass(frozen=True)
class RecommendationLearning:
    """A recommendation and the practice changes implementing it, by id."""

    recommendation: Recommendation
    changes: list[ChangeLearning]


@dataclass(frozen=True)
class FindingLearning:
    """A finding and the recommendations addressing it that the caller may see, by id."""

    finding: Finding
    recommendations: list[RecommendationLearning]


@dataclass(frozen=True)
class LearningPath:
    """One path of a review's learning as the store returns it, None where it stops; part
    'unlinked' is a recommendation of the review that addresses no finding."""

    part: str
    finding: Finding | None
    recommendation: Recommendation | None
    change: PracticeChange | None
    outcome: Outcome | None


def _by_id[T](items: Mapping[str, T]) -> list[T]:
    return [item for _, item in sorted(items.items())]


@dataclass(frozen=True)
class ReviewLearning:
    """One review's findings -> recommendations -> practice changes -> outcomes."""

    review: Review
    findings: list[FindingLearning]
    unlinked_recommendations: list[RecommendationLearning]

    @classmethod
    def from_paths(cls, review: Review, paths: Iterable[LearningPath]) -> "ReviewLearning":
        """Nest the store's flat paths into trees, every level ordered by id, without repeats."""
        findings: dict[str, Finding] = {}
        unlinked: dict[str, Recommendation] = {}
        # Each level's items by the id of their parent, then by their own id.
        recommendations: dict[str, dict[str, Recommendation]] = defaultdict(dict)
        changes: dict[str, dict[str, PracticeChange]] = defaultdict(dict)
        outcomes: dict[str, dict[str, Outcome]] = defaultdict(dict)
        for path in paths:
            if path.part == "unlinked":
                siblings = unlinked
            elif path.finding is not None:
                findings[path.finding.id] = path.finding
                siblings = recommendations[path.finding.id]
            else:
                continue  # a review without findings
            recommendation, change, outcome = path.recommendation, path.change, path.outcome
            if recommendation is None:
                continue
            siblings[recommendation.id] = recommendation
            if change is None:
                continue
            changes[recommendation.id][change.id] = change
            if outcome is not None:
                outcomes[change.id][outcome.id] = outcome

        def learning(recommendation: Recommendation) -> RecommendationLearning:
            return RecommendationLearning(
                recommendation,
                [
                    ChangeLearning(change, _by_id(outcomes.get(change.id, {})))
                    for change in _by_id(changes.get(recommendation.id, {}))
                ],
            )

        return cls(
            review=review,
            findings=[
                FindingLearning(finding, [learning(r) for r in _by_id(recommendations[id_])])
                for id_, finding in sorted(findings.items())
            ],
            unlinked_recommendations=[learning(r) for r in _by_id(unlinked)],
        )


# ---------------------------------------------------------------------------------------------
# relatedReviews


class CodeKind(Enum):
    """The taxonomies whose codes describe a review for relatedReviews."""

    PERENNIAL_ISSUE = "PERENNIAL_ISSUE"
    THEME = "THEME"
    SYSTEMS_FACTOR = "SYSTEMS_FACTOR"


type Code = tuple[CodeKind, str]  # a code of each kind is a different element


def codes_of(row: Mapping[str, Any]) -> frozenset[Code]:
    """The codes a review raises, from the store's lists per kind (issues, themes, factors)."""
    lists = (
        (CodeKind.PERENNIAL_ISSUE, row["issues"]),
        (CodeKind.THEME, row["themes"]),
        (CodeKind.SYSTEMS_FACTOR, row["factors"]),
    )
    return frozenset((kind, code) for kind, codes in lists for code in codes or ())


@dataclass(frozen=True)
class RelatedReview:
    """A review ranked against another by the Jaccard index of the codes they raise."""

    review: Review
    shared_codes: frozenset[Code]
    either: int  # codes raised by one review or the other

    @property
    def shared(self) -> int:
        return len(self.shared_codes)

    @property
    def score(self) -> float:
        """Shared codes / codes in either; the float of the exact fraction."""
        return self.shared / self.either

    def shared_of(self, kind: CodeKind) -> list[str]:
        return sorted(code for code_kind, code in self.shared_codes if code_kind == kind)

    def rank(self) -> tuple[Fraction, int, str]:
        """Sort key: score descending (the exact fraction), then shared codes descending,
        then id."""
        return (-Fraction(self.shared, self.either), -self.shared, self.review.id)

    @classmethod
    def of(cls, own: frozenset[Code], review: Review, theirs: frozenset[Code]) -> "RelatedReview":
        return cls(review=review, shared_codes=own & theirs, either=len(own | theirs))


# ---------------------------------------------------------------------------------------------
# search


class SearchKind(Enum):
    """What a search result is; the order here breaks ties between equal scores."""

    REVIEW = "REVIEW"
    FINDING = "FINDING"
    RECOMMENDATION = "RECOMMENDATION"
    PRACTICE_CHANGE = "PRACTICE_CHANGE"


_KIND_ORDER = {kind: n for n, kind in enumerate(SearchKind)}
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
MAX_SEARCH_WORDS = 16
# How deep a client may page into search results: each page fetches every result before it.
MAX_SEARCH_RESULTS = 1_000


def search_words(text: str, *, argument: str = "text") -> list[str]:
    """The words of ``text``: lower-cased runs of letters and digits, each once, in order.

    Nothing else of the text reaches the engine, so quotes, operators, field prefixes and
    wildcards are only separators. No word at all, or too many, is an input error.
    """
    words = list(dict.fromkeys(_WORD.findall(text.lower())))
    if not words:
        raise InputError(f"{argument}: {text!r} has no words to search for; give letters or digits")
    if len(words) > MAX_SEARCH_WORDS:
        raise InputError(
            f"{argument}: {len(words)} words; search for at most {MAX_SEARCH_WORDS} at once"
        )
    return words


@dataclass(frozen=True)
class SearchHit:
    """One entity the full-text index matched, with its score.

    The score comes from the data alone, never from the index (whose figures depend on its
    internals, such as the order documents were added in): how many times the searched words
    occur in the hit's lower-cased searchable text, within longer words too, summed over the
    words. The searchable text is a review's title and summary joined by a space, a finding's or
    a recommendation's text, a practice change's description. Equal data gives equal scores in
    every store, and ``rank`` orders every hit of a search in one way.
    """

    kind: SearchKind
    id: str
    score: int
    review_id: str | None  # the review it belongs to (itself for a review); None for a change
    node: Entity  # a Review, Finding, Recommendation or PracticeChange, as ``kind`` says

    def rank(self) -> tuple[int, int, str]:
        """Score descending, then kind (reviews first), then id: a total order."""
        return (-self.score, _KIND_ORDER[self.kind], self.id)


def merge_hits(per_kind: Iterable[SearchHit]) -> list[SearchHit]:
    """The best matches of each kind as one ranking.

    Each kind's list is its best matches by score descending then id, which is the ranking's own
    order within one kind; so the first n of the merge are the first n of the whole ranking
    whenever every kind gave its first n.
    """
    return sorted(per_kind, key=SearchHit.rank)


# ---------------------------------------------------------------------------------------------
# Windows over a ranking the engine computes


@dataclass(frozen=True)
class RankingWindow:
    """``first``/``after`` over a ranking computed per request: the cursor holds a position.

    A ranking (by score, say) has no stable sort key a keyset cursor could resume from, so the
    cursor names the position of the last item seen. ``order`` names the ranking (the field and
    its arguments): a cursor from another ranking is refused.
    """

    order: str
    skip: int
    size: int

    @classmethod
    def of(cls, order: str, first: int | None, after: str | None) -> "RankingWindow":
        request = PageRequest.of(order=order, first=first, after=after)
        skip = 0
        if request.cursor is not None:
            position = request.cursor.key
            if not (position.isascii() and position.isdigit() and len(position) <= 9):
                raise InputError("after: not a cursor of this ranking; use one from pageInfo")
            skip = int(position) + 1
        return cls(order=order, skip=skip, size=request.size)

    @property
    def limit(self) -> int:
        """Items to fetch from ``skip`` on: one more than a page, to learn whether more follow."""
        return self.size + 1

    def page[T](self, items: Sequence[T], id_of: Callable[[T], str]) -> Page[T]:
        """The page of ``items``, the ranking's items from position ``skip`` on."""
        chosen = items[: self.size]
        return Page(
            [
                (Cursor(self.order, str(self.skip + n), id_of(item)), item)
                for n, item in enumerate(chosen)
            ],
            has_next=len(items) > self.size,
            has_previous=self.skip > 0,
        )
