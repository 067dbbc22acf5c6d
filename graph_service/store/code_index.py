"""The review code index that related-review ranking reads, as the adapters build it: each
review's raised codes encoded over the code space (every issue, theme and factor code there is,
sorted), tagged with the space's fingerprint so that ranking compares only entries built over
the same space and intersects code lists for the rest. How a review's entry is encoded is the
adapter's statement; marking, the space and batching are shared here."""

import hashlib
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass

from graph_service.store.port import GraphStore, Params

BEGIN = "derived/code_vectors_begin"
SPACE = "derived/code_space"
DONE = "derived/code_vectors_done"
BATCH_SIZE = 1_000  # reviews per statement, as in the derivation's other steps


@dataclass(frozen=True)
class CodeSpace:
    codes: list[str]
    key: str  # a fingerprint of the codes: entries built over other codes do not match it


async def read_code_space(store: GraphStore) -> CodeSpace:
    codes = sorted(row["code"] for row in await store.read(SPACE))
    return CodeSpace(codes, hashlib.sha256("\n".join(codes).encode()).hexdigest()[:16])


async def begin_rebuild(
    store: GraphStore,
    statement: str,
    encoding: Callable[[CodeSpace], Params | None],
) -> Callable[[Sequence[str]], Awaitable[None]]:
    """Mark the index as being rebuilt and return what rebuilds it for some reviews.

    ``statement`` writes a batch of reviews' entries from ``ids``, ``space`` and ``spaceKey``
    and the parameters ``encoding`` adds for the space. When ``encoding`` returns None the
    space cannot be encoded: no entry is written and the index stays marked as being rebuilt,
    so ranking intersects every review's code list (exact, only slower).
    """
    await store.write(BEGIN)

    async def finish(reviews: Sequence[str]) -> None:
        space = await read_code_space(store)
        extra = encoding(space)
        if extra is None:
            return

        def batches() -> Iterator[tuple[str, Params]]:
            for start in range(0, len(reviews), BATCH_SIZE):
                ids = list(reviews[start : start + BATCH_SIZE])
                yield statement, {"ids": ids, "space": space.codes, "spaceKey": space.key, **extra}

        async for _ in store.write_each(batches()):
            pass
        await store.write(DONE, {"spaceKey": space.key})

    return finish
