"""A second, independent computation of every analytical figure, straight from a dataset's files.

The API's answers are compared with these. Each function follows docs/analytics.md literally,
in plain Python over the rows of the dataset, and shares no code with the loaders or the
service: an error in the product's queries cannot be repeated here. The only things taken from
the product are the reference taxonomies (review-type jurisdictions, which codes exist) and the
recommendation stop words (graph_service.domain.similarity.STOP_WORDS), which are part of the
definitions rather than of any implementation.

Ordering ties are broken on exact fractions, never on rounded floats, so that the expected order
is the mathematically right one.
"""

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml

# The stop words belong to the definition of "near-identical", so they are the product's; the
# grouping itself is done here, by brute force.
from graph_service.domain.similarity import STOP_WORDS

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "graph_service" / "loaders" / "reference"

type Dimension = Literal["PERENNIAL_ISSUE", "THEME", "STRAND", "SYSTEMS_FACTOR"]
type Element = tuple[str, str]  # (kind, code): a code of each kind is a different element
type ImrGroupBy = Literal["NONE", "FORCE", "REVIEW_TYPE", "YEAR"]
type SearchKind = Literal["REVIEW", "FINDING", "RECOMMENDATION", "PRACTICE_CHANGE"]

OUTCOME_DIRECTIONS = ("improved", "no_change", "worsened", "unknown")
# A practice change with one of these statuses makes the recommendations it implements
# "implemented" (docs/analytics.md, derived Recommendation.implemented).
DONE_CHANGE_STATUSES = frozenset({"implemented", "embedded"})
IMR_SCORES = range(4)

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits: \w without the underscore


class NotFoundError(LookupError):
    """The API answers NOT_FOUND: an unknown code, or an unknown or invisible id."""


@dataclass(frozen=True)
class Visibility:
    include_restricted: bool = False
    include_imr: bool = False


PUBLIC = Visibility()
EVERYTHING = Visibility(include_restricted=True, include_imr=True)


# ---------------------------------------------------------------------------------------------
# The dataset, as plain records


@dataclass(frozen=True)
class Reference:
    """Which codes exist, and each review type's jurisdiction."""

    jurisdictions: dict[str, str]
    perennial_issues: frozenset[str]
    themes: frozenset[str]
    strands: frozenset[str]
    systems_factors: frozenset[str]
    forces: frozenset[str]
    imr_criteria: frozenset[str]


@dataclass(frozen=True)
class Review:
    id: str
    title: str
    review_type: str
    jurisdiction: str | None
    status: str
    restricted: bool
    published_on: str | None
    initiated_on: str | None
    year: int | None
    force_ids: tuple[str, ...]
    strands: tuple[str, ...]
    summary: str | None


@dataclass(frozen=True)
class Finding:
    id: str
    review_id: str
    text: str
    kind: str
    issues: frozenset[str]
    themes: frozenset[str]
    systems_factors: frozenset[str]  # codes only; the effect does not matter to any figure


@dataclass(frozen=True)
class Recommendation:
    id: str
    review_id: str
    text: str
    addressed_to: frozenset[str]
    finding_ids: frozenset[str]
    level: str
    status: str


@dataclass(frozen=True)
class PracticeChange:
    id: str
    agency_id: str
    description: str
    status: str
    implements: frozenset[str]
    completed_on: str | None


@dataclass(frozen=True)
class Outcome:
    id: str
    change_id: str
    direction: str


@dataclass(frozen=True)
class ImrAssessment:
    id: str
    review_id: str
    agency_id: str
    scores: dict[str, int]


@dataclass(frozen=True)
class GovernanceRecord:
    force_id: str
    recorded_on: str
    has_review_team: bool | None
    review_lead_role: str | None
    oversight_board: str | None
    recommendation_tracking: str | None
    imr_signoff_role: str | None
    notes: str | None


@dataclass
class Dataset:
    reference: Reference
    reviews: dict[str, Review]
    findings: dict[str, Finding]
    recommendations: dict[str, Recommendation]
    practice_changes: dict[str, PracticeChange]
    outcomes: dict[str, Outcome]
    imr_assessments: dict[str, ImrAssessment]
    governance: list[GovernanceRecord]

    def visible_reviews(self, visibility: Visibility) -> list[Review]:
        return [
            r for r in self.reviews.values() if visibility.include_restricted or not r.restricted
        ]

    def sees(self, visibility: Visibility, review_id: str) -> bool:
        return visibility.include_restricted or not self.reviews[review_id].restricted

    # Look-ups from one entity to the entities that hang off it, each list ordered by id.

    @cached_property
    def findings_of_review(self) -> dict[str, list[Finding]]:
        return _grouped(self.findings.values(), lambda f: [f.review_id])

    @cached_property
    def recommendations_of_review(self) -> dict[str, list[Recommendation]]:
        return _grouped(self.recommendations.values(), lambda r: [r.review_id])

    @cached_property
    def recommendations_of_finding(self) -> dict[str, list[Recommendation]]:
        return _grouped(self.recommendations.values(), lambda r: r.finding_ids)

    @cached_property
    def changes_of_recommendation(self) -> dict[str, list[PracticeChange]]:
        return _grouped(self.practice_changes.values(), lambda c: c.implements)

    @cached_property
    def outcomes_of_change(self) -> dict[str, list[Outcome]]:
        return _grouped(self.outcomes.values(), lambda o: [o.change_id])

    def is_implemented(self, recommendation_id: str) -> bool:
        return any(
            c.status in DONE_CHANGE_STATUSES
            for c in self.changes_of_recommendation.get(recommendation_id, [])
        )

    @cached_property
    def elements_of_review(self) -> dict[str, frozenset[Element]]:
        """The codes each review raises through its findings, each tagged with its kind."""
        elements: dict[str, set[Element]] = {review_id: set() for review_id in self.reviews}
        for finding in self.findings.values():
            of_review = elements.setdefault(finding.review_id, set())
            of_review |= {("PERENNIAL_ISSUE", code) for code in finding.issues}
            of_review |= {("THEME", code) for code in finding.themes}
            of_review |= {("SYSTEMS_FACTOR", code) for code in finding.systems_factors}
        return {review_id: frozenset(codes) for review_id, codes in elements.items()}

    @cached_property
    def targets_of_recommendation(self) -> dict[str, frozenset[str]]:
        """The perennial issues each recommendation targets: those of the findings it addresses."""
        return {
            r.id: frozenset(
                code
                for finding_id in r.finding_ids
                if finding_id in self.findings
                for code in self.findings[finding_id].issues
            )
            for r in self.recommendations.values()
        }


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _grouped[T: _HasId](
    items: Iterable[T], keys_of: Callable[[T], Iterable[str]]
) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for item in sorted(items, key=lambda i: i.id):
        for key in sorted(set(keys_of(item))):
            groups[key].append(item)
    return dict(groups)


# ---------------------------------------------------------------------------------------------
# Reading the files of the import format (docs/loading.md), with the loader's defaults


def read_reference(folder: Path = REFERENCE_DIR) -> Reference:
    def entries(name: str) -> list[dict[str, Any]]:
        loaded = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        return list(loaded["entries"])

    def codes(name: str) -> frozenset[str]:
        return frozenset(str(entry["code"]) for entry in entries(name))

    return Reference(
        jurisdictions={str(e["code"]): str(e["jurisdiction"]) for e in entries("review_types")},
        perennial_issues=codes("perennial_issues"),
        themes=codes("themes"),
        strands=codes("strands"),
        systems_factors=codes("systems_factors"),
        forces=codes("forces"),
        imr_criteria=codes("imr_criteria"),
    )


def _rows(folder: Path, stem: str) -> Iterator[dict[str, Any]]:
    """One entity's rows as dicts; absent or empty values left out, lists as lists."""
    csv_path, jsonl_path = folder / f"{stem}.csv", folder / f"{stem}.jsonl"
    if csv_path.exists():
        with csv_path.open(encoding="utf-8-sig", newline="") as source:
            for row in csv.DictReader(source):
                # An empty cell is no value, as a missing JSON key is.
                cells = {key.strip(): (cell or "").strip() for key, cell in row.items()}
                if values := {key: cell for key, cell in cells.items() if cell}:
                    yield values
    elif jsonl_path.exists():
        # Split on newlines only: JSON strings may hold U+2028, which splitlines() would cut.
        for line in jsonl_path.read_text(encoding="utf-8-sig").split("\n"):
            if line.strip():
                # null is no value; text is trimmed, as the loader trims it.
                values = json.loads(line).items()
                yield {
                    k: v.strip() if isinstance(v, str) else v for k, v in values if v is not None
                }


def _text(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _list(row: dict[str, Any], key: str) -> list[str]:
    value = row.get(key, [])
    items = value.split(";") if isinstance(value, str) else value
    return [str(item).strip() for item in items if str(item).strip()]


def _bool(row: dict[str, Any], key: str) -> bool | None:
    value = row.get(key)
    if value is None or isinstance(value, bool):
        return value
    return str(value) == "true"


def _scores(row: dict[str, Any]) -> dict[str, int]:
    """JSON Lines: a ``scores`` object; CSV: one ``score_CODE`` column per criterion."""
    if isinstance(row.get("scores"), dict):
        return {str(code).strip(): int(score) for code, score in row["scores"].items()}
    return {
        key.removeprefix("score_"): int(value)
        for key, value in row.items()
        if key.startswith("score_")
    }


def _year(*dates: str | None) -> int | None:
    return next((int(d[:4]) for d in dates if d), None)


def load_dataset(folder: Path, reference: Reference | None = None) -> Dataset:
    """Read the dataset folder's files as the loader would store them."""
    reference = reference or read_reference()
    reviews: dict[str, Review] = {}
    for row in _rows(folder, "reviews"):
        status = row["status"]
        restricted = _bool(row, "restricted")
        published_on, initiated_on = _text(row, "published_on"), _text(row, "initiated_on")
        reviews[row["review_id"]] = Review(
            id=row["review_id"],
            title=row["title"],
            review_type=row["review_type"],
            jurisdiction=reference.jurisdictions.get(row["review_type"]),
            status=status,
            # Not said: restricted unless published (the loader's default).
            restricted=restricted if restricted is not None else status != "published",
            published_on=published_on,
            initiated_on=initiated_on,
            year=_year(published_on, initiated_on),
            force_ids=tuple(_list(row, "force_ids")),
            strands=tuple(_list(row, "strands")),
            summary=_text(row, "summary"),
        )
    findings = {
        row["finding_id"]: Finding(
            id=row["finding_id"],
            review_id=row["review_id"],
            text=row["text"],
            kind=row["kind"],
            issues=frozenset(_list(row, "perennial_issues")),
            themes=frozenset(_list(row, "themes")),
            systems_factors=frozenset(
                item.partition(":")[0].strip() for item in _list(row, "systems_factors")
            ),
        )
        for row in _rows(folder, "findings")
    }
    recommendations = {
        row["recommendation_id"]: Recommendation(
            id=row["recommendation_id"],
            review_id=row["review_id"],
            text=row["text"],
            addressed_to=frozenset(_list(row, "addressed_to")),
            finding_ids=frozenset(_list(row, "addresses_findings")),
            level=row["level"],
            status=_text(row, "status") or "open",
        )
        for row in _rows(folder, "recommendations")
    }
    practice_changes = {
        row["change_id"]: PracticeChange(
            id=row["change_id"],
            agency_id=row["agency_id"],
            description=row["description"],
            status=row["status"],
            implements=frozenset(_list(row, "implements")),
            completed_on=_text(row, "completed_on"),
        )
        for row in _rows(folder, "practice_changes")
    }
    outcomes = {
        row["outcome_id"]: Outcome(row["outcome_id"], row["change_id"], row["direction"])
        for row in _rows(folder, "outcomes")
    }
    imr_assessments = {
        row["assessment_id"]: ImrAssessment(
            id=row["assessment_id"],
            review_id=row["review_id"],
            agency_id=row["agency_id"],
            scores=_scores(row),
        )
        for row in _rows(folder, "imr_assessments")
    }
    governance = [
        GovernanceRecord(
            force_id=row["force_id"],
            recorded_on=row["recorded_on"],
            has_review_team=_bool(row, "has_review_team"),
            review_lead_role=_text(row, "review_lead_role"),
            oversight_board=_text(row, "oversight_board"),
            recommendation_tracking=_text(row, "recommendation_tracking"),
            imr_signoff_role=_text(row, "imr_signoff_role"),
            notes=_text(row, "notes"),
        )
        for row in _rows(folder, "governance")
    ]
    return Dataset(
        reference=reference,
        reviews=dict(sorted(reviews.items())),
        findings=dict(sorted(findings.items())),
        recommendations=dict(sorted(recommendations.items())),
        practice_changes=dict(sorted(practice_changes.items())),
        outcomes=dict(sorted(outcomes.items())),
        imr_assessments=dict(sorted(imr_assessments.items())),
        governance=governance,
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _year_order(year: int | None) -> tuple[bool, int]:
    """Years ascending, no year last."""
    return (year is None, year or 0)


# ---------------------------------------------------------------------------------------------
# recurringIssues


@dataclass(frozen=True)
class ReviewTypeCounts:
    review_type: str
    reviews: int
    findings: int


@dataclass(frozen=True)
class YearCounts:
    year: int | None
    reviews: int
    findings: int


@dataclass(frozen=True)
class RecurringIssue:
    code: str
    reviews: int
    findings: int
    by_review_type: list[ReviewTypeCounts]  # ordered by review type code
    by_year: list[YearCounts]  # ordered by year, no year last
    review_types: list[str]  # distinct, sorted
    forces: list[str]  # distinct force areas, sorted
    first_seen: str | None
    last_seen: str | None


def _codes_of(finding: Finding, dimension: Dimension) -> frozenset[str]:
    match dimension:
        case "PERENNIAL_ISSUE":
            return finding.issues
        case "THEME":
            return finding.themes
        case "SYSTEMS_FACTOR":
            return finding.systems_factors
        case "STRAND":
            raise ValueError("strands belong to reviews, not findings")


def _in_years(year: int | None, year_from: int | None, year_to: int | None) -> bool:
    if year_from is None and year_to is None:
        return True
    if year is None:
        return False
    return (year_from is None or year >= year_from) and (year_to is None or year <= year_to)


def _any_of(values: Iterable[str], wanted: list[str] | None) -> bool:
    """No filter when the list is not given (None or empty)."""
    return not wanted or bool(set(values) & set(wanted))


def recurring_issues(
    ds: Dataset,
    dimension: Dimension,
    visibility: Visibility = PUBLIC,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    review_types: list[str] | None = None,
    forces: list[str] | None = None,
    strands: list[str] | None = None,
    jurisdiction: str | None = None,
    min_review_types: int | None = None,
) -> list[RecurringIssue]:
    selected = [
        r
        for r in ds.visible_reviews(visibility)
        if _in_years(r.year, year_from, year_to)
        and _any_of([r.review_type], review_types)
        and _any_of(r.force_ids, forces)
        and _any_of(r.strands, strands)
        and (jurisdiction is None or r.jurisdiction == jurisdiction)
    ]
    # code -> review id -> the review's findings counted for the code
    raised: dict[str, dict[str, int]] = defaultdict(dict)
    for review in selected:
        review_findings = ds.findings_of_review.get(review.id, [])
        if dimension == "STRAND":
            for strand in set(review.strands):
                raised[strand][review.id] = len(review_findings)
            continue
        for finding in review_findings:
            for code in _codes_of(finding, dimension):
                raised[code][review.id] = raised[code].get(review.id, 0) + 1
    entries: list[RecurringIssue] = []
    for code, findings_by_review in raised.items():
        reviews = [ds.reviews[review_id] for review_id in findings_by_review]
        by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_year: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
        for review in reviews:
            for counts in (by_type[review.review_type], by_year[review.year]):
                counts[0] += 1
                counts[1] += findings_by_review[review.id]
        published = [r.published_on for r in reviews if r.published_on]
        entries.append(
            RecurringIssue(
                code=code,
                reviews=len(reviews),
                findings=sum(findings_by_review.values()),
                by_review_type=[ReviewTypeCounts(t, n, f) for t, (n, f) in sorted(by_type.items())],
                by_year=[
                    YearCounts(y, n, f)
                    for y, (n, f) in sorted(by_year.items(), key=lambda i: _year_order(i[0]))
                ],
                review_types=sorted(by_type),
                forces=sorted({force for r in reviews for force in r.force_ids}),
                first_seen=min(published, default=None),
                last_seen=max(published, default=None),
            )
        )
    if min_review_types is not None:
        entries = [e for e in entries if len(e.review_types) >= min_review_types]
    return sorted(entries, key=lambda e: (-e.reviews, e.code))


# ---------------------------------------------------------------------------------------------
# issuePathway


@dataclass(frozen=True)
class PathwayStages:
    findings: int
    reviews: int
    recommendations: int
    practice_changes: int
    outcomes: int
    outcomes_by_direction: dict[str, int]  # every direction, zero included
    findings_addressed: float | None
    recommendations_implemented: float | None
    changes_with_outcome: float | None
    outcomes_improved: float | None


@dataclass(frozen=True)
class IssuePathway:
    code: str
    stages: PathwayStages
    by_review_type: dict[str, PathwayStages]  # review types of the findings, by code
    open_recommendations: list[str]  # stage-2 recommendations with no practice change, by id
    changes_without_outcome: list[str]  # stage-3 changes with no outcome, by id


@dataclass(frozen=True)
class _Reached:
    stages: PathwayStages
    recommendations: list[Recommendation]
    changes: list[PracticeChange]


def _follow(ds: Dataset, visibility: Visibility, findings: list[Finding]) -> _Reached:
    """The four stages from a set of visible findings."""
    recommendations: dict[str, Recommendation] = {}
    addressed = 0
    for finding in findings:
        reached = [
            r
            for r in ds.recommendations_of_finding.get(finding.id, [])
            if ds.sees(visibility, r.review_id)
        ]
        addressed += bool(reached)
        recommendations.update((r.id, r) for r in reached)
    changes: dict[str, PracticeChange] = {}
    for recommendation in recommendations.values():
        changes.update((c.id, c) for c in ds.changes_of_recommendation.get(recommendation.id, []))
    outcomes: dict[str, Outcome] = {}
    for change in changes.values():
        outcomes.update((o.id, o) for o in ds.outcomes_of_change.get(change.id, []))
    directions = Counter(o.direction for o in outcomes.values())
    implemented = [r for r in recommendations.values() if ds.changes_of_recommendation.get(r.id)]
    with_outcome = [c for c in changes.values() if ds.outcomes_of_change.get(c.id)]
    stages = PathwayStages(
        findings=len(findings),
        reviews=len({f.review_id for f in findings}),
        recommendations=len(recommendations),
        practice_changes=len(changes),
        outcomes=len(outcomes),
        outcomes_by_direction={d: directions[d] for d in OUTCOME_DIRECTIONS},
        findings_addressed=_share(addressed, len(findings)),
        recommendations_implemented=_share(len(implemented), len(recommendations)),
        changes_with_outcome=_share(len(with_outcome), len(changes)),
        outcomes_improved=_share(directions["improved"], len(outcomes)),
    )
    return _Reached(
        stages,
        sorted(recommendations.values(), key=lambda r: r.id),
        sorted(changes.values(), key=lambda c: c.id),
    )


def issue_pathway(ds: Dataset, code: str, visibility: Visibility = PUBLIC) -> IssuePathway:
    if code not in ds.reference.perennial_issues:
        raise NotFoundError(f"unknown perennial issue {code!r}")
    findings = [
        f for f in ds.findings.values() if code in f.issues and ds.sees(visibility, f.review_id)
    ]
    reached = _follow(ds, visibility, findings)
    by_type: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_type[ds.reviews[finding.review_id].review_type].append(finding)
    return IssuePathway(
        code=code,
        stages=reached.stages,
        by_review_type={
            review_type: _follow(ds, visibility, type_findings).stages
            for review_type, type_findings in sorted(by_type.items())
        },
        open_recommendations=[
            r.id for r in reached.recommendations if not ds.changes_of_recommendation.get(r.id)
        ],
        changes_without_outcome=[
            c.id for c in reached.changes if not ds.outcomes_of_change.get(c.id)
        ],
    )


# ---------------------------------------------------------------------------------------------
# reviewLearning


@dataclass(frozen=True)
class ChangeLearning:
    change_id: str
    outcome_ids: list[str]


@dataclass(frozen=True)
class RecommendationLearning:
    recommendation_id: str
    changes: list[ChangeLearning]


@dataclass(frozen=True)
class FindingLearning:
    finding_id: str
    recommendations: list[RecommendationLearning]


@dataclass(frozen=True)
class ReviewLearning:
    review_id: str
    findings: list[FindingLearning]
    # The review's recommendations that address no finding, with their changes too.
    unlinked_recommendations: list[RecommendationLearning]


def review_learning(ds: Dataset, review_id: str, visibility: Visibility = PUBLIC) -> ReviewLearning:
    if review_id not in ds.reviews or not ds.sees(visibility, review_id):
        raise NotFoundError(f"no visible review {review_id!r}")

    def learning(recommendation: Recommendation) -> RecommendationLearning:
        return RecommendationLearning(
            recommendation.id,
            [
                ChangeLearning(c.id, [o.id for o in ds.outcomes_of_change.get(c.id, [])])
                for c in ds.changes_of_recommendation.get(recommendation.id, [])
            ],
        )

    return ReviewLearning(
        review_id=review_id,
        findings=[
            FindingLearning(
                f.id,
                [
                    learning(r)
                    for r in ds.recommendations_of_finding.get(f.id, [])
                    if ds.sees(visibility, r.review_id)
                ],
            )
            for f in ds.findings_of_review.get(review_id, [])
        ],
        unlinked_recommendations=[
            learning(r)
            for r in ds.recommendations_of_review.get(review_id, [])
            if not r.finding_ids
        ],
    )


# ---------------------------------------------------------------------------------------------
# relatedReviews


@dataclass(frozen=True)
class RelatedReview:
    review_id: str
    score: float
    shared: int
    shared_perennial_issues: list[str]
    shared_themes: list[str]
    shared_systems_factors: list[str]


def _of_kind(elements: Iterable[Element], kind: str) -> list[str]:
    return sorted(code for element_kind, code in elements if element_kind == kind)


def related_reviews(
    ds: Dataset, review_id: str, visibility: Visibility = PUBLIC
) -> list[RelatedReview]:
    if review_id not in ds.reviews or not ds.sees(visibility, review_id):
        raise NotFoundError(f"no visible review {review_id!r}")
    own = ds.elements_of_review[review_id]
    ranked: list[tuple[Fraction, RelatedReview]] = []
    for candidate in ds.visible_reviews(visibility):
        if candidate.id == review_id:
            continue
        theirs = ds.elements_of_review[candidate.id]
        shared = own & theirs
        if not shared:
            continue
        score = Fraction(len(shared), len(own | theirs))
        ranked.append(
            (
                score,
                RelatedReview(
                    review_id=candidate.id,
                    score=float(score),
                    shared=len(shared),
                    shared_perennial_issues=_of_kind(shared, "PERENNIAL_ISSUE"),
                    shared_themes=_of_kind(shared, "THEME"),
                    shared_systems_factors=_of_kind(shared, "SYSTEMS_FACTOR"),
                ),
            )
        )
    ranked.sort(key=lambda item: (-item[0], -item[1].shared, item[1].review_id))
    return [related for _, related in ranked]


# ---------------------------------------------------------------------------------------------
# issueCoOccurrence


@dataclass(frozen=True)
class IssuePair:
    issue_a: str  # issue_a < issue_b
    issue_b: str
    reviews: int
    lift: float
    reviews_a: int
    reviews_b: int


def issues_raised(ds: Dataset, visibility: Visibility) -> dict[str, frozenset[str]]:
    """Visible review id -> the perennial issues it raises (reviews raising none left out)."""
    raised: dict[str, frozenset[str]] = {}
    for review in ds.visible_reviews(visibility):
        issues = frozenset(
            code for f in ds.findings_of_review.get(review.id, []) for code in f.issues
        )
        if issues:
            raised[review.id] = issues
    return raised


def issue_co_occurrence(
    ds: Dataset,
    visibility: Visibility = PUBLIC,
    *,
    min_reviews: int = 1,
    issue: str | None = None,
) -> list[IssuePair]:
    raised = issues_raised(ds, visibility)
    total = len(raised)  # N: visible reviews raising at least one perennial issue
    per_issue = Counter(code for issues in raised.values() for code in issues)
    per_pair = Counter(
        (a, b) for issues in raised.values() for a in issues for b in issues if a < b
    )
    ranked: list[tuple[Fraction, IssuePair]] = []
    for (a, b), reviews in per_pair.items():
        if reviews < min_reviews or (issue is not None and issue not in (a, b)):
            continue
        lift = Fraction(reviews * total, per_issue[a] * per_issue[b])
        ranked.append((lift, IssuePair(a, b, reviews, float(lift), per_issue[a], per_issue[b])))
    ranked.sort(key=lambda item: (-item[0], -item[1].reviews, item[1].issue_a, item[1].issue_b))
    return [pair for _, pair in ranked]


# ---------------------------------------------------------------------------------------------
# learningGaps


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
    ds: Dataset, visibility: Visibility = PUBLIC, *, min_unimplemented_share: float = 0.5
) -> list[LearningGap]:
    raised = issues_raised(ds, visibility)
    gaps: list[LearningGap] = []
    for code in sorted({c for issues in raised.values() for c in issues}):
        reviews = [ds.reviews[rid] for rid, issues in raised.items() if code in issues]
        recommendations = [
            r
            for r in ds.recommendations.values()
            if ds.sees(visibility, r.review_id) and code in ds.targets_of_recommendation[r.id]
        ]
        unimplemented = [r for r in recommendations if not ds.is_implemented(r.id)]
        completed = [
            c.completed_on
            for r in recommendations
            for c in ds.changes_of_recommendation.get(r.id, [])
            if c.status in DONE_CHANGE_STATUSES and c.completed_on
        ]
        first_change_on = min(completed, default=None)
        after = (
            [r for r in reviews if r.published_on and r.published_on > first_change_on]
            if first_change_on
            else []
        )
        share = _share(len(unimplemented), len(recommendations))
        if after or (share is not None and share >= min_unimplemented_share):
            gaps.append(
                LearningGap(
                    code=code,
                    reviews=len(reviews),
                    recommendations=len(recommendations),
                    unimplemented=len(unimplemented),
                    unimplemented_share=share,
                    first_change_on=first_change_on,
                    reviews_after_change=len(after),
                )
            )
    return sorted(gaps, key=lambda g: (-g.reviews_after_change, -g.unimplemented, g.code))


# ---------------------------------------------------------------------------------------------
# repeatedRecommendations


@dataclass(frozen=True)
class RecommendationGroup:
    group_id: str  # the lowest visible member id
    text: str  # the text of that member
    recommendations: int
    reviews: int
    member_ids: list[str]  # visible members, by id


def word_set(text: str) -> frozenset[str]:
    """Lower-cased runs of letters and digits, stop words removed."""
    return frozenset(_WORD.findall(text.lower())) - STOP_WORDS


def _at_least_seven_tenths(shared: int, either: int) -> bool:
    """shared / either >= 0.7, in integers so that the boundary is exact."""
    return either > 0 and 10 * shared >= 7 * either


def near_identical(a: frozenset[str], b: frozenset[str]) -> bool:
    """Jaccard index at least 0.7; two empty word sets say nothing, so never match."""
    return _at_least_seven_tenths(len(a & b), len(a | b))


def near_identical_groups(ds: Dataset, visibility: Visibility = EVERYTHING) -> list[list[str]]:
    """Every group of two or more near-identical recommendations among those the caller may
    see: a hidden recommendation never links two visible ones.

    Brute force over distinct word sets: identical sets are always one group, and every pair
    of distinct sets is compared, skipping only pairs whose sizes alone rule out a 0.7
    Jaccard index and pairs already in one group (comparing them cannot change the groups).
    """
    ids_by_words: dict[frozenset[str], list[str]] = defaultdict(list)
    for recommendation in ds.recommendations.values():
        if not ds.sees(visibility, recommendation.review_id):
            continue
        words = word_set(recommendation.text)
        if words:  # a recommendation without words is near-identical to nothing
            ids_by_words[words].append(recommendation.id)
    word_sets = sorted(ids_by_words, key=lambda s: (len(s), sorted(s)))
    # Each word set as a bit mask over the vocabulary: the same sets, compared much faster.
    bit = {word: n for n, word in enumerate(sorted(set().union(*word_sets)))}
    masks = [sum(1 << bit[word] for word in words) for words in word_sets]
    parent = list(range(len(word_sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, small in enumerate(word_sets):
        for j in range(i + 1, len(word_sets)):
            # |A & B| / |A | B| <= |A| / |B| when |A| <= |B|: larger sets cannot match any more.
            if 10 * len(small) < 7 * len(word_sets[j]):
                break
            if root(i) != root(j) and _at_least_seven_tenths(
                (masks[i] & masks[j]).bit_count(), (masks[i] | masks[j]).bit_count()
            ):
                parent[root(j)] = root(i)
    members: dict[int, list[str]] = defaultdict(list)
    for i, words in enumerate(word_sets):
        members[root(i)].extend(ids_by_words[words])
    return sorted(
        (sorted(ids) for ids in members.values() if len(ids) >= 2), key=lambda ids: ids[0]
    )


def repeated_recommendations(
    ds: Dataset, visibility: Visibility = PUBLIC, *, min_reviews: int = 2
) -> list[RecommendationGroup]:
    groups: list[RecommendationGroup] = []
    for member_ids in near_identical_groups(ds, visibility):
        visible = [ds.recommendations[rid] for rid in member_ids]
        reviews = {r.review_id for r in visible}
        if len(reviews) < min_reviews:
            continue
        groups.append(
            RecommendationGroup(
                group_id=visible[0].id,
                text=visible[0].text,
                recommendations=len(visible),
                reviews=len(reviews),
                member_ids=[r.id for r in visible],
            )
        )
    return sorted(groups, key=lambda g: (-g.reviews, g.group_id))


# ---------------------------------------------------------------------------------------------
# forceOverview


@dataclass(frozen=True)
class ForceOverview:
    code: str
    reviews: int
    reviews_by_type: dict[str, int]  # by review type code
    recommendations: int
    recommendations_by_status: dict[str, int]  # by status
    practice_changes: int
    practice_changes_by_status: dict[str, int]  # by status
    imr_mean_scores: dict[str, float]  # by criterion code; empty without include_imr
    latest_governance: GovernanceRecord | None


def _sorted_counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def force_overview(ds: Dataset, code: str, visibility: Visibility = PUBLIC) -> ForceOverview:
    if code not in ds.reference.forces:
        raise NotFoundError(f"unknown force {code!r}")
    reviews = [r for r in ds.visible_reviews(visibility) if code in r.force_ids]
    recommendations = [
        r
        for r in ds.recommendations.values()
        if code in r.addressed_to and ds.sees(visibility, r.review_id)
    ]
    changes = [c for c in ds.practice_changes.values() if c.agency_id == code]
    scores: dict[str, list[int]] = defaultdict(list)
    if visibility.include_imr:
        for assessment in ds.imr_assessments.values():
            if assessment.agency_id == code and ds.sees(visibility, assessment.review_id):
                for criterion, score in assessment.scores.items():
                    scores[criterion].append(score)
    records = [g for g in ds.governance if g.force_id == code]
    return ForceOverview(
        code=code,
        reviews=len(reviews),
        reviews_by_type=_sorted_counts(r.review_type for r in reviews),
        recommendations=len(recommendations),
        recommendations_by_status=_sorted_counts(r.status for r in recommendations),
        practice_changes=len(changes),
        practice_changes_by_status=_sorted_counts(c.status for c in changes),
        imr_mean_scores={c: sum(s) / len(s) for c, s in sorted(scores.items())},
        latest_governance=max(records, key=lambda g: g.recorded_on, default=None),
    )


# ---------------------------------------------------------------------------------------------
# imrQuality


@dataclass(frozen=True)
class CriterionQuality:
    code: str
    assessed: int
    mean: float
    distribution: list[int]  # how many scores of 0, 1, 2 and 3


@dataclass(frozen=True)
class ImrQualityGroup:
    key: str | int | None  # None for groupBy NONE, and for the reviews with no year
    criteria: list[CriterionQuality]  # weakest first: mean ascending, then code


def _criteria(assessments: list[ImrAssessment]) -> list[CriterionQuality]:
    scores: dict[str, list[int]] = defaultdict(list)
    for assessment in assessments:
        for criterion, score in assessment.scores.items():
            scores[criterion].append(score)
    weakest_first = sorted(scores.items(), key=lambda i: (Fraction(sum(i[1]), len(i[1])), i[0]))
    return [
        CriterionQuality(
            code=code,
            assessed=len(given),
            mean=sum(given) / len(given),
            distribution=[given.count(score) for score in IMR_SCORES],
        )
        for code, given in weakest_first
    ]


def imr_quality(
    ds: Dataset,
    visibility: Visibility = PUBLIC,
    *,
    group_by: ImrGroupBy = "NONE",
    review_types: list[str] | None = None,
    forces: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[ImrQualityGroup]:
    """One group per key that has an assessment; no groups at all without include_imr."""
    if not visibility.include_imr:
        return []
    groups: dict[str | int | None, list[ImrAssessment]] = defaultdict(list)
    for assessment in ds.imr_assessments.values():
        review = ds.reviews[assessment.review_id]
        if not (
            ds.sees(visibility, review.id)
            and _any_of([review.review_type], review_types)
            and _any_of([assessment.agency_id], forces)
            and _in_years(review.year, year_from, year_to)
        ):
            continue
        match group_by:
            case "NONE":
                groups[None].append(assessment)
            case "FORCE":
                # Police IMRs only: every force is an agency whose id is its force code.
                if assessment.agency_id in ds.reference.forces:
                    groups[assessment.agency_id].append(assessment)
            case "REVIEW_TYPE":
                groups[review.review_type].append(assessment)
            case "YEAR":
                groups[review.year].append(assessment)

    def order(key: str | int | None) -> tuple[bool, str | int]:
        return (key is None, key if key is not None else 0)

    return [ImrQualityGroup(key, _criteria(groups[key])) for key in sorted(groups, key=order)]


# ---------------------------------------------------------------------------------------------
# search: the engine finds the matches (recall check); the score comes from the text


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def entities_with_all_words(
    ds: Dataset, text: str, visibility: Visibility = PUBLIC
) -> set[tuple[SearchKind, str]]:
    """Visible (kind, id) whose searchable text holds every word of ``text`` (any case).

    A review's searchable text is its title and summary together. A full-text engine may match
    more (stemming, ignored stop words); every entity listed here must be among its results.
    """
    wanted = words(text)
    if not wanted:
        return set()
    found: set[tuple[SearchKind, str]] = set()
    for review in ds.visible_reviews(visibility):
        if wanted <= words(f"{review.title} {review.summary or ''}"):
            found.add(("REVIEW", review.id))
    for finding in ds.findings.values():
        if ds.sees(visibility, finding.review_id) and wanted <= words(finding.text):
            found.add(("FINDING", finding.id))
    for recommendation in ds.recommendations.values():
        if ds.sees(visibility, recommendation.review_id) and wanted <= words(recommendation.text):
            found.add(("RECOMMENDATION", recommendation.id))
    for change in ds.practice_changes.values():
        if wanted <= words(change.description):
            found.add(("PRACTICE_CHANGE", change.id))
    return found


SEARCH_KIND_ORDER: tuple[SearchKind, ...] = (
    "REVIEW",
    "FINDING",
    "RECOMMENDATION",
    "PRACTICE_CHANGE",
)


def searchable_text(ds: Dataset, kind: SearchKind, id_: str) -> str:
    """What search reads of an entity: a review's title and summary joined by a space, a
    finding's or recommendation's text, a practice change's description."""
    match kind:
        case "REVIEW":
            review = ds.reviews[id_]
            return f"{review.title} {review.summary or ''}"
        case "FINDING":
            return ds.findings[id_].text
        case "RECOMMENDATION":
            return ds.recommendations[id_].text
        case "PRACTICE_CHANGE":
            return ds.practice_changes[id_].description


def search_score(ds: Dataset, text: str, kind: SearchKind, id_: str) -> int:
    """How many times the words of ``text`` occur in the entity's lower-cased searchable text,
    within longer words too (non-overlapping, as str.count counts), summed over the words."""
    searched = searchable_text(ds, kind, id_).lower()
    return sum(searched.count(word) for word in words(text))


def search_rank(hit: tuple[int, SearchKind, str]) -> tuple[int, int, str]:
    """The order of search hits given as (score, kind, id): score descending, then kind
    (reviews, findings, recommendations, practice changes), then id."""
    score, kind, id_ = hit
    return (-score, SEARCH_KIND_ORDER.index(kind), id_)


__all__ = [
    "EVERYTHING",
    "PUBLIC",
    "STOP_WORDS",
    "Dataset",
    "NotFoundError",
    "Visibility",
    "entities_with_all_words",
    "force_overview",
    "imr_quality",
    "issue_co_occurrence",
    "issue_pathway",
    "learning_gaps",
    "load_dataset",
    "near_identical_groups",
    "recurring_issues",
    "related_reviews",
    "repeated_recommendations",
    "review_learning",
    "search_rank",
    "search_score",
    "searchable_text",
    "word_set",
]
