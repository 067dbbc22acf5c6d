"""The fixed vocabularies of the import format, as GraphQL enums (values as stored)."""

from enum import Enum

import strawberry


@strawberry.enum(description="Where a review stands.")
class ReviewStatus(Enum):
    COMMISSIONED = "commissioned"
    IN_PROGRESS = "in_progress"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


@strawberry.enum(description="Who the review was about.")
class SubjectAgeGroup(Enum):
    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"


@strawberry.enum(description="What a finding records.")
class FindingKind(Enum):
    MISSED_OPPORTUNITY = "missed_opportunity"
    GOOD_PRACTICE = "good_practice"
    OBSERVATION = "observation"


@strawberry.enum(description="Whether a systems factor helped or got in the way.")
class FactorEffect(Enum):
    SUPPORTS = "supports"
    HINDERS = "hinders"


@strawberry.enum(description="Where a recommendation stands.")
class RecommendationStatus(Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_ACCEPTED = "not_accepted"
    SUPERSEDED = "superseded"


@strawberry.enum(description="The level a recommendation is made at.")
class RecommendationLevel(Enum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


@strawberry.enum(description="What kind of change an agency made.")
class ChangeType(Enum):
    POLICY = "policy"
    PROCEDURE = "procedure"
    TRAINING = "training"
    TECHNOLOGY = "technology"
    STRUCTURE = "structure"
    GUIDANCE = "guidance"
    OTHER = "other"


@strawberry.enum(description="Where a practice change stands.")
class ChangeStatus(Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    EMBEDDED = "embedded"
    ABANDONED = "abandoned"


@strawberry.enum(description="Which way an observed outcome went.")
class OutcomeDirection(Enum):
    IMPROVED = "improved"
    NO_CHANGE = "no_change"
    WORSENED = "worsened"
    UNKNOWN = "unknown"


@strawberry.enum(description="What kind of dissemination a briefing is.")
class BriefingKind(Enum):
    PRACTICE_BRIEFING = "practice_briefing"
    NEWSLETTER = "newsletter"
    NATIONAL_REPORT = "national_report"
    TRAINING_INPUT = "training_input"
    SEMINAR = "seminar"


@strawberry.enum(description="What kind of shared resource.")
class ResourceKind(Enum):
    TEMPLATE = "template"
    GUIDANCE = "guidance"
    GOOD_PRACTICE = "good_practice"
    TRAINING = "training"


@strawberry.enum(description="How a force tracks recommendations.")
class RecommendationTracking(Enum):
    NONE = "none"
    SPREADSHEET = "spreadsheet"
    CASE_SYSTEM = "case_system"
    OTHER = "other"


@strawberry.enum(description="How far a load run got.")
class LoadRunStatus(Enum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
