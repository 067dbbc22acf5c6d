"""Opens the store the settings name: the one place that chooses a backend."""

import asyncio
from pathlib import Path

from graph_service.config import Settings
from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.port import GraphStore


async def open_store(settings: Settings, catalogue_root: Path | None = None) -> GraphStore:
    """Connect to (or start) the configured store; statements come from ``catalogue_root``.

    Each backend's module (and its client library) is imported only when that backend is
    opened: the command line and the loaders import the store package without paying for all.
    """
    if settings.backend == "neo4j":
        from graph_service.store.neo4j import Neo4jStore  # noqa: PLC0415

        assert settings.neo4j_uri is not None  # guaranteed by Settings validation
        assert settings.neo4j_password is not None
        return Neo4jStore(
            StatementCatalogue.load("neo4j", catalogue_root),
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            timeout_ms=settings.query_timeout_ms,
        )
    catalogue = StatementCatalogue.load("falkordb", catalogue_root)
    if settings.backend == "falkordb":
        from graph_service.store.falkordb import FalkorDBStore  # noqa: PLC0415

        assert settings.falkordb_url is not None  # guaranteed by Settings validation
        url = settings.falkordb_url.get_secret_value()
        # Building the client talks to the server (blocking I/O): keep it off the event loop.
        return await asyncio.to_thread(
            lambda: FalkorDBStore(
                catalogue,
                graph_name=settings.graph_name,
                timeout_ms=settings.query_timeout_ms,
                url=url,
            )
        )
    from graph_service.store.embedded import EmbeddedStore  # noqa: PLC0415

    return await EmbeddedStore.open(
        catalogue,
        settings.data_dir,
        graph_name=settings.graph_name,
        timeout_ms=settings.query_timeout_ms,
    )
