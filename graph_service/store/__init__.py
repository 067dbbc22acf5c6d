"""The store layer: one port, several backends. Nothing above this package names a backend."""

from graph_service.store.factory import open_store
from graph_service.store.port import BatchResult, GraphStore, Row
from graph_service.store.schema import GRAPH_SCHEMA, GraphSchema

__all__ = ["GRAPH_SCHEMA", "BatchResult", "GraphSchema", "GraphStore", "Row", "open_store"]
