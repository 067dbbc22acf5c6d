"""Statements return the fields the entity model declares, never a node's whole property map.

Statically, every statement's projections are read against the model of what they project; then
every statement returning entities runs over a loaded graph on each backend, and each returned
map must hold only properties the model declares (derived internals such as code lists, vectors
and content hashes stay in the store).
"""

import dataclasses
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pytest

from graph_service.domain.access import AuditEvent
from graph_service.domain.entities import MODELS, graph_fields, to_entity
from graph_service.domain.exploration import SearchKind
from graph_service.domain.filters import FILTERS
from graph_service.errors import CatalogueError
from graph_service.repository.analytics import OPEN_LOOP_KINDS, OPEN_LOOPS
from graph_service.repository.entities import LOOKUPS, RELATION_KINDS
from graph_service.repository.exploration import SEARCH_ENTITIES
from graph_service.store import GraphStore
from graph_service.store.catalogue import DIALECTS, Statement, StatementCatalogue

# Statement -> its columns holding entities -> the entity kind (one per UNION ALL part when
# the parts differ).
ENTITY_COLUMNS: dict[str, dict[str, str | tuple[str, ...]]] = {
    **{f"entities/{kind}_by_id": {"node": kind} for kind in LOOKUPS},
    **{f"entities/{kind}": {"node": kind} for kind in FILTERS},
    **{f"entities/{name}": {"node": kind} for name, kind in RELATION_KINDS.items()},
    **{OPEN_LOOPS[loop]: {"node": kind} for loop, kind in OPEN_LOOP_KINDS.items()},
    "exploration/search": {"node": tuple(SEARCH_ENTITIES[kind] for kind in SearchKind)},
    "exploration/related_reviews": {"node": "reviews"},
    "exploration/review_learning": {
        "review": "reviews",
        "finding": "findings",
        "recommendation": "recommendations",
        "change": "practice_changes",
        "outcome": "outcomes",
    },
    "review_system/force_overview": {"governance": "governance_records"},
}
AUDIT_EVENT_PROPERTIES = tuple(
    re.sub(r"_(\w)", lambda m: m.group(1).upper(), f.name) for f in dataclasses.fields(AuditEvent)
)

# Statements the generated dataset gives no entity to: it relates about one review in fifty
# to another, so its forty reviews seldom hold a pair.
SPARSE = ["entities/review_related"]

# `v {.a, .b} AS column`, possibly as the ELSE of a CASE that keeps a missing node null.
_PROJECTION = re.compile(r"\b(\w+) \{(\.\w+(?:, \.\w+)*)\}(?: END)? AS (\w+)")


def _projections(text: str) -> list[dict[str, tuple[str, ...]]]:
    """Per UNION ALL part of ``text``, each projected column with the properties it lists."""
    return [
        {
            m.group(3): tuple(p.strip()[1:] for p in m.group(2).split(","))
            for m in _PROJECTION.finditer(part)
        }
        for part in text.split("UNION ALL")
    ]


def _catalogues() -> list[StatementCatalogue]:
    return [StatementCatalogue.load(dialect) for dialect in DIALECTS]


def _statements() -> list[Statement]:
    return [statement for catalogue in _catalogues() for statement in catalogue]


def _id(statement: Statement) -> str:
    return f"{statement.path.parent.name}/{statement.path.name}"


@pytest.mark.parametrize("statement", _statements(), ids=_id)
def test_no_statement_returns_a_whole_property_map(statement: Statement) -> None:
    assert "properties(" not in statement.text, (
        f"{statement.name} returns a whole property map; project the declared fields"
    )


@pytest.mark.parametrize(
    "statement",
    [s for s in _statements() if s.name in ENTITY_COLUMNS or s.name == "audit/events"],
    ids=_id,
)
def test_each_projection_lists_the_fields_its_model_declares(statement: Statement) -> None:
    expected = ENTITY_COLUMNS.get(statement.name, {"event": "audit_events"})
    parts = _projections(statement.text)
    for column, kinds in expected.items():
        assert column in statement.columns
        per_part = kinds if isinstance(kinds, tuple) else (kinds,) * len(parts)
        assert len(per_part) == len(parts), f"{statement.name}: a kind per UNION ALL part"
        for part, kind in zip(parts, per_part, strict=True):
            declared = AUDIT_EVENT_PROPERTIES if kind == "audit_events" else graph_fields(kind)
            if column not in part:
                continue  # this part returns null for the column
            assert part[column] == declared, f"{statement.name}: {column} as {kind}"


def test_every_statement_returning_a_node_has_its_model_named_here() -> None:
    unnamed = {s.name for s in _statements() if "node" in s.columns} - set(ENTITY_COLUMNS)
    assert unnamed == set()


def test_every_entity_kind_is_read_by_a_statement() -> None:
    read = {
        kind
        for columns in ENTITY_COLUMNS.values()
        for kinds in columns.values()
        for kind in (kinds if isinstance(kinds, tuple) else (kinds,))
    }
    assert read == set(MODELS)


def test_an_undeclared_property_is_refused() -> None:
    node = {"id": "A1", "name": "Agency", "sector": "police", "rowHash": "0f3c"}
    with pytest.raises(CatalogueError, match="rowHash"):
        to_entity("agencies", node)


# ---------------------------------------------------------------------------------------------
# Run over a loaded graph

# The look-up each statement starts from: `(v:Label {key: id})`.
_START = re.compile(r"\(\w*:(\w+) \{(\w+): id\}\)")


async def _values(store: GraphStore) -> dict[tuple[str, str], list[Any]]:
    """Every value of each (label, property) the statements look things up by."""
    values: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in await store.read("test/node_properties"):
        for label in row["labels"]:
            for name in ("id", "code"):
                if name in row["properties"]:
                    values[label, name].append(row["properties"][name])
    values["LoadRun", "id"] = [row["id"] for row in await store.read("test/runs")]
    return values


def _words(nodes: list[dict[str, Any]]) -> list[str]:
    """Some words of the nodes' texts, to search for."""
    texts = [n.get("title") or n.get("text") or n.get("description") or "" for n in nodes]
    return sorted({w for t in texts for w in re.findall(r"[a-z]{5,}", t.lower())})[:40]


async def _parameter_sets(store: GraphStore, statement: Statement) -> list[dict[str, Any]]:
    """Parameters that make ``statement`` return rows: every id it can start from, no filter."""
    values = await _values(store)
    given: dict[str, Any] = {
        "includeRestricted": True,
        "includeImr": True,
        "sort": "id",
        "ascending": True,
        "afterKey": None,
        "afterId": None,
        "limit": 1000,
        "skip": 0,
    }
    start = _START.search(statement.text)
    if start is not None:
        given["ids"] = values[start.group(1), start.group(2)]
    sets = [given]
    if "id" in statement.parameters:  # one review at a time
        sets = [{**given, "id": id_} for id_ in values["Review", "id"]]
    elif "code" in statement.parameters:
        label = "Force" if statement.name.startswith("review_system/") else "PerennialIssue"
        sets = [{**given, "code": code} for code in values[label, "code"]]
    elif "words" in statement.parameters:
        rows = await store.read("test/node_properties")
        nodes = [r["properties"] for r in rows if set(r["labels"]) & {"Review", "Finding"}]
        kinds = [kind.value for kind in SearchKind]
        sets = [{**given, "words": [word], "kinds": kinds} for word in _words(nodes)]
    return [{name: s.get(name) for name in statement.parameters} for s in sets]


def _kind_of(statement: Statement, column: str, row: Mapping[str, Any]) -> str:
    kinds = ENTITY_COLUMNS[statement.name][column]
    if isinstance(kinds, tuple):
        return SEARCH_ENTITIES[SearchKind(row["kind"])]
    return kinds


async def test_statements_return_only_the_declared_fields(loaded_store: GraphStore) -> None:
    returned: dict[str, int] = {}
    for name in sorted(ENTITY_COLUMNS):
        statement = loaded_store.catalogue.get(name)
        returned[name] = 0
        for parameters in await _parameter_sets(loaded_store, statement):
            for row in await loaded_store.read(name, parameters):
                for column in ENTITY_COLUMNS[name]:
                    node = row[column]
                    if node is None:
                        continue
                    kind = _kind_of(statement, column, row)
                    undeclared = set(node) - set(graph_fields(kind))
                    assert not undeclared, f"{name} returned {sorted(undeclared)} as {kind}"
                    to_entity(kind, node)
                    returned[name] += 1
    # Each statement was seen returning entities, so the check above read something.
    assert {name for name, count in returned.items() if count == 0} <= set(SPARSE)
