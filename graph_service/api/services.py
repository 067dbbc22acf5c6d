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
from graph_service.services import KeyService
from graph_service.services.reference_cache import ReferenceCache
from graph_service.store import GraphStore


@dataclass(frozen=True)
class Services:
    store: GraphStore
    reference: ReferenceRepository
    taxonomies: ReferenceCache  # the reference taxonomies, read through a per-process cache
    dataset: DatasetRepository
    entities: EntityRepository
    exploration: ExplorationRepository
    review_system: ReviewSystemRepository
    analytics: AnalyticsRepository
    keys: ApiKeyRepository
    key_admin: KeyService
    audit: AuditRepository

    @classmethod
    def over(cls, store: GraphStore, *, reference_cache_s: float = 0.0) -> "Services":
        """Build every repository; a missing statement fails here, at start-up. The reference
        taxonomies are kept ``reference_cache_s`` seconds (0: read for every request)."""
        reference = ReferenceRepository(store)
        dataset = DatasetRepository(store)
        return cls(
            store=store,
            reference=reference,
            taxonomies=ReferenceCache(reference, dataset, reference_cache_s),
            dataset=dataset,
            entities=EntityRepository(store),
            exploration=ExplorationRepository(store),
            review_system=ReviewSystemRepository(store),
            analytics=AnalyticsRepository(store),
            keys=ApiKeyRepository(store),
            key_admin=KeyService(store),
            audit=AuditRepository(store),
        )
