"""Import-format rows as the nodes and relationships of a property graph, for the graph formats
(GraphML, neo4j-admin CSV).

What each node may hold is declared here from the row models (``loaders/dataset``), before any
row arrives: a format that writes its declarations first (GraphML's keys, a CSV header) knows
them without reading the data. The relationships a row names come from
:mod:`graph_service.exchange.links`.
"""

import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any, Literal

from graph_service.exchange.links import KINDS, LINKS, TAXONOMIES, Link, node_id
from graph_service.loaders.dataset.schema import BY_STEM

# Named as GraphML and neo4j-admin both name them; every graph tool reads these four.
PropertyType = Literal["string", "boolean", "int", "double"]

# IMR scores, a map from criterion to score: one relationship per criterion, with its score.
SCORE_LINKS: dict[str, Link] = {"imr_assessments": Link("scores", "SCORED", "imr_criteria")}
EFFECT, SCORE = "effect", "score"
# A force is also an agency whose id is its force code, as in the service's own graph.
FORCES = "forces"
EXTRA_LABELS: dict[str, tuple[str, ...]] = {FORCES: ("Agency",)}


@dataclass(frozen=True)
class Property:
    """A value a node or relationship may hold: a scalar of ``type``, or a list of text."""

    name: str
    type: PropertyType
    is_list: bool = False


@dataclass(frozen=True)
class Endpoint:
    """A node named by a row: an entity (``taxonomy`` None) or a taxonomy code."""

    label: str
    name: str  # singular, for ids such as review:R1 or force:XX
    key: str  # the entity's id, or the code
    taxonomy: str | None = None


@dataclass(frozen=True)
class Relationship:
    type: str
    start: Endpoint
    end: Endpoint
    properties: Mapping[str, str | int] = field(default_factory=dict)


@cache
def node_properties(stem: str) -> tuple[Property, ...]:
    """What a node of ``stem`` may hold, in the row model's field order: every scalar field
    (a field naming one other node too, as the service's graph keeps it as a property) and
    every list field that names no other node."""
    links = {link.field for link in LINKS[stem]} | _score_fields(stem)
    declared: list[Property] = []
    for name, info in BY_STEM[stem].model.model_fields.items():
        shape = _shape(info.annotation)
        if isinstance(shape, tuple):
            if name not in links:
                declared.append(Property(name, "string", is_list=True))
        elif shape is not None:
            declared.append(Property(name, shape))
        elif name not in links:
            raise TypeError(f"{stem}.{name}: no graph property type for {info.annotation}")
    return tuple(declared)


@cache
def relationship_properties() -> Mapping[str, tuple[Property, ...]]:
    """The properties each relationship type carries: a systems factor's effect, a score."""
    declared: dict[str, tuple[Property, ...]] = {}
    for links in LINKS.values():
        for link in links:
            if link.qualified:
                declared[link.relationship] = (Property(EFFECT, "string"),)
    for link in SCORE_LINKS.values():
        declared[link.relationship] = (Property(SCORE, "int"),)
    return declared


def taxonomy_label(taxonomy: str) -> str:
    return TAXONOMIES[taxonomy][1]


class RowReader:
    """Reads rows in export order (agencies first) into nodes and relationships.

    A link to an agency whose row was not exported names a force, which the reference data
    holds rather than a dataset: it becomes the force's taxonomy node. Telling the two apart
    keeps the exported agencies' ids, one small set.
    """

    def __init__(self) -> None:
        self._agencies: set[str] = set()

    def node(self, stem: str, row: Mapping[str, Any]) -> Endpoint:
        kind = KINDS[stem]
        key = node_id(stem, dict(row))
        if stem == "agencies":
            self._agencies.add(key)
        return Endpoint(kind.label, kind.name, key)

    def relationships(self, stem: str, row: Mapping[str, Any]) -> Iterator[Relationship]:
        """Every relationship ``row`` names, pointing the way the service's graph does."""
        own = self.node(stem, row)
        for link in LINKS[stem]:
            for value in _values(row.get(link.field)):
                target, properties = value, {}
                if link.qualified:
                    target, _, effect = value.partition(":")
                    properties = {EFFECT: effect}
                other = self._target(link.target, target)
                if link.reverse:
                    yield Relationship(link.relationship, other, own, properties)
                else:
                    yield Relationship(link.relationship, own, other, properties)
        if (scored := SCORE_LINKS.get(stem)) is not None:
            for code, score in sorted((row.get(scored.field) or {}).items()):
                criterion = self._target(scored.target, code)
                yield Relationship(scored.relationship, own, criterion, {SCORE: int(score)})

    def _target(self, target: str, value: str) -> Endpoint:
        if target == "agencies" and value not in self._agencies:
            target = FORCES
        if target in TAXONOMIES:
            name, label = TAXONOMIES[target]
            return Endpoint(label, name, value, taxonomy=target)
        kind = KINDS[target]
        return Endpoint(kind.label, kind.name, value)


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _score_fields(stem: str) -> set[str]:
    return {SCORE_LINKS[stem].field} if stem in SCORE_LINKS else set()


def _shape(annotation: Any) -> PropertyType | tuple[str] | None:
    """A field's graph type: a scalar type, ``("list",)`` for a list, None for anything else."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _shape(inner)
    if origin is list:
        return ("list",)
    if not isinstance(annotation, type):
        return None
    # bool before int: a bool is an int to Python.
    if issubclass(annotation, bool):
        return "boolean"
    if issubclass(annotation, (str, Enum)):
        return "string"
    if issubclass(annotation, int):
        return "int"
    if issubclass(annotation, float):
        return "double"
    return None
