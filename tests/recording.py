"""Which statements a store runs: recorded by name around a block of a test.

The store is real; its ``read`` and ``write`` are only wrapped for the block so that each
statement's name is noted before it runs. ``statements_run`` counts the same statements, and
:func:`recorded` checks that it agrees, so nothing slips past the record.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph_service.store import GraphStore


@contextmanager
def recorded(store: GraphStore) -> Iterator[list[str]]:
    """The names of the statements ``store`` runs in the block, in the order they started."""
    names: list[str] = []
    read, write = store.read, store.write

    async def reading(name: str, params: Any = None) -> Any:
        names.append(name)
        return await read(name, params)

    async def writing(name: str, params: Any = None) -> Any:
        names.append(name)
        return await write(name, params)

    before = store.statements_run
    store.read = reading  # type: ignore[method-assign]
    store.write = writing  # type: ignore[method-assign]
    try:
        yield names
    finally:
        del store.read, store.write  # the class's own methods again
    assert store.statements_run - before == len(names), "a statement ran outside read/write"
