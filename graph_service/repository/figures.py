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

    The statement itself reads nothing for a reader while the figures are stale; the state
    is checked after it ran, so an answer is refused whenever staleness began before the
    check, and never served from figures that were stale when it was read.
    """
    rows = await store.read(statement, parameters)
    declared = store.catalogue.get(statement)
    condition = declared.derived_when
    if (
        declared.reads_derived_figures
        and not visibility.include_restricted
        and (condition is None or parameters.get(condition) is not None)
    ):
        state = await store.read(STATE)
        if state and state[0]["stale"]:
            raise FiguresRefreshingError(
                "figures for published material are being recomputed after some material "
                "stopped being published; try again in a few minutes (if this lasts, an "
                "analyst can run 'graph-service db refresh')"
            )
    return rows
