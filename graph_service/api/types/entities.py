"""GraphQL types of the graph's entities, with their relationships as fields.

Relationship fields go through the request's DataLoaders, so a page of any size costs one
statement per relationship field, never one per item (and none when the root field's composed
read has primed them: those fields answer at once, see :mod:`graph_service.api.ready`).
"""

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, cast

import strawberry

from graph_service.api.bounds import RELATED_MAX, RUBRIC_MAX, TAXONOMY_MAX, first_items
from graph_service.api.info import Info
from graph_service.api.ready import when_loaded
from graph_service.api.types.enums import (
    BriefingKind,
    ChangeStatus,
    ChangeType,
    FactorEffect,
    FindingKind,
    Jurisdiction,
    LoadRunStatus,
    OutcomeDirection,
    RecommendationLevel,
    RecommendationStatus,
    RecommendationTracking,
    ResourceKind,
    ReviewStatus,
    SubjectAgeGroup,
)
from graph_service.api.types.reference import (
    AgencySector,
    Force,
    ImrCriterion,
    PerennialIssue,
    ReviewType,
    Strand,
    SystemsFactor,
    Theme,
)
from graph_service.domain import entities as domain
from graph_service.domain import reference as taxonomy

# The page argument of every relationship list; its count field gives the whole list's length.
Related = Annotated[
    int,
    strawberry.argument(description=f"At most this many, 0 to {RELATED_MAX}."),
]
CUT = f" At most {RELATED_MAX} (first); {{count}} gives how many there are."


def _copied[T](
    cls: type[T], entity: object, renamed: Mapping[str, str] | None = None, **given: Any
) -> T:
    """A GraphQL type made from a domain entity: each of its fields from the entity's field of
    the same name (or of the name ``renamed`` gives), except those ``given``."""
    names = renamed or {}
    values = {
        field.name: getattr(entity, names.get(field.name, field.name))
        for field in dataclasses.fields(cast(Any, cls))
        if field.init and field.name not in given  # fields with resolvers take no value
    }
    made: T = cast(Any, cls)(**values, **given)
    return made


def _one[T](info: Info, kind: str, key: str, convert: Callable[[domain.Entity], T]) -> T | None:
    """The entity of ``kind`` with id ``key``, converted; None if the caller may not see it."""
    return when_loaded(
        info.context.entity(kind).load(key), lambda node: convert(node) if node else None
    )


def _entry[E: taxonomy.Entry, T](
    known: Awaitable[Mapping[str, E]], code: str, convert: Callable[[E], T]
) -> T | None:
    """The taxonomy entry with ``code``, converted; None for a code the taxonomy lacks."""
    return when_loaded(known, lambda found: convert(found[code]) if code in found else None)


def _listed[T](
    info: Info,
    relation: str,
    key: str,
    convert: Callable[[domain.Entity], T],
    first: int | None = None,
) -> list[T]:
    """The first ``first`` items of a relationship list, each converted."""
    return when_loaded(
        info.context.relation(relation).load(key),
        lambda rows: [convert(row["node"]) for row in first_items(rows, first, "first")],
    )


def _counted(info: Info, relation: str, key: str) -> int:
    """How many items a relationship list holds: the rows already read for the list."""
    return when_loaded(info.context.relation(relation).load(key), len)


def _entries[E: taxonomy.Entry, T](
    info: Info,
    relation: str,
    key: str,
    known: Awaitable[Mapping[str, E]],
    convert: Callable[[E], T],
) -> list[T]:
    """The taxonomy entries a relationship list of codes names, known ones only."""
    return _coded(info, relation, key, known, lambda entry, _: convert(entry), TAXONOMY_MAX)


def _issues(info: Info, relation: str, key: str) -> list[PerennialIssue]:
    known = info.context.reference.perennial_issues()
    return _entries(info, relation, key, known, PerennialIssue.from_domain)


def _themes(info: Info, relation: str, key: str) -> list[Theme]:
    return _entries(info, relation, key, info.context.reference.themes(), Theme.from_domain)


def _coded[E: taxonomy.Entry, T](
    info: Info,
    relation: str,
    key: str,
    known: Awaitable[Mapping[str, E]],
    make: Callable[[E, dict[str, Any]], T],
    most: int | None,
) -> list[T]:
    """One item per row of a relationship list of codes (at most ``most``, None: all), made from the
    taxonomy entry its code names and the row (which holds the link's own properties); rows
    of codes the taxonomy lacks are left out."""

    def items(rows: list[dict[str, Any]]) -> list[T]:
        return when_loaded(
            known,
            lambda found: [
                make(found[row["code"]], row) for row in rows[:most] if row["code"] in found
            ],
        )

    return when_loaded(info.context.relation(relation).load(key), items)


@strawberry.type(description="A statutory (or related) case review.")
class Review:
    id: strawberry.ID
    title: str
    review_type_code: str = strawberry.field(description="Code of the review type.")
    jurisdiction: Jurisdiction | None
    status: ReviewStatus
    restricted: bool = strawberry.field(
        description="Unpublished or under embargo: visible only to callers allowed restricted "
        "material."
    )
    published_on: date | None
    initiated_on: date | None
    year: int | None = strawberry.field(description="Year published, else year initiated.")
    subject_age_group: SubjectAgeGroup | None
    summary: str | None
    source_url: str | None
    commissioned_by: str | None = strawberry.field(description="The commissioning body's name.")

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Review":
        review = domain.expect(domain.Review, entity)
        return _copied(cls, review, {"review_type_code": "review_type"})

    @strawberry.field(description="The kind of review.")
    def review_type(self, info: Info) -> ReviewType | None:
        return _entry(
            info.context.reference.review_types(), self.review_type_code, ReviewType.from_domain
        )

    @strawberry.field(description="The police force areas the review covers.")
    def forces(self, info: Info) -> list[Force]:
        return _entries(
            info, "review_forces", self.id, info.context.reference.forces(), Force.from_domain
        )

    @strawberry.field(description="The harm or crime-type strands the review concerns.")
    def strands(self, info: Info) -> list[Strand]:
        return _entries(
            info, "review_strands", self.id, info.context.reference.strands(), Strand.from_domain
        )

    @strawberry.field(
        description="The agencies involved in the review." + CUT.format(count="agencyCount")
    )
    def agencies(self, info: Info, first: Related = RELATED_MAX) -> list["Agency"]:
        return _listed(info, "review_agencies", self.id, Agency.from_entity, first)

    @strawberry.field(description="How many items agencies holds, whatever its first.")
    def agency_count(self, info: Info) -> int:
        return _counted(info, "review_agencies", self.id)

    @strawberry.field(description="The partnership or board that commissioned the review.")
    def partnership(self, info: Info) -> "Partnership | None":
        return when_loaded(
            info.context.relation("review_partnerships").load(self.id),
            lambda rows: Partnership.from_entity(rows[0]["node"]) if rows else None,
        )

    @strawberry.field(
        description="Joint or parallel reviews of the same events."
        + CUT.format(count="relatedReviewCount")
    )
    def related_reviews(self, info: Info, first: Related = RELATED_MAX) -> list["Review"]:
        return _listed(info, "review_related", self.id, Review.from_entity, first)

    @strawberry.field(description="How many items relatedReviews holds, whatever its first.")
    def related_review_count(self, info: Info) -> int:
        return _counted(info, "review_related", self.id)

    @strawberry.field(
        description="The review's findings, ordered by id." + CUT.format(count="findingCount")
    )
    def findings(self, info: Info, first: Related = RELATED_MAX) -> list["Finding"]:
        return _listed(info, "review_findings", self.id, Finding.from_entity, first)

    @strawberry.field(description="How many items findings holds, whatever its first.")
    def finding_count(self, info: Info) -> int:
        return _counted(info, "review_findings", self.id)

    @strawberry.field(
        description="The review's recommendations, ordered by id."
        + CUT.format(count="recommendationCount")
    )
    def recommendations(self, info: Info, first: Related = RELATED_MAX) -> list["Recommendation"]:
        return _listed(info, "review_recommendations", self.id, Recommendation.from_entity, first)

    @strawberry.field(description="How many items recommendations holds, whatever its first.")
    def recommendation_count(self, info: Info) -> int:
        return _counted(info, "review_recommendations", self.id)

    @strawberry.field(
        description="Quality assessments of the agencies' reports to the review; empty for "
        "readers: IMR assessments are for analysts and admins."
        + CUT.format(count="imrAssessmentCount")
    )
    def imr_assessments(self, info: Info, first: Related = RELATED_MAX) -> list["ImrAssessment"]:
        return _listed(info, "review_imr_assessments", self.id, ImrAssessment.from_entity, first)

    @strawberry.field(
        description="How many items imrAssessments holds, whatever its first; 0 for readers."
    )
    def imr_assessment_count(self, info: Info) -> int:
        return _counted(info, "review_imr_assessments", self.id)

    @strawberry.field(
        description="Briefings and reports that cite the review." + CUT.format(count="citedByCount")
    )
    def cited_by(self, info: Info, first: Related = RELATED_MAX) -> list["Briefing"]:
        return _listed(info, "review_briefings", self.id, Briefing.from_entity, first)

    @strawberry.field(description="How many items citedBy holds, whatever its first.")
    def cited_by_count(self, info: Info) -> int:
        return _counted(info, "review_briefings", self.id)


@strawberry.type(description="An agency that takes part in reviews; every police force is one.")
class Agency:
    id: strawberry.ID = strawberry.field(description="For a police force, its force code.")
    name: str
    sector_code: str
    area: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Agency":
        agency = domain.expect(domain.Agency, entity)
        return _copied(cls, agency, {"sector_code": "sector"})

    @strawberry.field(description="The agency's sector.")
    def sector(self, info: Info) -> AgencySector | None:
        return _entry(
            info.context.reference.agency_sectors(), self.sector_code, AgencySector.from_domain
        )

    @strawberry.field(description="The police force, when the agency is one.")
    def force(self, info: Info) -> Force | None:
        return _entry(info.context.reference.forces(), self.id, Force.from_domain)


@strawberry.type(description="A safeguarding partnership, board or other commissioning body.")
class Partnership:
    id: strawberry.ID
    name: str

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Partnership":
        partnership = domain.expect(domain.Partnership, entity)
        return _copied(cls, partnership)


@strawberry.type(description="A systems factor behind a finding, and whether it helped.")
class SystemsFactorLink:
    factor: SystemsFactor
    effect: FactorEffect


@strawberry.type(description="What a review found: the learning for the police.")
class Finding:
    id: strawberry.ID
    review_id: strawberry.ID
    text: str
    kind: FindingKind

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Finding":
        finding = domain.expect(domain.Finding, entity)
        return _copied(cls, finding)

    @strawberry.field(description="The review that made the finding.")
    def review(self, info: Info) -> Review | None:
        return _one(info, "reviews", self.review_id, Review.from_entity)

    @strawberry.field(description="The perennial issues the finding exemplifies.")
    def perennial_issues(self, info: Info) -> list[PerennialIssue]:
        return _issues(info, "finding_issues", self.id)

    @strawberry.field(description="The practice themes the finding is about.")
    def themes(self, info: Info) -> list[Theme]:
        return _themes(info, "finding_themes", self.id)

    @strawberry.field(description="The systems factors that shaped the finding.")
    def systems_factors(self, info: Info) -> list[SystemsFactorLink]:
        def link(factor: taxonomy.SystemsFactor, row: dict[str, Any]) -> SystemsFactorLink:
            effect = FactorEffect(row["effect"])
            return SystemsFactorLink(factor=SystemsFactor.from_domain(factor), effect=effect)

        known = info.context.reference.systems_factors()
        return _coded(info, "finding_factors", self.id, known, link, None)

    @strawberry.field(
        description="The agencies the finding concerns." + CUT.format(count="agencyCount")
    )
    def agencies(self, info: Info, first: Related = RELATED_MAX) -> list[Agency]:
        return _listed(info, "finding_agencies", self.id, Agency.from_entity, first)

    @strawberry.field(description="How many items agencies holds, whatever its first.")
    def agency_count(self, info: Info) -> int:
        return _counted(info, "finding_agencies", self.id)

    @strawberry.field(
        description="The recommendations that address the finding."
        + CUT.format(count="recommendationCount")
    )
    def recommendations(self, info: Info, first: Related = RELATED_MAX) -> list["Recommendation"]:
        return _listed(info, "finding_recommendations", self.id, Recommendation.from_entity, first)

    @strawberry.field(description="How many items recommendations holds, whatever its first.")
    def recommendation_count(self, info: Info) -> int:
        return _counted(info, "finding_recommendations", self.id)

    @strawberry.field(
        description="Briefings that disseminate the finding." + CUT.format(count="briefingCount")
    )
    def briefings(self, info: Info, first: Related = RELATED_MAX) -> list["Briefing"]:
        return _listed(info, "finding_briefings", self.id, Briefing.from_entity, first)

    @strawberry.field(description="How many items briefings holds, whatever its first.")
    def briefing_count(self, info: Info) -> int:
        return _counted(info, "finding_briefings", self.id)


@strawberry.type(description="A recommendation a review made to one or more agencies.")
class Recommendation:
    id: strawberry.ID
    review_id: strawberry.ID
    text: str
    level: RecommendationLevel
    status: RecommendationStatus
    made_on: date | None
    status_updated_on: date | None
    implemented: bool = strawberry.field(
        description="At least one practice change implementing it is implemented or embedded."
    )

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Recommendation":
        recommendation = domain.expect(domain.Recommendation, entity)
        return _copied(cls, recommendation)

    @strawberry.field(description="The review that made the recommendation.")
    def review(self, info: Info) -> Review | None:
        return _one(info, "reviews", self.review_id, Review.from_entity)

    @strawberry.field(description="The findings it addresses." + CUT.format(count="findingCount"))
    def findings(self, info: Info, first: Related = RELATED_MAX) -> list[Finding]:
        return _listed(info, "recommendation_findings", self.id, Finding.from_entity, first)

    @strawberry.field(description="How many items findings holds, whatever its first.")
    def finding_count(self, info: Info) -> int:
        return _counted(info, "recommendation_findings", self.id)

    @strawberry.field(
        description="The agencies it is directed to." + CUT.format(count="directedToCount")
    )
    def directed_to(self, info: Info, first: Related = RELATED_MAX) -> list[Agency]:
        return _listed(info, "recommendation_agencies", self.id, Agency.from_entity, first)

    @strawberry.field(description="How many items directedTo holds, whatever its first.")
    def directed_to_count(self, info: Info) -> int:
        return _counted(info, "recommendation_agencies", self.id)

    @strawberry.field(
        description="The practice changes that implement it."
        + CUT.format(count="practiceChangeCount")
    )
    def practice_changes(self, info: Info, first: Related = RELATED_MAX) -> list["PracticeChange"]:
        return _listed(info, "recommendation_changes", self.id, PracticeChange.from_entity, first)

    @strawberry.field(description="How many items practiceChanges holds, whatever its first.")
    def practice_change_count(self, info: Info) -> int:
        return _counted(info, "recommendation_changes", self.id)


@strawberry.type(description="A change an agency made to its practice.")
class PracticeChange:
    id: strawberry.ID
    agency_id: strawberry.ID
    description: str
    change_type: ChangeType
    status: ChangeStatus
    started_on: date | None
    completed_on: date | None
    evidence: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "PracticeChange":
        change = domain.expect(domain.PracticeChange, entity)
        return _copied(cls, change)

    @strawberry.field(description="The agency that made the change.")
    def agency(self, info: Info) -> Agency | None:
        return _one(info, "agencies", self.agency_id, Agency.from_entity)

    @strawberry.field(
        description="The recommendations it implements that the caller may see."
        + CUT.format(count="implementsCount")
    )
    def implements(self, info: Info, first: Related = RELATED_MAX) -> list[Recommendation]:
        return _listed(info, "change_recommendations", self.id, Recommendation.from_entity, first)

    @strawberry.field(description="How many items implements holds, whatever its first.")
    def implements_count(self, info: Info) -> int:
        return _counted(info, "change_recommendations", self.id)

    @strawberry.field(
        description="The briefings that informed it." + CUT.format(count="informedByCount")
    )
    def informed_by(self, info: Info, first: Related = RELATED_MAX) -> list["Briefing"]:
        return _listed(info, "change_briefings", self.id, Briefing.from_entity, first)

    @strawberry.field(description="How many items informedBy holds, whatever its first.")
    def informed_by_count(self, info: Info) -> int:
        return _counted(info, "change_briefings", self.id)

    @strawberry.field(
        description="What was observed after the change." + CUT.format(count="outcomeCount")
    )
    def outcomes(self, info: Info, first: Related = RELATED_MAX) -> list["Outcome"]:
        return _listed(info, "change_outcomes", self.id, Outcome.from_entity, first)

    @strawberry.field(description="How many items outcomes holds, whatever its first.")
    def outcome_count(self, info: Info) -> int:
        return _counted(info, "change_outcomes", self.id)


@strawberry.type(description="What was observed after a practice change.")
class Outcome:
    id: strawberry.ID
    change_id: strawberry.ID
    description: str
    direction: OutcomeDirection
    observed_on: date | None
    measure: str | None
    value: float | None
    baseline: float | None
    evidence_url: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Outcome":
        outcome = domain.expect(domain.Outcome, entity)
        return _copied(cls, outcome)

    @strawberry.field(description="The practice change it followed.")
    def practice_change(self, info: Info) -> PracticeChange | None:
        return _one(info, "practice_changes", self.change_id, PracticeChange.from_entity)


@strawberry.type(description="One score against the IMR quality rubric.")
class ImrScore:
    criterion: ImrCriterion
    score: int = strawberry.field(description="0 (poor) to 3 (good).")


@strawberry.type(description="A quality assessment of one agency's report (IMR) to one review.")
class ImrAssessment:
    id: strawberry.ID
    review_id: strawberry.ID
    agency_id: strawberry.ID
    assessed_on: date | None
    assessor_role: str | None
    comment: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "ImrAssessment":
        assessment = domain.expect(domain.ImrAssessment, entity)
        return _copied(cls, assessment)

    @strawberry.field(description="The review the report was written for.")
    def review(self, info: Info) -> Review | None:
        return _one(info, "reviews", self.review_id, Review.from_entity)

    @strawberry.field(description="The agency whose report was assessed.")
    def agency(self, info: Info) -> Agency | None:
        return _one(info, "agencies", self.agency_id, Agency.from_entity)

    @strawberry.field(description="Scores per criterion, ordered by criterion code.")
    def scores(self, info: Info) -> list[ImrScore]:
        def score(criterion: taxonomy.ImrCriterion, row: dict[str, Any]) -> ImrScore:
            return ImrScore(criterion=ImrCriterion.from_domain(criterion), score=row["score"])

        known = info.context.reference.imr_criteria()
        return _coded(info, "imr_scores", self.id, known, score, RUBRIC_MAX)


@strawberry.type(description="A briefing, newsletter or report that spreads learning.")
class Briefing:
    id: strawberry.ID
    title: str
    kind: BriefingKind
    published_on: date | None
    url: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Briefing":
        briefing = domain.expect(domain.Briefing, entity)
        return _copied(cls, briefing)

    @strawberry.field(description="The perennial issues it covers.")
    def issues(self, info: Info) -> list[PerennialIssue]:
        return _issues(info, "briefing_issues", self.id)

    @strawberry.field(description="The practice themes it covers.")
    def themes(self, info: Info) -> list[Theme]:
        return _themes(info, "briefing_themes", self.id)

    @strawberry.field(
        description="The findings it cites that the caller may see."
        + CUT.format(count="findingCount")
    )
    def findings(self, info: Info, first: Related = RELATED_MAX) -> list[Finding]:
        return _listed(info, "briefing_findings", self.id, Finding.from_entity, first)

    @strawberry.field(description="How many items findings holds, whatever its first.")
    def finding_count(self, info: Info) -> int:
        return _counted(info, "briefing_findings", self.id)

    @strawberry.field(
        description="The reviews it cites that the caller may see."
        + CUT.format(count="reviewCount")
    )
    def reviews(self, info: Info, first: Related = RELATED_MAX) -> list[Review]:
        return _listed(info, "briefing_reviews", self.id, Review.from_entity, first)

    @strawberry.field(description="How many items reviews holds, whatever its first.")
    def review_count(self, info: Info) -> int:
        return _counted(info, "briefing_reviews", self.id)


@strawberry.type(description="A template, guidance or good practice shared by a force.")
class Resource:
    id: strawberry.ID
    title: str
    kind: ResourceKind
    shared_by_code: str
    shared_on: date | None
    url: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "Resource":
        resource = domain.expect(domain.Resource, entity)
        return _copied(cls, resource, {"shared_by_code": "shared_by"})

    @strawberry.field(description="The force that shared it.")
    def shared_by(self, info: Info) -> Force | None:
        return _entry(info.context.reference.forces(), self.shared_by_code, Force.from_domain)

    @strawberry.field(description="The perennial issues it helps with.")
    def issues(self, info: Info) -> list[PerennialIssue]:
        return _issues(info, "resource_issues", self.id)

    @strawberry.field(description="The practice themes it helps with.")
    def themes(self, info: Info) -> list[Theme]:
        return _themes(info, "resource_themes", self.id)


@strawberry.type(description="A force's arrangements for review learning on one date.")
class GovernanceRecord:
    id: strawberry.ID
    force_code: str
    recorded_on: date
    has_review_team: bool | None
    review_lead_role: str | None
    oversight_board: str | None
    recommendation_tracking: RecommendationTracking | None
    imr_signoff_role: str | None
    notes: str | None

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "GovernanceRecord":
        record = domain.expect(domain.GovernanceRecord, entity)
        return _copied(cls, record, {"force_code": "force_id"})

    @strawberry.field(description="The force the record is about.")
    def force(self, info: Info) -> Force | None:
        return _entry(info.context.reference.forces(), self.force_code, Force.from_domain)


@strawberry.type(description="One load of a dataset: what was read, when, and how it ended.")
class LoadRun:
    id: strawberry.ID
    status: LoadRunStatus
    source: str | None
    dataset_name: str | None
    dataset_hash: str | None
    files: list[str] = strawberry.field(description="Each file read, as name:sha256:digest.")
    loader_version: str | None
    started_at: datetime | None
    finished_at: datetime | None
    summary: str | None = strawberry.field(description="Counts per entity, as JSON.")

    @classmethod
    def from_entity(cls, entity: domain.Entity) -> "LoadRun":
        run = domain.expect(domain.LoadRun, entity)
        return _copied(cls, run, files=list(run.files))
