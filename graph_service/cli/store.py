"""A command's work against the configured graph store, opened for that work and closed after.

The store package (and with it every engine's client library) is imported here, when a
command opens the store, never when the command line starts.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from graph_service.errors import GraphNotInitialisedError

if TYPE_CHECKING:
    from graph_service.config import Settings
    from graph_service.store import GraphStore

log = logging.getLogger(__name__)


def with_store[T](settings: "Settings", work: "Callable[[GraphStore], Awaitable[T]]") -> T:
    """Open the store, run ``work`` on it, close it; the result of ``work``."""
    from graph_service.store import open_store

    async def run() -> T:
        store = await open_store(settings)
        try:
            log.info("store: %s", store.description)
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


async def require_reference_data(store: "GraphStore") -> None:
    """Refuse at once when the graph was never initialised.

    Validating a dataset against an empty graph would report every code in it as unknown;
    one line saying what to run instead is what the user needs.
    """
    from graph_service.repository import ReferenceRepository

    if not await ReferenceRepository(store).loaded():
        raise GraphNotInitialisedError(
            f"the {store.description} has no reference data yet; run 'graph-service db init' first"
        )
