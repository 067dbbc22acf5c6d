"""Validates a whole dataset before anything is written.

Three steps: parse every row with its model; list the ids the rows refer to that the dataset
does not hold itself (the caller looks them up in the graph); then check every reference,
code and date order against the dataset plus what the graph holds, and every retirement
against what would still need the retired entity.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from graph_service.loaders.dataset.problems import Problem
from graph_service.loaders.dataset.reader import RawDataset, RawFile
from graph_service.loaders.dataset.rows import (
    AgencyRow,
    BriefingRow,
    FindingRow,
    GovernanceRow,
    ImrAssessmentRow,
    OutcomeRow,
    PracticeChangeRow,
    RecommendationRow,
    ResourceRow,
    RetirementRow,
    ReviewRow,
)
from graph_service.loaders.dataset.schema import BY_STEM, ENTITIES, RETIREMENTS, Entity


@dataclass(frozen=True)
class Parsed:
    """A row that passed its model, with where it came from."""

    file: str
    line: int
    row: Any


def entity_id(stem: str, row: Any) -> str:
    """The graph id of an entity's row: its key, or FORCE:YYYY-MM-DD for a governance record."""
    key = BY_STEM[stem].key
    return ":".join(getattr(row, part) for part in key)


@dataclass
class ParsedDataset:
    rows: dict[str, list[Parsed]] = field(default_factory=dict)
    # Ids of rows that failed their model: other rows may still refer to them, and saying
    # those references are unknown would only repeat the row's own problem.
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    retirements: list[Parsed] = field(default_factory=list)

    def of(self, stem: str) -> list[Parsed]:
        return self.rows.get(stem, [])

    def ids(self, stem: str, key: str) -> set[str]:
        valid = {getattr(p.row, key) for p in self.of(stem)}
        return valid | self.invalid_ids.get(stem, set())

    def by_id(self, stem: str) -> dict[str, Parsed]:
        """The rows of one entity by their graph id."""
        return {entity_id(stem, p.row): p for p in self.of(stem)}

    def retiring(self) -> dict[str, dict[str, Parsed]]:
        """The retirement rows, by entity stem and id."""
        retired: dict[str, dict[str, Parsed]] = {}
        for p in self.retirements:
            retired.setdefault(p.row.entity, {})[p.row.id] = p
        return retired


@dataclass
class GraphFacts:
    """What the graph already holds that the dataset may refer to."""

    codes: dict[str, set[str]] = field(default_factory=dict)  # taxonomy -> current codes
    retired: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # code -> successors
    agencies: set[str] = field(default_factory=set)  # includes every force code
    reviews: set[str] = field(default_factory=set)
    finding_reviews: dict[str, str] = field(default_factory=dict)  # finding id -> review id
    recommendations: set[str] = field(default_factory=set)
    practice_changes: set[str] = field(default_factory=set)
    briefings: set[str] = field(default_factory=set)
    jurisdictions: dict[str, str] = field(default_factory=dict)  # review type -> jurisdiction
    # Findings the dataset moves to another review -> recommendations in the graph (id,
    # review) that address them.
    moved_findings_addressed_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Of the entities the dataset retires, those in the graph (stem -> ids).
    retirable: dict[str, set[str]] = field(default_factory=dict)
    # Entities in the graph that need an entity the dataset retires.
    dependents: list["Dependent"] = field(default_factory=list)
    # (stem, id) of entities retired before, whose tombstones the graph keeps.
    tombstones: set[tuple[str, str]] = field(default_factory=set)


@dataclass(frozen=True)
class Dependent:
    """An entity in the graph that needs others: its ``field`` names them (``needs``); it
    needs every one of them, or for a recommendation's addressees at least one."""

    stem: str
    id: str
    field: str
    needs: tuple[str, ...]


@dataclass
class Lookups:
    """Ids the dataset refers to without holding them: to be looked up in the graph."""

    agencies: set[str] = field(default_factory=set)
    reviews: set[str] = field(default_factory=set)
    findings: set[str] = field(default_factory=set)
    recommendations: set[str] = field(default_factory=set)
    practice_changes: set[str] = field(default_factory=set)
    briefings: set[str] = field(default_factory=set)
    retirements: dict[str, set[str]] = field(default_factory=dict)  # stem -> ids it retires


def parse(raw: RawDataset) -> tuple[ParsedDataset, list[Problem]]:
    """Run every row through its model and find duplicate keys within each file."""
    parsed = ParsedDataset()
    problems: list[Problem] = []
    for entity in ENTITIES:
        raw_file = raw.files.get(entity.stem)
        if raw_file is not None:
            invalid = parsed.invalid_ids.setdefault(entity.stem, set())
            parsed.rows[entity.stem] = _parse_file(entity, raw_file, invalid, problems)
    retirements = raw.files.get(RETIREMENTS.stem)
    if retirements is not None:
        parsed.retirements = _parse_file(RETIREMENTS, retirements, set(), problems)
    return parsed, problems


def _parse_file(
    entity: Entity, raw_file: RawFile, invalid: set[str], problems: list[Problem]
) -> list[Parsed]:
    """The rows of one file that pass their model; the keys of those that do not go in
    ``invalid``."""
    rows: list[Parsed] = []
    first_seen: dict[tuple[str, ...], int] = {}
    for raw_row in raw_file.rows:
        key = tuple(str(raw_row.values.get(part) or "").strip() for part in entity.key)
        complete = all(key)  # a missing key is the model's to report
        if complete and key in first_seen:
            problems.append(
                Problem(
                    raw_file.name,
                    raw_row.line,
                    entity.key[0] if len(entity.key) == 1 else "+".join(entity.key),
                    f"duplicate {'/'.join(key)!r}; first on line {first_seen[key]}",
                )
            )
            continue
        if complete:
            first_seen[key] = raw_row.line
        try:
            row = entity.model.model_validate(raw_row.values)
        except ValidationError as exc:
            problems.extend(_model_problems(raw_file.name, raw_row.line, exc))
            if complete:
                invalid.add(key[0])
            continue
        rows.append(Parsed(raw_file.name, raw_row.line, row))
    return rows


def lookups(parsed: ParsedDataset) -> Lookups:
    """The ids referred to that the dataset itself does not define."""
    agencies = parsed.ids("agencies", "agency_id")
    reviews = parsed.ids("reviews", "review_id")
    findings = parsed.ids("findings", "finding_id")
    recommendations = parsed.ids("recommendations", "recommendation_id")
    changes = parsed.ids("practice_changes", "change_id")
    briefings = parsed.ids("briefings", "briefing_id")
    wanted = Lookups()
    for p in parsed.of("reviews"):
        wanted.agencies |= set(p.row.agency_ids) - agencies
        wanted.reviews |= set(p.row.related_review_ids) - reviews
    for p in parsed.of("findings"):
        wanted.reviews |= {p.row.review_id} - reviews
        wanted.agencies |= set(p.row.agency_ids) - agencies
    for p in parsed.of("recommendations"):
        wanted.reviews |= {p.row.review_id} - reviews
        wanted.agencies |= set(p.row.addressed_to) - agencies
        wanted.findings |= set(p.row.addresses_findings) - findings
    for p in parsed.of("practice_changes"):
        wanted.agencies |= {p.row.agency_id} - agencies
        wanted.recommendations |= set(p.row.implements) - recommendations
        wanted.briefings |= set(p.row.informed_by_briefings) - briefings
    for p in parsed.of("outcomes"):
        wanted.practice_changes |= {p.row.change_id} - changes
    for p in parsed.of("imr_assessments"):
        wanted.reviews |= {p.row.review_id} - reviews
        wanted.agencies |= {p.row.agency_id} - agencies
    for p in parsed.of("briefings"):
        wanted.reviews |= set(p.row.cites_reviews) - reviews
        wanted.findings |= set(p.row.cites_findings) - findings
    for stem, retired in parsed.retiring().items():
        wanted.retirements[stem] = set(retired)
    return wanted


class _Checker:
    def __init__(self, parsed: ParsedDataset, facts: GraphFacts) -> None:
        self.parsed = parsed
        self.facts = facts
        self.problems: list[Problem] = []
        self.agencies = parsed.ids("agencies", "agency_id") | facts.agencies
        self.reviews = parsed.ids("reviews", "review_id") | facts.reviews
        self.finding_review = dict(facts.finding_reviews)
        self.finding_review.update(
            {p.row.finding_id: p.row.review_id for p in parsed.of("findings")}
        )
        self.findings = set(self.finding_review)
        self.recommendations = (
            parsed.ids("recommendations", "recommendation_id") | facts.recommendations
        )
        self.changes = parsed.ids("practice_changes", "change_id") | facts.practice_changes
        self.briefings = parsed.ids("briefings", "briefing_id") | facts.briefings
        self.retiring = parsed.retiring()

    def report(self, where: Parsed, field_name: str, message: str) -> None:
        self.problems.append(Problem(where.file, where.line, field_name, message))

    def codes(self, where: Parsed, field_name: str, taxonomy: str, codes: Iterable[str]) -> None:
        known = self.facts.codes.get(taxonomy, set())
        for code in codes:
            if code in known:
                continue
            successors = self.facts.retired.get(taxonomy, {}).get(code)
            if successors is not None:
                use = " or ".join(repr(s) for s in successors) or "a current code"
                self.report(where, field_name, f"{code!r} is a retired code; use {use}")
            else:
                label = taxonomy.replace("_", " ").removesuffix("s")
                self.report(
                    where,
                    field_name,
                    f"unknown {label} code {code!r}: not in the reference list "
                    f"(graph_service/loaders/reference/{taxonomy}.yaml)",
                )

    def exist(
        self, where: Parsed, field_name: str, kind: str, ids: Iterable[str], known: set[str]
    ) -> None:
        for value in ids:
            if self.retired(where, field_name, kind, value):
                continue
            if value not in known:
                self.report(
                    where, field_name, f"unknown {kind} {value!r}: not in the dataset or the graph"
                )

    def retired(self, where: Parsed, field_name: str, kind: str, value: str) -> bool:
        """Whether the dataset retires what a row of it refers to (said as a problem): the
        link would go with the retired entity, and the same dataset would not load again."""
        retirement = self.retiring.get(_STEM_OF_KIND[kind], {}).get(value)
        if retirement is None:
            return False
        self.report(
            where,
            field_name,
            f"{kind} {value!r} is retired by {retirement.file}:{retirement.line}; "
            "a row cannot refer to what its dataset retires",
        )
        return True

    def order(self, where: Parsed, earlier: str, later: str, row: BaseModel) -> None:
        first, second = getattr(row, earlier), getattr(row, later)
        if first is not None and second is not None and second < first:
            self.report(where, later, f"{second} is before {earlier} {first}")


def check(parsed: ParsedDataset, facts: GraphFacts) -> list[Problem]:
    """Every cross-file and in-graph rule of the import format."""
    checker = _Checker(parsed, facts)
    for check_file in _CHECKS:
        check_file(checker)
    return checker.problems


def _check_agencies(c: _Checker) -> None:
    for p in c.parsed.of("agencies"):
        row = cast(AgencyRow, p.row)
        c.codes(p, "sector", "agency_sectors", [row.sector])
        if row.agency_id in c.facts.codes.get("forces", set()):
            c.report(
                p, "agency_id", f"{row.agency_id!r} is a police force, which is already an agency"
            )


def _check_reviews(c: _Checker) -> None:
    for p in c.parsed.of("reviews"):
        review = cast(ReviewRow, p.row)
        c.codes(p, "review_type", "review_types", [review.review_type])
        c.codes(p, "force_ids", "forces", review.force_ids)
        c.codes(p, "strands", "strands", review.strands)
        c.exist(p, "agency_ids", "agency", review.agency_ids, c.agencies)
        c.exist(p, "related_review_ids", "review", review.related_review_ids, c.reviews)
        if review.review_id in review.related_review_ids:
            c.report(p, "related_review_ids", "a review cannot be related to itself")
        if review.status != "published" and review.restricted is False:
            c.report(
                p,
                "restricted",
                f"must be true while status is {review.status}: unpublished reviews are restricted",
            )
        if review.status == "published" and review.published_on is None:
            c.report(p, "published_on", "required when status is published")
        c.order(p, "initiated_on", "published_on", review)


def _check_findings(c: _Checker) -> None:
    for p in c.parsed.of("findings"):
        finding = cast(FindingRow, p.row)
        c.exist(p, "review_id", "review", [finding.review_id], c.reviews)
        c.codes(p, "perennial_issues", "perennial_issues", finding.perennial_issues)
        c.codes(p, "themes", "themes", finding.themes)
        factors = [item.split(":", 1)[0] for item in finding.systems_factors]
        c.codes(p, "systems_factors", "systems_factors", factors)
        if len(set(factors)) != len(factors):
            c.report(p, "systems_factors", "a factor is listed twice; keep one effect per factor")
        c.exist(p, "agency_ids", "agency", finding.agency_ids, c.agencies)


def _check_moved_findings(c: _Checker) -> None:
    """A finding that moves to another review must not stay addressed by a recommendation of
    its old review that the dataset leaves in place."""
    in_dataset = c.parsed.ids("recommendations", "recommendation_id")
    for p in c.parsed.of("findings"):
        finding = cast(FindingRow, p.row)
        for rec_id, rec_review in c.facts.moved_findings_addressed_by.get(finding.finding_id, []):
            if rec_id not in in_dataset and rec_review != finding.review_id:
                c.report(
                    p,
                    "review_id",
                    f"moves the finding to review {finding.review_id!r}, but recommendation "
                    f"{rec_id!r} of review {rec_review!r} addresses it; change that "
                    "recommendation in the same dataset",
                )


def _check_recommendations(c: _Checker) -> None:
    for p in c.parsed.of("recommendations"):
        rec = cast(RecommendationRow, p.row)
        c.exist(p, "review_id", "review", [rec.review_id], c.reviews)
        c.exist(p, "addressed_to", "agency", rec.addressed_to, c.agencies)
        for finding_id in rec.addresses_findings:
            owner = c.finding_review.get(finding_id)
            if c.retired(p, "addresses_findings", "finding", finding_id):
                continue
            if owner is None:
                c.report(
                    p,
                    "addresses_findings",
                    f"unknown finding {finding_id!r}: not in the dataset or the graph",
                )
            elif owner != rec.review_id:
                c.report(
                    p,
                    "addresses_findings",
                    f"finding {finding_id!r} belongs to review {owner!r}, "
                    f"not to this recommendation's review {rec.review_id!r}",
                )
        c.order(p, "made_on", "status_updated_on", rec)


def _check_practice_changes(c: _Checker) -> None:
    for p in c.parsed.of("practice_changes"):
        change = cast(PracticeChangeRow, p.row)
        c.exist(p, "agency_id", "agency", [change.agency_id], c.agencies)
        c.exist(p, "implements", "recommendation", change.implements, c.recommendations)
        c.exist(p, "informed_by_briefings", "briefing", change.informed_by_briefings, c.briefings)
        c.order(p, "started_on", "completed_on", change)


def _check_outcomes(c: _Checker) -> None:
    for p in c.parsed.of("outcomes"):
        outcome = cast(OutcomeRow, p.row)
        c.exist(p, "change_id", "practice change", [outcome.change_id], c.changes)


def _check_imr_assessments(c: _Checker) -> None:
    for p in c.parsed.of("imr_assessments"):
        imr = cast(ImrAssessmentRow, p.row)
        c.exist(p, "review_id", "review", [imr.review_id], c.reviews)
        c.exist(p, "agency_id", "agency", [imr.agency_id], c.agencies)
        c.codes(p, "scores", "imr_criteria", sorted(imr.scores))


def _check_briefings(c: _Checker) -> None:
    for p in c.parsed.of("briefings"):
        briefing = cast(BriefingRow, p.row)
        c.codes(p, "covers_issues", "perennial_issues", briefing.covers_issues)
        c.codes(p, "covers_themes", "themes", briefing.covers_themes)
        c.exist(p, "cites_reviews", "review", briefing.cites_reviews, c.reviews)
        c.exist(p, "cites_findings", "finding", briefing.cites_findings, c.findings)


def _check_governance(c: _Checker) -> None:
    for p in c.parsed.of("governance"):
        record = cast(GovernanceRow, p.row)
        c.codes(p, "force_id", "forces", [record.force_id])


def _check_resources(c: _Checker) -> None:
    for p in c.parsed.of("resources"):
        resource = cast(ResourceRow, p.row)
        c.codes(p, "shared_by", "forces", [resource.shared_by])
        c.codes(p, "issues", "perennial_issues", resource.issues)
        c.codes(p, "themes", "themes", resource.themes)


def _check_retirements(c: _Checker) -> None:
    """Each retirement names an entity in the graph, not a force, that the dataset does not
    load, and that nothing left would still need."""
    forces = c.facts.codes.get("forces", set())
    loaded = {stem: c.parsed.by_id(stem) for stem in c.retiring}
    accepted: dict[str, dict[str, Parsed]] = {}
    for p in c.parsed.retirements:
        retirement = cast(RetirementRow, p.row)
        stem, retired_id = retirement.entity, retirement.id
        kind = _KIND_OF_STEM[stem]
        if stem == "agencies" and retired_id in forces:
            c.report(
                p,
                "id",
                f"{retired_id!r} is a police force; forces come from the reference data and "
                "cannot be retired",
            )
        elif retired_id in loaded[stem]:
            row = loaded[stem][retired_id]
            c.report(
                p,
                "id",
                f"{kind} {retired_id!r} is loaded by {row.file}:{row.line}; a dataset cannot "
                "both load and retire an entity",
            )
        elif retired_id in c.facts.retirable.get(stem, set()):
            accepted.setdefault(stem, {})[retired_id] = p
        elif (stem, retired_id) not in c.facts.tombstones:  # retired before: nothing to do
            c.report(p, "id", f"unknown {kind} {retired_id!r}: not in the graph")
    _check_still_needed(c, accepted)


def _check_still_needed(c: _Checker, accepted: dict[str, dict[str, Parsed]]) -> None:
    """An entity in the graph that the dataset neither retires nor loads again must keep
    what it needs: its review, practice change or agency, or one addressee. Said for the
    retirements that have no other problem."""
    needing: dict[tuple[Parsed, str, str], list[str]] = {}
    loaded = {stem: set(c.parsed.by_id(stem)) for stem in _NEEDING_STEMS}
    for dependent in c.facts.dependents:
        if dependent.id in c.retiring.get(dependent.stem, {}) or dependent.id in loaded.get(
            dependent.stem, set()
        ):
            continue
        needed_stem = _NEEDED_STEM[dependent.field]
        retired = accepted.get(needed_stem, {})
        if not all(need in retired for need in dependent.needs):
            continue  # a recommendation keeps an addressee
        # Said once, on the first retirement that takes what it needs.
        first = min((retired[need] for need in dependent.needs), key=lambda p: p.line)
        needing.setdefault((first, dependent.stem, dependent.field), []).append(dependent.id)
    for (where, stem, field_name), ids in sorted(
        needing.items(), key=lambda item: (item[0][0].line, item[0][1], item[0][2])
    ):
        listed = ", ".join(repr(i) for i in sorted(ids)[:_LISTED])
        more = f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else ""
        needed = cast(RetirementRow, where.row)
        what = (
            "would have no addressee left"
            if field_name == "addressed_to"
            else f"still name {_KIND_OF_STEM[needed.entity]} {needed.id!r}"
        )
        c.report(
            where,
            "id",
            f"{_KIND_OF_STEM[stem]}s {listed}{more} in the graph {what} ({field_name}); "
            "retire them in the same file, or change them in this dataset",
        )


_LISTED = 5
# What the fields that name a needed entity name, and which stems have such fields.
_NEEDED_STEM = {
    "review_id": "reviews",
    "change_id": "practice_changes",
    "agency_id": "agencies",
    "addressed_to": "agencies",
}
_NEEDING_STEMS = ("findings", "recommendations", "imr_assessments", "outcomes", "practice_changes")
# The words problems use for each entity, and back.
_KIND_OF_STEM = {
    "agencies": "agency",
    "reviews": "review",
    "findings": "finding",
    "recommendations": "recommendation",
    "briefings": "briefing",
    "practice_changes": "practice change",
    "outcomes": "outcome",
    "imr_assessments": "IMR assessment",
    "governance": "governance record",
    "resources": "resource",
}
_STEM_OF_KIND = {kind: stem for stem, kind in _KIND_OF_STEM.items()}


_CHECKS = (
    _check_agencies,
    _check_reviews,
    _check_findings,
    _check_moved_findings,
    _check_recommendations,
    _check_practice_changes,
    _check_outcomes,
    _check_imr_assessments,
    _check_briefings,
    _check_governance,
    _check_resources,
    _check_retirements,
)


def _model_problems(file: str, line: int, exc: ValidationError) -> list[Problem]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for error in exc.errors(include_url=False):
        location = error["loc"]
        field_name = str(location[0]) if location else ""
        if len(location) > 1:
            field_name += "".join(f"[{part}]" for part in location[1:])
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "required field is missing or empty"
        elif error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] in ("literal_error", "enum"):
            message = f"{error.get('input')!r} is not allowed: {message.lower()}"
        grouped[field_name].append(message)
    return [Problem(file, line, name, "; ".join(messages)) for name, messages in grouped.items()]
