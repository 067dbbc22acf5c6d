"""The fixed vocabularies of the graph, each defined here once, with the values as stored.

The import format validates against these (``loaders/dataset/rows.py``), as do the reference
taxonomies' YAML files (``loaders/reference.py``); the entities and reference entries carry
them (``entities.py``, ``reference.py``) and the GraphQL enums are made from them
(``api/types/enums.py``). Each is a ``StrEnum``: a member is its stored string, so it goes into
a statement's parameters, a content hash or a message as that string.
"""

from enum import StrEnum


class ReviewStatus(StrEnum):
    COMMISSIONED = "commissioned"
    IN_PROGRESS = "in_progress"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class SubjectAgeGroup(StrEnum):
    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"


class FindingKind(StrEnum):
    MISSED_OPPORTUNITY = "missed_opportunity"
    GOOD_PRACTICE = "good_practice"
    OBSERVATION = "observation"


class FactorEffect(StrEnum):
    SUPPORTS = "supports"
    HINDERS = "hinders"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_ACCEPTED = "not_accepted"
    SUPERSEDED = "superseded"


class RecommendationLevel(StrEnum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


class ChangeType(StrEnum):
    POLICY = "policy"
    PROCEDURE = "procedure"
    TRAINING = "training"
    TECHNOLOGY = "technology"
    STRUCTURE = "structure"
    GUIDANCE = "guidance"
    OTHER = "other"


class ChangeStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    EMBEDDED = "embedded"
    ABANDONED = "abandoned"


class OutcomeDirection(StrEnum):
    IMPROVED = "improved"
    NO_CHANGE = "no_change"
    WORSENED = "worsened"
    UNKNOWN = "unknown"


class BriefingKind(StrEnum):
    PRACTICE_BRIEFING = "practice_briefing"
    NEWSLETTER = "newsletter"
    NATIONAL_REPORT = "national_report"
    TRAINING_INPUT = "training_input"
    SEMINAR = "seminar"


class ResourceKind(StrEnum):
    TEMPLATE = "template"
    GUIDANCE = "guidance"
    GOOD_PRACTICE = "good_practice"
    TRAINING = "training"


class RecommendationTracking(StrEnum):
    NONE = "none"
    SPREADSHEET = "spreadsheet"
    CASE_SYSTEM = "case_system"
    OTHER = "other"


class LoadRunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


class Jurisdiction(StrEnum):
    """Where a review type applies (from the reference taxonomy of review types)."""

    ENGLAND = "england"
    WALES = "wales"
    ENGLAND_AND_WALES = "england_and_wales"


class ReviewTypeStatus(StrEnum):
    """Whether a review type is still in use (GraphQL shows it as ``ReviewType.current``)."""

    CURRENT = "current"
    FORMER = "former"


class ForceKind(StrEnum):
    """A territorial force or a special one (GraphQL shows it as ``Force.territorial``)."""

    TERRITORIAL = "territorial"
    SPECIAL = "special"


class ForceCountry(StrEnum):
    """Where a police force serves (GraphQL shows it as the string ``Force.country``)."""

    ENGLAND = "england"
    WALES = "wales"
    GREAT_BRITAIN = "great_britain"
    UNITED_KINGDOM = "united_kingdom"


class EntityFile(StrEnum):
    """The entities of the import format, by file stem, in the order a dataset is loaded (and
    the change feed lists a load's changes: the order is part of every feed cursor)."""

    AGENCIES = "agencies"
    REVIEWS = "reviews"
    FINDINGS = "findings"
    RECOMMENDATIONS = "recommendations"
    BRIEFINGS = "briefings"
    PRACTICE_CHANGES = "practice_changes"
    OUTCOMES = "outcomes"
    IMR_ASSESSMENTS = "imr_assessments"
    GOVERNANCE = "governance"
    RESOURCES = "resources"
