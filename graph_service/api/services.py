"""What the API needs from the layers below, built once per process."""

from dataclasses import dataclass

from graph_service.repository import (
    AnalyticsRepository,
    ApiKeyRepository,
    AuditRepository,
    DatasetRepository,
    EntityRepository,
    ExplorationRepository,
    ReferenceRepository,
    ReviewSystemRepository,
)
from graph_service.repository.trees import TreeRepository
from graph_service.services import KeyService
from graph_service.services.exporting import ExportService
from graph_service.services.feed import ChangeFeed
from graph_service.services.persisted_queries import PersistedQueryService
from graph_service.services.reference_cache import ReferenceCache
from graph_service.store import GraphStore


@dataclass(frozen=True)
class Services:
    store: GraphStore
    taxonomies: ReferenceCache  # the reference taxonomies, read through a per-process cache
    entities: EntityRepository
    exploration: ExplorationRepository
    review_system: ReviewSystemRepository
    analytics: AnalyticsRepository
    keys: ApiKeyRepository
    key_admin: KeyService
    audit: AuditRepository
    # Queries registered by hash; each process keeps the ones it used last.
    persisted_queries: PersistedQueryService
    exporting: ExportService
    feed: ChangeFeed
    # Reads a root field's selected relationships in one statement; None: one per field.
    trees: TreeRepository | None

    @classmethod
    def over(
        cls, store: GraphStore, *, reference_cache_s: float, compose_reads: bool = True
    ) -> "Services":
        """Build every repository; a missing statement fails here, at start-up. The reference
        taxonomies are kept ``reference_cache_s`` seconds (0: read for every request);
        ``compose_reads`` False reads each relationship field with its own statement."""
        return cls(
            store=store,
            taxonomies=ReferenceCache(
                ReferenceRepository(store), DatasetRepository(store), reference_cache_s
            ),
            entities=EntityRepository(store),
            exploration=ExplorationRepository(store),
            review_system=ReviewSystemRepository(store),
            analytics=AnalyticsRepository(store),
            keys=ApiKeyRepository(store),
            key_admin=KeyService(store),
            audit=AuditRepository(store),
            persisted_queries=PersistedQueryService(store),
            exporting=ExportService(store),
            feed=ChangeFeed(store),
            trees=TreeRepository(store) if compose_reads else None,
        )
