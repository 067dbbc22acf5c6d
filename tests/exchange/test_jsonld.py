"""The JSON-LD export, read by a real JSON-LD processor (rdflib): one typed node per entity the
graph holds, one triple per link, typed literals, and nothing a reader may not see."""

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from graph_service.cli.export import run_export
from graph_service.domain.visibility import EVERYTHING, PUBLIC, Visibility
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.exchange.jsonld import (
    BOOLEANS,
    DATES,
    FILE_NAME,
    NUMBERS,
    WELL_KNOWN,
    XSD,
    Iris,
    context,
)
from graph_service.exchange.links import KINDS, LINKS, node_id
from graph_service.loaders.dataset.schema import ENTITIES
from graph_service.repository.export import ImportRow
from graph_service.services.exporting import ExportService
from graph_service.store import GraphStore

# rdflib's JSON-LD parser uses its own deprecated class inside.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BASE = "https://graph.example.org/learning"
IRIS = Iris(BASE)
ABOUT = ExportDescription(name="jsonld", description="test export", source="test", iri_base=BASE)
DCTERMS_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")
SCHEMA = "https://schema.org/"


def vocab(term: str) -> URIRef:
    return URIRef(IRIS.vocabulary + term)


def predicate(field: str) -> URIRef:
    """The property a row field becomes, as the context maps it."""
    well_known = WELL_KNOWN.get(field)
    if well_known is None:
        return vocab(field)
    prefix, _, name = well_known.partition(":")
    return URIRef({"dcterms": "http://purl.org/dc/terms/", "schema": SCHEMA}[prefix] + name)


async def export_text(store: GraphStore, visibility: Visibility) -> tuple[str, int]:
    """The JSON-LD export as text, and how many chunks it came in (small batches: many)."""
    exporting = ExportService(store, batch_size=7)
    members = exporting.members(format_named("jsonld"), visibility, ABOUT)
    chunks = [(name, chunk) async for name, chunk in members]
    assert {name for name, _ in chunks} == {FILE_NAME}
    return b"".join(chunk for _, chunk in chunks).decode(), len(chunks)


async def exported_rows(store: GraphStore, visibility: Visibility) -> dict[str, list[ImportRow]]:
    rows: dict[str, list[ImportRow]] = defaultdict(list)
    async for stem, batch in ExportService(store).batches(visibility):
        rows[stem].extend(batch)
    return rows


def parsed(text: str) -> Graph:
    return Graph().parse(data=text, format="json-ld")


async def test_the_export_is_one_document_written_a_batch_at_a_time(
    loaded_store: GraphStore,
) -> None:
    text, chunks = await export_text(loaded_store, EVERYTHING)
    rows = await exported_rows(loaded_store, EVERYTHING)
    total = sum(len(batch) for batch in rows.values())
    # The opening, a chunk per batch of 7 rows, the closing.
    assert chunks == 2 + sum(-(-len(batch) // 7) for batch in rows.values() if batch)
    exported = json.loads(text)
    assert list(exported) == ["@context", "@graph"]
    assert exported["@context"] == context(IRIS)
    assert len(exported["@graph"]) == total
    ids = [item["@id"] for item in exported["@graph"]]
    assert len(set(ids)) == total
    assert all(iri.startswith(f"{BASE}/id/") for iri in ids)


async def test_one_typed_node_per_entity_the_graph_holds(loaded_store: GraphStore) -> None:
    graph = parsed((await export_text(loaded_store, EVERYTHING))[0])
    held: Counter[str] = Counter()
    for row in await loaded_store.read("test/graph_summary"):
        if row["kind"] == "node":  # forces are agencies too, and are reference data
            held[":".join(sorted(row["name"]))] += row["count"]
    typed = Counter(str(kind) for kind in graph.objects(None, RDF.type))
    # Only the export's own entities are typed (the nodes qualifying links have no type).
    assert typed == {str(vocab(kind.label)): held[kind.label] for kind in KINDS.values()}
    assert all(held[kind.label] > 0 for kind in KINDS.values())
    rows = await exported_rows(loaded_store, EVERYTHING)
    for stem, batch in rows.items():
        for row in batch:
            subject = URIRef(IRIS.entity(stem, node_id(stem, row)))
            assert (subject, RDF.type, vocab(KINDS[stem].label)) in graph
            assert (subject, DCTERMS_IDENTIFIER, Literal(node_id(stem, row))) in graph


async def test_each_link_is_one_triple_to_the_iri_it_names(loaded_store: GraphStore) -> None:
    graph = parsed((await export_text(loaded_store, EVERYTHING))[0])
    rows = await exported_rows(loaded_store, EVERYTHING)
    expected: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_relationship: Counter[str] = Counter()
    for stem, links in LINKS.items():
        for row in rows[stem]:
            subject = IRIS.entity(stem, node_id(stem, row))
            for link in links:
                values = row.get(link.field, [])
                for value in values if isinstance(values, list) else [values]:
                    target = str(value).partition(":")[0] if link.qualified else str(value)
                    expected[link.field].add((subject, IRIS.of(link.target, target)))
                    if link.field != "sector":  # a property of agencies in the graph
                        by_relationship[link.relationship] += 1
    for field, pairs in expected.items():
        found = {(str(s), str(o)) for s, o in graph.subject_objects(predicate(field))}
        assert found == pairs, field
        assert all(isinstance(o, URIRef) for o in graph.objects(None, predicate(field)))
    assert sum(len(pairs) for pairs in expected.values()) > 500
    # Every link of the export is a relationship of the graph, and the other way round.
    held: Counter[str] = Counter()
    for row in await loaded_store.read("test/graph_summary"):
        if row["kind"] == "relationship" and row["name"] in by_relationship:
            held[row["name"]] += row["count"]
    assert held == by_relationship


async def test_qualified_links_and_scores_are_nodes_of_their_own(
    loaded_store: GraphStore,
) -> None:
    graph = parsed((await export_text(loaded_store, EVERYTHING))[0])
    rows = await exported_rows(loaded_store, EVERYTHING)
    effects = {
        (IRIS.entity("findings", row["finding_id"]), IRIS.code("systems_factors", code), effect)
        for row in rows["findings"]
        for code, _, effect in (item.partition(":") for item in row.get("systems_factors", []))
    }
    found = set()
    for finding, qualified in graph.subject_objects(vocab("qualified_systems_factors")):
        assert isinstance(qualified, BNode)
        found.add(
            (
                str(finding),
                str(graph.value(qualified, vocab("target"))),
                str(graph.value(qualified, vocab("effect"))),
            )
        )
    assert effects
    assert found == effects
    scores = {
        (IRIS.entity("imr_assessments", row["assessment_id"]), IRIS.code("imr_criteria", c), s)
        for row in rows["imr_assessments"]
        for c, s in row.get("scores", {}).items()
    }
    found_scores = set()
    for assessment, score in graph.subject_objects(vocab("scores")):
        value = graph.value(score, vocab("score"))
        assert isinstance(value, Literal)
        assert value.datatype == URIRef(XSD + "integer")
        found_scores.add(
            (str(assessment), str(graph.value(score, vocab("criterion"))), value.toPython())
        )
    assert scores
    assert found_scores == scores


async def test_every_field_is_one_typed_triple(loaded_store: GraphStore) -> None:
    """Dates, booleans and numbers typed, text plain; nothing dropped, nothing added."""
    graph = parsed((await export_text(loaded_store, EVERYTHING))[0])
    rows = await exported_rows(loaded_store, EVERYTHING)
    triples = 0
    for stem, batch in rows.items():
        links = {link.field: link for link in LINKS[stem]}
        for row in batch:
            subject = URIRef(IRIS.entity(stem, node_id(stem, row)))
            triples += 2  # its type and identifier
            for field, value in row.items():
                link = links.get(field)
                if link is not None:
                    values = value if isinstance(value, list) else [value]
                    targets = {str(item).partition(":")[0] for item in values}
                    # A qualified link: the link, and a node of two triples saying how.
                    triples += len(targets) + 3 * len(values) if link.qualified else len(values)
                elif field == "scores":
                    triples += 3 * len(value)
                elif field != KINDS[stem].key:
                    triples += 1
                    literal = graph.value(subject, predicate(field))
                    assert isinstance(literal, Literal), (stem, field)
                    assert literal.toPython() == _typed(field, value), (stem, field)
    assert len(graph) == triples


def _typed(field: str, value: Any) -> Any:
    if field in DATES:
        return dt.date.fromisoformat(value)
    if field in NUMBERS:
        return float(value)
    if field in BOOLEANS:
        return bool(value)
    return value


def test_the_context_types_every_typed_field_of_the_import_format() -> None:
    """A new date, flag or number in the import format needs its term here, or it would be
    exported as text."""
    typed = context(IRIS)
    assert {entity.stem for entity in ENTITIES} == set(KINDS)
    for entity in ENTITIES:
        model = entity.model
        for field, info in model.model_fields.items():
            annotation = str(info.annotation)
            term = typed.get(field, {})
            if "bool" in annotation:
                assert term.get("@type") == "xsd:boolean", field
            elif "float" in annotation:
                assert term.get("@type") == "xsd:double", field
            elif field.endswith("_on"):
                assert term.get("@type") == "xsd:date", field


async def test_a_readers_export_holds_no_restricted_review_nor_imr_assessment(
    loaded_store: GraphStore,
) -> None:
    everything = await exported_rows(loaded_store, EVERYTHING)
    restricted = [row for row in everything["reviews"] if row["restricted"]]
    hidden_findings = [
        row
        for row in everything["findings"]
        if row["review_id"] in {r["review_id"] for r in restricted}
    ]
    assert restricted
    assert hidden_findings
    assert everything["imr_assessments"]
    text, _ = await export_text(loaded_store, PUBLIC)
    graph = parsed(text)
    assert not list(graph.subjects(RDF.type, vocab("ImrAssessment")))
    named = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    public_titles = {row["title"] for row in everything["reviews"] if not row["restricted"]}
    for row in restricted:
        assert IRIS.entity("reviews", row["review_id"]) not in named
        if row["title"] not in public_titles:
            assert json.dumps(row["title"]) not in text
    for row in hidden_findings:
        assert IRIS.entity("findings", row["finding_id"]) not in named
    reviews = set(graph.subjects(RDF.type, vocab("Review")))
    assert len(reviews) == len(everything["reviews"]) - len(restricted)


async def test_the_command_line_writes_the_export_with_the_iris_it_is_given(
    loaded_store: GraphStore, tmp_path: Path
) -> None:
    out = tmp_path / "graph.jsonld"
    counts = await run_export(
        loaded_store, out, "jsonld", published_only=True, quiet=True, iri_base=BASE
    )
    graph = parsed(out.read_text(encoding="utf-8"))
    subjects = set(graph.subjects(RDF.type, None))
    assert len(subjects) == sum(counts.values())
    assert all(str(s).startswith(f"{BASE}/id/") for s in subjects)


async def test_an_export_without_a_base_for_its_iris_is_refused() -> None:
    async def nothing() -> AsyncIterator[tuple[str, list[ImportRow]]]:
        yield "reviews", []

    members = format_named("jsonld").members(
        nothing(), ExportDescription(name="n", description="d", source="s")
    )
    with pytest.raises(ValueError, match="iri_base"):
        await anext(members)
