"""Typed methods in domain words, each running named statements from the catalogue."""

from graph_service.repository.reference import ReferenceRepository

__all__ = ["ReferenceRepository"]
