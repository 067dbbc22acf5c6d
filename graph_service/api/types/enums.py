"""The fixed vocabularies of the import format, as GraphQL enums (values as stored).

Each is the domain's own enum (``graph_service/domain/vocabulary.py``) declared to GraphQL, so
the schema and the import format cannot drift apart.
"""

from enum import Enum

import strawberry

from graph_service.domain.vocabulary import (
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

__all__ = [
    "BriefingKind",
    "ChangeStatus",
    "ChangeType",
    "FactorEffect",
    "FindingKind",
    "Jurisdiction",
    "LoadRunStatus",
    "OutcomeDirection",
    "RecommendationLevel",
    "RecommendationStatus",
    "RecommendationTracking",
    "ResourceKind",
    "ReviewStatus",
    "SubjectAgeGroup",
]

DESCRIPTIONS: dict[type[Enum], str] = {
    ReviewStatus: "Where a review stands.",
    SubjectAgeGroup: "Who the review was about.",
    FindingKind: "What a finding records.",
    FactorEffect: "Whether a systems factor helped or got in the way.",
    RecommendationStatus: "Where a recommendation stands.",
    RecommendationLevel: "The level a recommendation is made at.",
    ChangeType: "What kind of change an agency made.",
    ChangeStatus: "Where a practice change stands.",
    OutcomeDirection: "Which way an observed outcome went.",
    BriefingKind: "What kind of dissemination a briefing is.",
    ResourceKind: "What kind of shared resource.",
    RecommendationTracking: "How a force tracks recommendations.",
    LoadRunStatus: "How far a load run got.",
    Jurisdiction: "Where a kind of review applies.",
}

# Declared once, on import: strawberry.enum marks the class itself as a GraphQL enum.
for vocabulary, description in DESCRIPTIONS.items():
    strawberry.enum(vocabulary, description=description)
