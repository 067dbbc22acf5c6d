"""The GraphML export, read back by networkx as graph tools read it."""

import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph_service.domain.access import Role
from graph_service.domain.visibility import EVERYTHING, PUBLIC
from graph_service.exchange.archive import write_file
from graph_service.exchange.dataset import Batches
from graph_service.exchange.graphml import MEDIA_TYPE, edge_keys, graphml_members, node_keys
from graph_service.exchange.links import KINDS
from graph_service.loaders.dataset.schema import ENTITIES
from graph_service.repository.export import ImportRow
from graph_service.store import GraphStore
from tests.api.conftest import read_rows, signed_in
from tests.exchange.exports import (
    ABOUT,
    expected_relationships,
    export_file,
    export_rows,
    graph_counts,
    named_codes,
    only_file,
    restricted_review_ids,
)

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
# The attribute types Gephi's GraphML importer reads.
GEPHI_TYPES = {"string", "boolean", "int", "long", "float", "double"}


def read(source: Path | bytes) -> "nx.MultiDiGraph[str]":
    """The file as networkx reads it; a multigraph, so that no parallel edge is merged."""
    graph = nx.read_graphml(
        io.BytesIO(source) if isinstance(source, bytes) else source, force_multigraph=True
    )
    assert isinstance(graph, nx.MultiDiGraph)
    return graph


def labels(graph: "nx.MultiDiGraph[str]") -> Counter[str]:
    return Counter(str(data.get("label")) for _, data in graph.nodes(data=True))


def edge_labels(graph: "nx.MultiDiGraph[str]") -> Counter[str]:
    return Counter(str(data["label"]) for _, _, data in graph.edges(data=True))


async def test_graphml_holds_every_entity_code_and_link_of_the_graph(
    loaded_store: GraphStore, tmp_path: Path
) -> None:
    path = await export_file(loaded_store, "graphml", EVERYTHING, tmp_path / "graph.graphml")
    graph = read(path)
    entity_counts, relationship_counts = await graph_counts(loaded_store)
    rows = await export_rows(loaded_store, EVERYTHING)
    codes = named_codes(rows)

    found = labels(graph)
    assert "None" not in found, "an edge names a node the file does not define"
    assert {label: found[label] for label in entity_counts} == dict(entity_counts)
    assert {label: found[label] for label in codes} == {k: len(v) for k, v in codes.items()}
    assert sum(found.values()) == sum(entity_counts.values()) + sum(map(len, codes.values()))
    assert edge_labels(graph) == expected_relationships(relationship_counts, rows)

    review = next(row for row in rows["reviews"] if row.get("published_on"))
    node = graph.nodes[f"review:{review['review_id']}"]
    assert node["label"] == "Review"
    assert node["title"] == review["title"]
    assert node["published_on"] == review["published_on"]
    assert node["restricted"] is review["restricted"]
    assert all(isinstance(d["value"], float) for _, d in graph.nodes(data=True) if "value" in d)
    force = next(iter(codes["Force"]))
    assert graph.nodes[f"force:{force}"] == {"label": "Force", "code": force}

    finding = rows["findings"][0]
    factor, effect = finding["systems_factors"][0].split(":")
    shaped = graph.get_edge_data(f"finding:{finding['finding_id']}", f"systems-factor:{factor}")
    assert list(shaped.values()) == [{"label": "SHAPED_BY", "effect": effect}]
    identified = graph.get_edge_data(
        f"review:{finding['review_id']}", f"finding:{finding['finding_id']}"
    )
    assert list(identified.values()) == [{"label": "IDENTIFIES"}]
    assessment = rows["imr_assessments"][0]
    criterion, score = next(iter(assessment["scores"].items()))
    scored = graph.get_edge_data(
        f"imr-assessment:{assessment['assessment_id']}", f"imr-criterion:{criterion}"
    )
    assert list(scored.values()) == [{"label": "SCORED", "score": score}]


async def test_a_readers_graphml_holds_no_restricted_review_and_no_imr_assessment(
    loaded_store: GraphStore, tmp_path: Path
) -> None:
    restricted = await restricted_review_ids(loaded_store)
    path = await export_file(loaded_store, "graphml", PUBLIC, tmp_path / "reader.graphml")
    graph = read(path)
    public_rows = await export_rows(loaded_store, PUBLIC)

    found = labels(graph)
    assert found["Review"] == len(public_rows["reviews"]) > 0
    assert found["ImrAssessment"] == 0
    assert found["ImrCriterion"] == 0
    assert "SCORED" not in edge_labels(graph)
    assert not {f"review:{review_id}" for review_id in restricted} & set(graph.nodes)
    values = {value for _, data in graph.nodes(data=True) for value in data.values()}
    assert not restricted & values


def test_every_key_is_declared_from_the_row_models_with_a_type_gephi_reads() -> None:
    declared = node_keys()
    for entity in ENTITIES:
        for name, field in entity.model.model_json_schema()["properties"].items():
            # Lists and maps of other nodes are edges; every other field is a key.
            if field.get("type") not in ("array", "object"):
                assert name in declared, f"{entity.stem}.{name}"
    assert declared["restricted"].type == "boolean"
    assert declared["value"].type == "double"
    assert {"label", "effect", "score"} <= set(edge_keys())
    assert {key.type for key in (*declared.values(), *edge_keys().values())} <= GEPHI_TYPES


async def _batches(batches: list[tuple[str, list[ImportRow]]]) -> Batches:
    for batch in batches:
        yield batch


async def test_text_and_codes_are_escaped_and_read_back_unchanged(tmp_path: Path) -> None:
    awkward = "Child \"Q\" <b>&amp;</b>\r\n\tsecond line ]]> 'end'"
    rows: list[tuple[str, list[ImportRow]]] = [
        ("agencies", [{"agency_id": "A&1", "name": awkward, "sector": "health & <care>"}]),
        (
            "reviews",
            [
                {
                    "review_id": "R<1>",
                    "title": awkward,
                    "review_type": 'type "x"',
                    "status": "published",
                    "restricted": False,
                    # A force is an agency the export holds no row of.
                    "agency_ids": ["A&1", "force-a"],
                }
            ],
        ),
    ]
    path = tmp_path / "awkward.graphml"
    await write_file(only_file(graphml_members(_batches(rows), ABOUT)), path)
    graph = read(path)
    assert graph.nodes["agency:A&1"]["name"] == awkward
    assert graph.nodes["review:R<1>"]["title"] == awkward
    assert graph.nodes["review:R<1>"]["restricted"] is False
    assert graph.nodes['review-type:type "x"'] == {"label": "ReviewType", "code": 'type "x"'}
    assert graph.nodes["sector:health & <care>"]["label"] == "AgencySector"
    assert graph.nodes["force:force-a"] == {"label": "Force", "code": "force-a"}
    assert set(graph.successors("review:R<1>")) == {
        "agency:A&1",
        "force:force-a",
        'review-type:type "x"',
    }


async def test_a_taxonomy_code_is_one_node_however_many_rows_name_it(tmp_path: Path) -> None:
    rows: list[tuple[str, list[ImportRow]]] = [
        ("agencies", [{"agency_id": f"A{n}", "name": "x", "sector": "health"} for n in range(3)]),
        ("agencies", [{"agency_id": "A9", "name": "x", "sector": "health"}]),
    ]
    path = tmp_path / "codes.graphml"
    await write_file(only_file(graphml_members(_batches(rows), ABOUT)), path)
    written = ET.parse(path).getroot()  # noqa: S314 - the file this test wrote
    ids = [node.get("id") for node in written.iter(f"{GRAPHML}node")]
    assert ids.count("sector:health") == 1
    assert len(read(path).in_edges("sector:health")) == 4


async def test_the_export_endpoint_serves_a_reader_graphml_without_restricted_material(
    loaded_store: GraphStore,
) -> None:
    restricted = await restricted_review_ids(loaded_store)
    async with signed_in(loaded_store, Role.READER) as client:
        response = await client.get("/export", params={"format": "graphml"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(MEDIA_TYPE)
    assert 'filename="learning-graph.graphml"' in response.headers["content-disposition"]
    graph = read(response.content)
    assert labels(graph)["Review"] > 0
    assert labels(graph)["ImrAssessment"] == 0
    assert not {f"review:{review_id}" for review_id in restricted} & set(graph.nodes)


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``graph-service ARGS`` as a user runs it, with its embedded graph in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_SERVICE_")}
    return subprocess.run(
        [sys.executable, "-m", "graph_service", *args],
        env={**env, "GRAPH_SERVICE_DATA_DIR": str(tmp_path / "data")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.engine
def test_the_command_line_exports_graphml(tmp_path: Path) -> None:
    for command in (
        ("generate", "ds", "--reviews", "12", "--seed", "3"),
        ("db", "init"),
        ("load", "ds", "--quiet"),
    ):
        done = _cli(tmp_path, *command)
        assert done.returncode == 0, done.stderr
    exported = _cli(tmp_path, "export", "graph.graphml", "--format", "graphml", "--quiet")
    assert exported.returncode == 0, exported.stderr
    assert "as graphml to graph.graphml" in exported.stderr

    found = labels(read(tmp_path / "graph.graphml"))
    written = {stem: len(read_rows(tmp_path / "ds", stem)) for stem in KINDS}
    assert written["reviews"] == 12
    assert {KINDS[stem].label: count for stem, count in written.items()} == {
        KINDS[stem].label: found[KINDS[stem].label] for stem in KINDS
    }
