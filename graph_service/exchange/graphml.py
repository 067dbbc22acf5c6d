"""The graph as GraphML (http://graphml.graphdrawing.org/), for Gephi, yEd, Cytoscape, networkx.

One node per entity, ``<kind>:<id>`` (``review:R1``), and one per taxonomy code a row names,
``<taxonomy>:<code>`` (``theme:T01``); each node's ``label`` is its node label and each row
field a data value. One directed edge per link, its ``label`` the relationship type; a systems
factor's edge carries its ``effect``, an IMR score's edge its ``score``.

The keys are declared from the row models before the graph, so the file streams: nodes and
edges are written as rows arrive (an edge may name a node written later), and only the codes
already written (and the exported agencies' ids, which tell an agency from a force) are
remembered.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph_service.exchange.archive import Members
from graph_service.exchange.dataset import Batches, ExportDescription
from graph_service.exchange.elements import (
    Endpoint,
    Property,
    Relationship,
    RowReader,
    node_properties,
    relationship_properties,
)
from graph_service.exchange.links import KINDS

FILE_NAME = "learning-graph.graphml"
MEDIA_TYPE = "application/graphml+xml"
LABEL, CODE = "label", "code"
# Characters XML 1.0 cannot hold at all; the loader refuses them, so this only guards.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def node_keys() -> dict[str, Property]:
    """Every node data key by name: the label, a code's code, and every entity's fields.

    A field name means the same in every entity (``published_on`` is text wherever it is),
    so one key serves them all; a model that broke that would be refused here.
    """
    keys = {LABEL: Property(LABEL, "string"), CODE: Property(CODE, "string")}
    for stem in KINDS:
        for declared in node_properties(stem):
            if declared.name in (LABEL, CODE):
                raise TypeError(f"{stem}.{declared.name}: the name of a GraphML key of its own")
            _declare(keys, declared, "node")
    return keys


def edge_keys() -> dict[str, Property]:
    keys = {LABEL: Property(LABEL, "string")}
    for declared_list in relationship_properties().values():
        for declared in declared_list:
            _declare(keys, declared, "edge")
    return keys


async def graphml_members(batches: Batches, about: ExportDescription) -> Members:
    """One file, ``learning-graph.graphml``, a batch of rows at a time."""
    yield FILE_NAME, _prologue(about).encode()
    reader = RowReader()
    written_codes: set[tuple[str, str]] = set()
    async for stem, rows in batches:
        parts: list[str] = []
        for row in rows:
            parts.append(_entity_node(reader.node(stem, row), stem, row))
            for relationship in reader.relationships(stem, row):
                for end in (relationship.start, relationship.end):
                    if end.taxonomy is not None and (end.taxonomy, end.key) not in written_codes:
                        written_codes.add((end.taxonomy, end.key))
                        parts.append(_code_node(end))
                parts.append(_edge(relationship))
        if parts:
            yield FILE_NAME, "".join(parts).encode()
    yield FILE_NAME, b"  </graph>\n</graphml>\n"


def graph_node_id(end: Endpoint) -> str:
    """A node's GraphML id: ``review:R1``, ``theme:T01``."""
    return f"{end.name}:{end.key}"


def _prologue(about: ExportDescription) -> str:
    keys = [_key("node", declared) for declared in node_keys().values()]
    keys += [_key("edge", declared) for declared in edge_keys().values()]
    description = f"{about.name}: {about.description} ({about.source})"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        + "".join(keys)
        + '  <graph id="learning-graph" edgedefault="directed">\n'
        + f"    <desc>{_text(description)}</desc>\n"
    )


def _key(domain: str, declared: Property) -> str:
    return (
        f'  <key id="{_key_id(domain, declared.name)}" for="{domain}"'
        f' attr.name="{declared.name}" attr.type="{declared.type}"/>\n'
    )


def _key_id(domain: str, name: str) -> str:
    return f"{domain[0]}_{name}"


def _entity_node(end: Endpoint, stem: str, row: Mapping[str, Any]) -> str:
    values = [(LABEL, end.label)]
    for declared in node_properties(stem):
        value = row.get(declared.name)
        if value is not None and value != []:
            values.append((declared.name, _value(declared, value)))
    return _node(end, values)


def _code_node(end: Endpoint) -> str:
    return _node(end, [(LABEL, end.label), (CODE, end.key)])


def _node(end: Endpoint, values: Iterable[tuple[str, str]]) -> str:
    data = "".join(_data("node", name, text) for name, text in values)
    return f'    <node id="{_attribute(graph_node_id(end))}">{data}</node>\n'


def _edge(relationship: Relationship) -> str:
    declared = {p.name: p for p in relationship_properties().get(relationship.type, ())}
    values = [(LABEL, relationship.type)]
    values += [
        (name, _value(declared[name], value)) for name, value in relationship.properties.items()
    ]
    data = "".join(_data("edge", name, text) for name, text in values)
    source = _attribute(graph_node_id(relationship.start))
    target = _attribute(graph_node_id(relationship.end))
    return f'    <edge source="{source}" target="{target}">{data}</edge>\n'


def _data(domain: str, name: str, text: str) -> str:
    return f'<data key="{_key_id(domain, name)}">{_text(text)}</data>'


def _value(declared: Property, value: Any) -> str:
    if declared.is_list:
        return ";".join(str(item) for item in value)
    if declared.type == "boolean":
        return "true" if value else "false"
    if declared.type == "int":
        return str(int(value))
    if declared.type == "double":
        return repr(float(value))
    return str(value)


def _text(text: str) -> str:
    """Element text: markup escaped, and a carriage return kept as one (a parser would
    otherwise read it as a line end)."""
    cleaned = _NOT_XML.sub("\ufffd", text)
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _attribute(text: str) -> str:
    """An attribute value between double quotes: white space other than a space is written as
    a character reference, which attribute normalisation would otherwise turn into spaces."""
    return _text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _declare(keys: dict[str, Property], declared: Property, domain: str) -> None:
    known = keys.setdefault(declared.name, declared)
    if known != declared:
        raise TypeError(
            f"{domain} data key {declared.name!r} declared as {known.type} and {declared.type}"
        )
