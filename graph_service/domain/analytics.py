"""Answers to the cross-silo questions, assembled from the rows their statements return.

The statements do the heavy reading; what is here is pure: grouping a handful of rows,
ratios, ordering. docs/analytics.md defines every figure.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_service.domain import similarity

ALL_TYPES = "*"
DIRECTIONS = ("improved", "no_change", "worsened", "unknown")
OUTCOME_FIELDS = ("improved", "noChange", "worsened", "unknown")


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Counts:
    reviews: int
    findings: int


@dataclass(frozen=True)
class RecurringEntry:
    """How one code recurs across the selected reviews."""

    code: str
    reviews: int
    findings: int
    by_review_type: list[tuple[str, Counts]]
    by_year: list[tuple[int | None, Counts]]
    review_types: list[str]
    forces: list[str]
    first_seen: str | None
    last_seen: str | None


@dataclass
class _Recurrence:
    reviews: int = 0
    findings: int = 0
    by_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_year: dict[int | None, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    # The cells' force lists, each kept once: many cells name the same forces.
    force_lists: set[str | tuple[str, ...]] = field(default_factory=set)
    first_seen: str | None = None
    last_seen: str | None = None

    def forces(self) -> list[str]:
        codes: set[str] = set()
        for listed in self.force_lists:
            # Tallies keep forces ';'-terminated in one string; other rows give a list.
            codes.update(listed.split(";") if isinstance(listed, str) else listed)
        codes.discard("")
        return sorted(codes)


def recurring(rows: Iterable[Mapping[str, Any]], min_review_types: int) -> list[RecurringEntry]:
    """Folds (code, review type, year) cells into one entry per code.

    Cells partition the reviews, so review and finding counts add up; forces are unioned.
    """
    folded: dict[str, _Recurrence] = defaultdict(_Recurrence)
    for row in rows:
        entry = folded[row["code"]]
        reviews, findings = int(row["reviews"]), int(row["findings"] or 0)
        entry.reviews += reviews
        entry.findings += findings
        for bucket in (entry.by_type[row["reviewType"]], entry.by_year[row["year"]]):
            bucket[0] += reviews
            bucket[1] += findings
        forces = row["forces"] or ()
        entry.force_lists.add(forces if isinstance(forces, str) else tuple(forces))
        entry.first_seen = _earlier(entry.first_seen, row["firstSeen"])
        entry.last_seen = _later(entry.last_seen, row["lastSeen"])
    return _recurring_entries(folded, min_review_types)


def recurring_from_totals(
    rows: Iterable[Mapping[str, Any]], min_review_types: int
) -> list[RecurringEntry]:
    """Builds one entry per code from totals the statement already summed: per review type
    (part 'type'), per year (part 'year'), and the code's dates and force lists (part 'code').
    """
    folded: dict[str, _Recurrence] = defaultdict(_Recurrence)
    for row in rows:
        entry = folded[row["code"]]
        if row["part"] == "code":
            entry.force_lists.update(row["forces"] or ())
            entry.first_seen, entry.last_seen = row["firstSeen"], row["lastSeen"]
            continue
        counts = [int(row["reviews"]), int(row["findings"] or 0)]
        if row["part"] == "type":
            entry.by_type[row["key"]] = counts
            entry.reviews += counts[0]
            entry.findings += counts[1]
        else:
            entry.by_year[row["key"]] = counts
    return _recurring_entries(folded, min_review_types)


def _recurring_entries(
    folded: Mapping[str, _Recurrence], min_review_types: int
) -> list[RecurringEntry]:
    answers = [
        RecurringEntry(
            code=code,
            reviews=entry.reviews,
            findings=entry.findings,
            by_review_type=[(t, Counts(*entry.by_type[t])) for t in sorted(entry.by_type)],
            by_year=[
                (y, Counts(*entry.by_year[y]))
                for y in sorted(entry.by_year, key=lambda y: (y is None, y or 0))
            ],
            review_types=sorted(entry.by_type),
            forces=entry.forces(),
            first_seen=entry.first_seen,
            last_seen=entry.last_seen,
        )
        for code, entry in folded.items()
        if len(entry.by_type) >= min_review_types
    ]
    return sorted(answers, key=lambda a: (-a.reviews, a.code))


def _earlier(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _later(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


@dataclass(frozen=True)
class PathwayStages:
    """The counts at each stage of an issue's pathway, and the conversion between them."""

    findings: int = 0
    reviews: int = 0
    recommendations: int = 0
    practice_changes: int = 0
    outcomes: int = 0
    outcomes_by_direction: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(DIRECTIONS, 0)
    )
    findings_addressed: float | None = None
    recommendations_implemented: float | None = None
    changes_with_outcome: float | None = None
    outcomes_improved: float | None = None
    open_recommendations: int = 0
    changes_without_outcome: int = 0


@dataclass(frozen=True)
class Pathway:
    code: str
    stages: PathwayStages
    by_review_type: list[tuple[str, PathwayStages]]


# What each stage row adds to a tally: (field for items, field for flagged).
STAGE_FIELDS: dict[str, tuple[str, str | None]] = {
    "reviews": ("reviews", "findings"),
    "addressed": ("findingsAddressed", None),
    "recommendations": ("recommendations", "recommendationsImplemented"),
    "changes": ("changes", "changesWithOutcome"),
}
OUTCOME_FIELD = dict(zip(DIRECTIONS, OUTCOME_FIELDS, strict=True))
TALLY_COUNTS = (
    "findings",
    "findingsAddressed",
    "reviews",
    "recommendations",
    "recommendationsImplemented",
    "changes",
    "changesWithOutcome",
    *OUTCOME_FIELDS,
)
LOOP_FIELDS = {"recommendations": "openRecommendationIds", "changes": "openChangeIds"}


def pathway_tallies(
    rows: Iterable[Mapping[str, Any]], loops: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Folds (stage, code, review type, scope, detail, items, flagged) rows into one tally per
    issue, review type and scope, every count present (zero when nothing reached a stage).

    The tallies over all review types also keep the sorted ids of the open loops, from
    (code, loop, id, restricted) rows, so that a page of them is read without a sort.
    """
    tallies: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["code"], row["reviewType"], row["scope"])
        if key not in tallies:
            tallies[key] = {"code": key[0], "reviewType": key[1], "scope": key[2]}
            tallies[key].update(dict.fromkeys(TALLY_COUNTS, 0))
        tally = tallies[key]
        if row["stage"] == "outcomes":
            tally[OUTCOME_FIELD[row["detail"]]] += int(row["items"])
            continue
        items_field, flagged_field = STAGE_FIELDS[row["stage"]]
        tally[items_field] += int(row["items"])
        if flagged_field is not None:
            tally[flagged_field] += int(row["flagged"])
    open_ids: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in loops:
        open_ids[(row["code"], "all", row["loop"])].add(row["id"])
        if row["restricted"] is False:
            open_ids[(row["code"], "open", row["loop"])].add(row["id"])
    for (code, review_type, scope), tally in tallies.items():
        if review_type == ALL_TYPES:
            for loop, name in LOOP_FIELDS.items():
                tally[name] = sorted(open_ids.get((code, scope, loop), ()))
    return [tallies[key] for key in sorted(tallies)]


def pathway(code: str, tallies: Iterable[Mapping[str, Any]]) -> Pathway:
    """The pathway of one issue from its tallies for one scope."""
    stages = {row["reviewType"]: _stages(row) for row in tallies}
    overall = stages.pop(ALL_TYPES, PathwayStages())
    return Pathway(code, overall, sorted(stages.items()))


def _stages(n: Mapping[str, Any]) -> PathwayStages:
    outcomes = {d: int(n[field]) for d, field in zip(DIRECTIONS, OUTCOME_FIELDS, strict=True)}
    total_outcomes = sum(outcomes.values())
    return PathwayStages(
        findings=n["findings"],
        reviews=n["reviews"],
        recommendations=n["recommendations"],
        practice_changes=n["changes"],
        outcomes=total_outcomes,
        outcomes_by_direction=outcomes,
        findings_addressed=share(n["findingsAddressed"], n["findings"]),
        recommendations_implemented=share(n["recommendationsImplemented"], n["recommendations"]),
        changes_with_outcome=share(n["changesWithOutcome"], n["changes"]),
        outcomes_improved=share(outcomes["improved"], total_outcomes),
        open_recommendations=n["recommendations"] - n["recommendationsImplemented"],
        changes_without_outcome=n["changes"] - n["changesWithOutcome"],
    )


@dataclass(frozen=True)
class IssuePair:
    issue_a: str
    issue_b: str
    reviews: int
    lift: float | None
    reviews_a: int
    reviews_b: int


def co_occurrence(rows: Iterable[Mapping[str, Any]]) -> list[IssuePair]:
    """Lift = reviews * N / (reviewsA * reviewsB); ordered by lift, reviews, then codes."""
    pairs = []
    for row in rows:
        together, a, b, total = (int(row[k]) for k in ("reviews", "reviewsA", "reviewsB", "total"))
        pairs.append(
            IssuePair(
                issue_a=row["issueA"],
                issue_b=row["issueB"],
                reviews=together,
                lift=together * total / (a * b) if a and b else None,
                reviews_a=a,
                reviews_b=b,
            )
        )
    return sorted(pairs, key=lambda p: (-(p.lift or 0.0), -p.reviews, p.issue_a, p.issue_b))


@dataclass(frozen=True)
class LearningGap:
    code: str
    reviews: int
    recommendations: int
    unimplemented: int
    unimplemented_share: float | None
    first_change_on: str | None
    reviews_after_change: int


def learning_gaps(
    rows: Iterable[Mapping[str, Any]], min_unimplemented_share: float
) -> list[LearningGap]:
    gaps = []
    for row in rows:
        recommendations, unimplemented = int(row["recommendations"]), int(row["unimplemented"])
        gap = LearningGap(
            code=row["code"],
            reviews=int(row["reviews"]),
            recommendations=recommendations,
            unimplemented=unimplemented,
            unimplemented_share=share(unimplemented, recommendations),
            first_change_on=row["firstChangeOn"],
            reviews_after_change=int(row["reviewsAfterChange"]),
        )
        lagging = gap.unimplemented_share is not None and (
            gap.unimplemented_share >= min_unimplemented_share
        )
        if gap.reviews_after_change > 0 or lagging:
            gaps.append(gap)
    return sorted(gaps, key=lambda g: (-g.reviews_after_change, -g.unimplemented, g.code))


@dataclass(frozen=True)
class RecommendationGroup:
    """Near-identical recommendations made in several reviews, as one caller may see them."""

    key: str  # the group node's id, for loading its members
    group_id: str  # the lowest visible member's id
    text: str
    recommendations: int
    reviews: int


def repeated(rows: Iterable[Mapping[str, Any]]) -> list[RecommendationGroup]:
    """Most reviews first, then by group id."""
    groups = [
        RecommendationGroup(
            key=row["group"],
            group_id=row["id"],
            text=row["text"],
            recommendations=int(row["recommendations"]),
            reviews=int(row["reviews"]),
        )
        for row in rows
    ]
    return sorted(groups, key=lambda g: (-g.reviews, g.group_id))


def recommendation_groups(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Groups of near-identical recommendations from (id, text, reviewId, restricted) rows in
    id order, formed twice: over every recommendation (scope 'all') and over those of
    unrestricted reviews only (scope 'open').

    Readers' groups are formed among what readers may see, never cut out of groups formed
    over everything: a hidden recommendation textually between two visible ones must not
    join them into a group whose own members are not alike enough.
    """
    visible = [row for row in rows if row["restricted"] is False]
    return _groups_of(rows, "all") + _groups_of(visible, "open")


def _groups_of(rows: Sequence[Mapping[str, Any]], scope: str) -> list[dict[str, Any]]:
    groups = []
    for positions in similarity.near_identical_groups([row["text"] for row in rows]):
        members = [rows[p] for p in positions]
        groups.append(
            {
                "id": f"{scope}:{members[0]['id']}",
                "scope": scope,
                "firstId": members[0]["id"],
                "text": members[0]["text"],
                "recommendations": len(members),
                "reviews": len({m["reviewId"] for m in members}),
                "members": [m["id"] for m in members],
            }
        )
    return groups


# A recurrence tally's fields over every review, then over unrestricted reviews only.
SCOPE_FIELDS = (
    ("reviews", "findings", "forces", "firstSeen", "lastSeen"),
    ("openReviews", "openFindings", "openForces", "openFirstSeen", "openLastSeen"),
)


def recurrence_tallies(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One tally per code, review type, year and jurisdiction from cells split by restriction:
    the figures over every review, and (open...) over unrestricted reviews only, so that one
    row serves either visibility. Forces are joined into one ';'-terminated string, which reads
    back far faster than a list."""
    tallies: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = (row["code"], row["reviewType"], row["year"], row["jurisdiction"])
        tally = tallies.setdefault(
            key,
            {
                "code": key[0],
                "reviewType": key[1],
                "year": key[2],
                "jurisdiction": key[3],
                "reviews": 0,
                "findings": 0,
                "openReviews": 0,
                "openFindings": 0,
                "forces": set(),
                "openForces": set(),
            },
        )
        scopes = SCOPE_FIELDS if row["restricted"] is False else SCOPE_FIELDS[:1]
        for reviews, findings, forces, first, last in scopes:
            tally[reviews] += int(row["reviews"])
            tally[findings] += int(row["findings"] or 0)
            tally[forces].update(row["forces"] or ())
            tally[first] = _earlier(tally.get(first), row["firstSeen"])
            tally[last] = _later(tally.get(last), row["lastSeen"])
    for tally in tallies.values():
        for forces in ("forces", "openForces"):
            tally[forces] = "".join(f"{code};" for code in sorted(tally[forces]))
    return [tallies[key] for key in sorted(tallies, key=str)]
