"""Typed methods in domain words, each running named statements from the catalogue."""

from graph_service.repository.dataset import DatasetRepository
from graph_service.repository.entities import EntityRepository
from graph_service.repository.reference import ReferenceRepository

# Every repository; together they name every statement the service runs.
REPOSITORIES = (ReferenceRepository, DatasetRepository, EntityRepository)

__all__ = ["REPOSITORIES", "DatasetRepository", "EntityRepository", "ReferenceRepository"]
