"""What the API needs from the layers below, built once per process."""

from dataclasses import dataclass

from graph_service.repository import ReferenceRepository
from graph_service.store import GraphStore


@dataclass(frozen=True)
class Services:
    store: GraphStore
    reference: ReferenceRepository

    @classmethod
    def over(cls, store: GraphStore) -> "Services":
        """Build every repository; a missing statement fails here, at start-up."""
        return cls(store=store, reference=ReferenceRepository(store))
