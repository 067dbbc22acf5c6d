"""A statement's parameters: what it is given, plus the optional ones it declares."""

from collections.abc import Mapping
from typing import Any

from graph_service.store import GraphStore


def declared(
    store: GraphStore, statement: str, optional: Mapping[str, Any], given: Mapping[str, Any]
) -> dict[str, Any]:
    """``given``, plus those ``optional`` parameters (the caller's visibility, a sort) that
    ``statement`` declares. A statement over public material has no use for visibility;
    every statement that can reach restricted material declares it."""
    wanted = store.catalogue.get(statement).parameters
    return {**{k: v for k, v in optional.items() if k in wanted}, **given}
