"""The workbench tests read the loaded graph the API tests use."""

from tests.api.conftest import generated_dataset, loaded_graph, loaded_store  # noqa: F401
