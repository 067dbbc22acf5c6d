"""Reading the graph's entities: lookups by id, their relationships, and filtered pages.

A page or a count is asked for with the list's typed filter (``graph_service/domain/filters.py``),
which names the list and gives the parameters of its statements.

Every method takes the caller's :class:`Visibility`, and every statement filters on it, so
restricted material never reaches a layer that could forget to remove it. Entities come back
typed (``graph_service/domain/entities.py``), each statement returning only the properties its
entity declares.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar

from graph_service.domain.entities import Entity, to_entity
from graph_service.domain.filters import FILTERS, ListFilter
from graph_service.domain.paging import Page, PageRequest
from graph_service.domain.visibility import Visibility
from graph_service.repository import figures
from graph_service.repository.figures import read_visible
from graph_service.repository.parameters import declared
from graph_service.store import GraphStore

# Entities with a lookup by id (api/<kind>_by_id).
LOOKUPS = (
    "reviews",
    "findings",
    "recommendations",
    "practice_changes",
    "outcomes",
    "agencies",
    "partnerships",
    "imr_assessments",
    "briefings",
    "resources",
    "governance_records",
    "load_runs",
)

# Relationship statements returning entities (api/<name>: key, node), with the kind of each.
RELATION_KINDS: dict[str, str] = {
    "review_agencies": "agencies",
    "review_partnerships": "partnerships",
    "review_related": "reviews",
    "review_findings": "findings",
    "review_recommendations": "recommendations",
    "review_imr_assessments": "imr_assessments",
    "review_briefings": "briefings",
    "finding_agencies": "agencies",
    "finding_recommendations": "recommendations",
    "finding_briefings": "briefings",
    "recommendation_findings": "findings",
    "recommendation_agencies": "agencies",
    "recommendation_changes": "practice_changes",
    "change_recommendations": "recommendations",
    "change_briefings": "briefings",
    "change_outcomes": "outcomes",
    "briefing_findings": "findings",
    "briefing_reviews": "reviews",
    "force_governance_records": "governance_records",
    "group_members": "recommendations",
}
# ... and those returning taxonomy codes, with a property of the relationship where it has one.
CODE_RELATIONS = (
    "review_forces",
    "review_strands",
    "finding_issues",
    "finding_themes",
    "finding_factors",
    "imr_scores",
    "briefing_issues",
    "briefing_themes",
    "resource_issues",
    "resource_themes",
)


class EntityRepository:
    """Lookups, relationships and pages of the graph's entities."""

    statements: ClassVar[frozenset[str]] = frozenset(
        {f"entities/{kind}_by_id" for kind in LOOKUPS}
        # Each list (domain/filters.py) pages and counts with a statement of its own.
        | {f"entities/{kind}" for kind in FILTERS}
        | {f"entities/{kind}_count" for kind in FILTERS}
        | {f"entities/{name}" for name in (*RELATION_KINDS, *CODE_RELATIONS)}
        | {figures.STATE}
    )

    def __init__(self, store: GraphStore) -> None:
        store.catalogue.require(self.statements)
        self._store = store

    async def by_ids(
        self, kind: str, ids: Iterable[str], visibility: Visibility
    ) -> dict[str, Entity]:
        """The entities of ``kind`` with these ids that the caller may see, by id."""
        statement = f"entities/{kind}_by_id"
        parameters = declared(self._store, statement, visibility.parameters(), {"ids": list(ids)})
        rows = await read_visible(self._store, statement, parameters, visibility)
        return {row["key"]: to_entity(kind, row["node"]) for row in rows}

    async def related(
        self, relation: str, ids: Iterable[str], visibility: Visibility
    ) -> dict[str, list[dict[str, Any]]]:
        """Rows of one relationship statement grouped by the id they were asked for: each its
        ``node`` (the entity) or ``code``, and the relationship's properties."""
        statement = f"entities/{relation}"
        parameters = declared(self._store, statement, visibility.parameters(), {"ids": list(ids)})
        rows = await read_visible(self._store, statement, parameters, visibility)
        kind = RELATION_KINDS.get(relation)
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            if kind is not None:
                row["node"] = to_entity(kind, row["node"])
            grouped[row.pop("key")].append(row)
        return grouped

    async def page(
        self,
        filter_: ListFilter,
        *,
        sort: str,
        descending: bool,
        request: PageRequest,
        visibility: Visibility,
    ) -> Page[Entity]:
        """A page of the list ``filter_`` belongs to, of the entities that meet it."""
        kind = filter_.kind
        statement = f"entities/{kind}"
        parameters = {**filter_.parameters(), **request.parameters(descending=descending)}
        if request.size == 0:
            return Page([], has_next=False, has_previous=False)
        # A list with a single order declares no $sort.
        optional = {**visibility.parameters(), "sort": sort}
        rows = await read_visible(
            self._store,
            statement,
            declared(self._store, statement, optional, parameters),
            visibility,
        )
        # Sorted again here: engines need not keep a WITH's order through RETURN.
        rows.sort(key=lambda row: (row["key"], row["id"]), reverse=not parameters["ascending"])
        return Page.from_rows(
            [(row["key"], row["id"], to_entity(kind, row["node"])) for row in rows], request
        )

    async def count(self, filter_: ListFilter, visibility: Visibility) -> int:
        """How many entities of the list ``filter_`` belongs to meet it."""
        statement = f"entities/{filter_.kind}_count"
        parameters = declared(self._store, statement, visibility.parameters(), filter_.parameters())
        rows = await read_visible(self._store, statement, parameters, visibility)
        return int(rows[0]["total"]) if rows else 0
