"""The graph as JSON-LD: every entity a node named by its stable IRI, every link an IRI.

An entity's IRI is ``<base>/id/<kind>/<id>`` and a taxonomy code's ``<base>/id/<taxonomy>/<code>``
(names from :mod:`graph_service.exchange.links`); the service answers at those addresses. A
row's fields become properties in the service's vocabulary, ``<base>/vocab#<field>``, except a
few that a well-known vocabulary names (Dublin Core's identifier and title, schema.org's name,
url and datePublished). The context is embedded, so a document reads offline.

A qualified link (a systems factor with its effect) is written twice, as the link itself and
as a node saying how (``qualified_<field>``: target and effect), as PROV qualifies relations.
IMR scores are nodes of a criterion and a score.
"""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from graph_service.exchange.archive import Members
from graph_service.exchange.dataset import Batches, ExportDescription
from graph_service.exchange.links import KINDS, LINKS, TAXONOMIES, Link, node_id
from graph_service.repository.export import ImportRow

FILE_NAME = "learning-graph.jsonld"
MEDIA_TYPE = "application/ld+json"
ID_PATH = "/id/"

XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

# Field types beyond text, across every entity (a name means the same wherever it appears).
DATES = frozenset(
    {
        "published_on",
        "initiated_on",
        "made_on",
        "status_updated_on",
        "started_on",
        "completed_on",
        "observed_on",
        "assessed_on",
        "recorded_on",
        "shared_on",
    }
)
BOOLEANS = frozenset({"restricted", "has_review_team"})
NUMBERS = frozenset({"value", "baseline"})
ADDRESSES = frozenset({"url", "source_url", "evidence_url"})
# Terms of a well-known vocabulary, where one says the same thing.
WELL_KNOWN = {
    "identifier": "dcterms:identifier",
    "title": "dcterms:title",
    "name": "schema:name",
    "url": "schema:url",
    "published_on": "schema:datePublished",
}
# Terms of the nodes this module adds: an IMR score, and how a qualified link is qualified.
SCORES, CRITERION, SCORE = "scores", "criterion", "score"
TARGET, EFFECT = "target", "effect"
QUALIFIED = "qualified_"

Node = dict[str, Any]


class Iris:
    """The IRIs of one service, under its public address."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.vocabulary = f"{self.base}/vocab#"

    def entity(self, stem: str, entity_id: str) -> str:
        return self._under(KINDS[stem].name, entity_id)

    def code(self, taxonomy: str, code: str) -> str:
        return self._under(TAXONOMIES[taxonomy][0], code)

    def of(self, target: str, value: str) -> str:
        """The IRI a link to ``target`` (an entity stem or a taxonomy) with ``value`` names."""
        return self.entity(target, value) if target in KINDS else self.code(target, value)

    def _under(self, name: str, key: str) -> str:
        return f"{self.base}{path_of(name, key)}"


def path_of(name: str, key: str) -> str:
    """The path of an IRI: a slash or anything else outside an id's characters is quoted."""
    return f"{ID_PATH}{name}/{quote(key, safe=':')}"


def context(iris: Iris) -> dict[str, Any]:
    """Every field as a term: links as IRIs, dates, booleans and numbers typed; any other field
    (text) is a term of the vocabulary through ``@vocab``."""
    terms: dict[str, Any] = {
        "@vocab": iris.vocabulary,
        "lg": iris.vocabulary,
        "xsd": XSD,
        "dcterms": DCTERMS,
        "schema": SCHEMA,
    }

    def term(field: str, **definition: str) -> None:
        terms[field] = {"@id": WELL_KNOWN.get(field, f"lg:{field}"), **definition}

    for field in sorted(WELL_KNOWN):
        term(field)
    for field in sorted(DATES):
        term(field, **{"@type": "xsd:date"})
    for field in sorted(BOOLEANS):
        term(field, **{"@type": "xsd:boolean"})
    for field in sorted(NUMBERS):
        term(field, **{"@type": "xsd:double"})
    for field in sorted(ADDRESSES):
        term(field, **{"@type": "xsd:anyURI"})
    for links in LINKS.values():
        for link in links:
            term(link.field, **{"@type": "@id"})
            if link.qualified:
                term(QUALIFIED + link.field)
    for field in (TARGET, CRITERION):
        term(field, **{"@type": "@id"})
    term(SCORE, **{"@type": "xsd:integer"})
    return terms


def node(stem: str, row: ImportRow, iris: Iris) -> Node:
    """A row as a node: its IRI, its kind as type, its id as identifier, then its fields."""
    kind = KINDS[stem]
    entity_id = node_id(stem, row)
    links = {link.field: link for link in LINKS[stem]}
    result: Node = {"@id": iris.entity(stem, entity_id), "@type": kind.label}
    result["identifier"] = entity_id
    for field, value in row.items():
        link = links.get(field)
        if link is not None:
            result.update(_linked(link, value, iris))
        elif field == kind.key:
            continue  # the identifier already
        elif field == SCORES:
            result[SCORES] = [
                {CRITERION: iris.code("imr_criteria", code), SCORE: score}
                for code, score in sorted(value.items())
            ]
        else:
            result[field] = value
    return result


def _linked(link: Link, value: Any, iris: Iris) -> Node:
    if not link.qualified:
        if isinstance(value, list):
            return {link.field: [iris.of(link.target, item) for item in value]}
        return {link.field: iris.of(link.target, value)}
    pairs = [str(item).partition(":")[::2] for item in value]
    return {
        link.field: sorted({iris.of(link.target, code) for code, _ in pairs}),
        QUALIFIED + link.field: [
            {TARGET: iris.of(link.target, code), EFFECT: effect} for code, effect in pairs
        ],
    }


def document(node_: Node, context_: Mapping[str, Any]) -> Node:
    """One node as a document of its own, with the context."""
    return {"@context": context_, **node_}


async def jsonld_members(batches: Batches, about: ExportDescription) -> Members:
    """One document, ``{"@context": ..., "@graph": [...]}``, written a batch of nodes at a time."""
    if about.iri_base is None:
        raise ValueError("a JSON-LD export names its nodes by IRI: give its iri_base")
    iris = Iris(about.iri_base)
    yield FILE_NAME, f'{{"@context":{_json(context(iris))},\n"@graph":[\n'.encode()
    separator = ""
    async for stem, rows in batches:
        if rows:
            text = ",\n".join(_json(node(stem, row, iris)) for row in rows)
            yield FILE_NAME, f"{separator}{text}".encode()
            separator = ",\n"
    yield FILE_NAME, b"\n]}\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
