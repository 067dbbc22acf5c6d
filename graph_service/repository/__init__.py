"""Typed methods in domain words, each running named statements from the catalogue."""

from graph_service.repository.analytics import AnalyticsRepository
from graph_service.repository.audit import AuditRepository
from graph_service.repository.dataset import DatasetRepository
from graph_service.repository.derived import DerivedRepository
from graph_service.repository.entities import EntityRepository
from graph_service.repository.exploration import ExplorationRepository
from graph_service.repository.export import ExportRepository
from graph_service.repository.feed import FeedRepository
from graph_service.repository.keys import ApiKeyRepository
from graph_service.repository.persisted_queries import PersistedQueryRepository
from graph_service.repository.reference import ReferenceRepository
from graph_service.repository.review_system import ReviewSystemRepository

# Every repository; together they name every statement the service runs.
REPOSITORIES = (
    ReferenceRepository,
    DatasetRepository,
    EntityRepository,
    AnalyticsRepository,
    ExplorationRepository,
    ReviewSystemRepository,
    DerivedRepository,
    ApiKeyRepository,
    AuditRepository,
    PersistedQueryRepository,
    ExportRepository,
    FeedRepository,
)

__all__ = [
    "REPOSITORIES",
    "AnalyticsRepository",
    "ApiKeyRepository",
    "AuditRepository",
    "DatasetRepository",
    "DerivedRepository",
    "EntityRepository",
    "ExplorationRepository",
    "ExportRepository",
    "FeedRepository",
    "PersistedQueryRepository",
    "ReferenceRepository",
    "ReviewSystemRepository",
]
