"""Reading statements that serve figures derived per visibility.

A write that hides material (a review placed under embargo, a finding moved to a restricted
review) marks the figures derived for readers stale in the same atomic write, and the
statements reading them return nothing to a reader until the next derivation has recomputed
them. This module turns that silence into an error a reader can act on, so that "no figures"
is never mistaken for "nothing to count".
"""

from collections.abc import Mapping
from typing import Any

from graph_service.domain.visibility import Visibility
from graph_service.errors import FiguresRefreshingError
from graph_service.store import GraphStore
from graph_service.store.port import Row

STATE = "analytics/open_figures_state"


async def read_visible(
    store: GraphStore, statement: str, parameters: Mapping[str, Any], visibility: Visibility
) -> list[Row]:
    """Run a read for a caller; refuse a reader the answer of a statement that reads figures
    derived for readers (as its catalogue entry declares) while those are stale.

    The state is read before and after the statement: the statement's own guard keeps stale
    figures out of its answer, and the two reads make sure that an answer the guard emptied
    is refused rather than served as "nothing" (a derivation may finish while it runs).
    """
    if not _reads_readers_figures(store, statement, parameters, visibility):
        return await store.read(statement, parameters)
    stale_before = await _stale(store)
    rows = await store.read(statement, parameters)
    if stale_before or await _stale(store):
        raise FiguresRefreshingError(
            "figures for published material are being recomputed after some material "
            "stopped being published; try again in a few minutes (if this lasts, an "
            "analyst can run 'graph-service db refresh')"
        )
    return rows


def _reads_readers_figures(
    store: GraphStore, statement: str, parameters: Mapping[str, Any], visibility: Visibility
) -> bool:
    declared = store.catalogue.get(statement)
    if not declared.reads_derived_figures or visibility.include_restricted:
        return False
    conditions = declared.derived_when
    return not conditions or any(parameters.get(name) is not None for name in conditions)


async def _stale(store: GraphStore) -> bool:
    state = await store.read(STATE)
    return bool(state and state[0]["stale"])
