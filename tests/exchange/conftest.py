"""Fixtures of the export tests: the session's loaded graph (see tests/api/conftest.py)."""

from tests.api.conftest import generated_dataset, loaded_graph, loaded_store, reference_store

__all__ = ["generated_dataset", "loaded_graph", "loaded_store", "reference_store"]
