"""Figures about the review system itself: one force's overview, and the quality of IMRs.

Pure logic only: means, distributions and the weakest-first order of IMR criteria, computed
exactly from the counts the store returns.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from graph_service.domain.entities import GovernanceRecord


@dataclass(frozen=True)
class Tally:
    """How many of something carry one code (a review type, a status)."""

    code: str
    count: int


def tallies(rows: Iterable[Mapping[str, Any]]) -> list[Tally]:
    """{code, count} rows as tallies ordered by code."""
    return sorted((Tally(str(row["code"]), int(row["count"])) for row in rows), key=_by_code)


def _by_code(tally: Tally) -> str:
    return tally.code


@dataclass(frozen=True)
class CriterionMean:
    """The scores given against one IMR criterion: how many, and their mean."""

    code: str
    scores: int
    total: int

    @property
    def mean(self) -> float:
        return self.total / self.scores


@dataclass(frozen=True)
class ForceOverview:
    """One force's reviews, the recommendations directed to it, its practice changes, the
    quality of its IMRs and its latest governance record."""

    code: str
    reviews_by_type: list[Tally]
    recommendations_by_status: list[Tally]
    changes_by_status: list[Tally]
    imr_means: list[CriterionMean]  # by criterion code; empty unless IMRs are visible
    latest_governance: GovernanceRecord | None

    @property
    def reviews(self) -> int:
        return sum(t.count for t in self.reviews_by_type)

    @property
    def recommendations(self) -> int:
        return sum(t.count for t in self.recommendations_by_status)

    @property
    def changes(self) -> int:
        return sum(t.count for t in self.changes_by_status)

    @classmethod
    def from_row(
        cls, row: Mapping[str, Any], latest_governance: GovernanceRecord | None
    ) -> "ForceOverview":
        """From the store's row; its governance record already made an entity."""
        means = (
            CriterionMean(str(m["code"]), int(m["scores"]), int(m["total"]))
            for m in row["imrScores"]
        )
        return cls(
            code=row["code"],
            reviews_by_type=tallies(row["reviewsByType"]),
            recommendations_by_status=tallies(row["recommendationsByStatus"]),
            changes_by_status=tallies(row["changesByStatus"]),
            imr_means=sorted(means, key=lambda m: m.code),
            latest_governance=latest_governance,
        )


class ImrGrouping(Enum):
    """How imrQuality splits its figures."""

    NONE = "NONE"
    FORCE = "FORCE"  # by the assessed force; police IMRs only
    REVIEW_TYPE = "REVIEW_TYPE"
    YEAR = "YEAR"  # of the review; reviews with no year make a group of their own


@dataclass(frozen=True)
class CriterionQuality:
    """The scores one IMR criterion got: how many of each, their number and mean."""

    code: str
    distribution: tuple[int, ...]  # how many scores of 0, 1, 2 and 3

    @property
    def assessed(self) -> int:
        return sum(self.distribution)

    @property
    def exact_mean(self) -> Fraction:
        total = sum(score * n for score, n in enumerate(self.distribution))
        return Fraction(total, self.assessed)

    @property
    def mean(self) -> float:
        return float(self.exact_mean)


type GroupKey = str | int | None


@dataclass(frozen=True)
class ImrQualityGroup:
    """The criteria of one group (the only group, a force, a review type or a year), weakest
    first: mean ascending, then code."""

    key: GroupKey
    criteria: list[CriterionQuality]


def imr_quality_groups(rows: Iterable[Mapping[str, Any]]) -> list[ImrQualityGroup]:
    """Groups from {key, criterion, distribution} rows, ordered by key with no key last."""
    criteria: dict[GroupKey, list[CriterionQuality]] = defaultdict(list)
    for row in rows:
        distribution = tuple(int(n) for n in row["distribution"])
        criteria[row["key"]].append(CriterionQuality(row["criterion"], distribution))
    return [
        ImrQualityGroup(key, sorted(criteria[key], key=lambda c: (c.exact_mean, c.code)))
        for key in sorted(criteria, key=_key_order)
    ]


def _key_order(key: GroupKey) -> tuple[bool, str | int]:
    return (key is None, key if key is not None else 0)
