"""The neo4j-admin CSV export: imported by Neo4j's own bulk importer into a new database, which
a Neo4j then opens; and its files read with the header rules neo4j-admin documents."""

import asyncio
import csv
import io
import re
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph_service.domain.access import Role
from graph_service.domain.visibility import EVERYTHING, PUBLIC
from graph_service.exchange.archive import write_folder
from graph_service.exchange.dataset import Batches
from graph_service.exchange.neo4j_csv import ARGUMENTS_FILE, MULTILINE_OPTION, neo4j_csv_members
from graph_service.repository.export import ImportRow
from graph_service.store import GraphStore
from tests.api.conftest import signed_in
from tests.exchange.exports import (
    ABOUT,
    expected_relationships,
    export_folder,
    export_rows,
    graph_counts,
    named_codes,
    restricted_review_ids,
)
from tools.neo4j_launcher import LAUNCHER_DIR, Neo4jLauncher, java_command

# neo4j-admin database import full, as the launcher's Neo4j release ships it (AdminTool is
# the neo4j-admin command itself).
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
IMPORT_TIMEOUT_S = 300
# The rest of the test run shares the machine.
IMPORT_MEMORY = ("-Xmx512m",)
IMPORT_OPTIONS = ("--max-off-heap-memory=256m", "--threads=2")

# Header fields as neo4j-admin documents them:
# https://neo4j.com/docs/operations-manual/5/tools/neo4j-admin/neo4j-admin-import/#import-tool-header-format
# "name:type", the type an ID, START_ID, END_ID (each with an optional "(ID group)"), LABEL,
# TYPE, IGNORE or a property type, "[]" after it for an array; no type means string.
HEADER_FIELD = re.compile(
    r"^(?P<name>[^:]*)(?::(?P<type>ID|START_ID|END_ID|LABEL|TYPE|IGNORE"
    r"|int|long|float|double|boolean|byte|short|char|string|date|datetime)(?P<array>\[\])?"
    r"(?:\((?P<group>[^)]+)\))?)?$"
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str | None  # None: a string property
    array: bool
    group: str | None

    @classmethod
    def parse(cls, text: str) -> "Column":
        found = HEADER_FIELD.match(text)
        assert found is not None, f"{text!r}: a header field neo4j-admin does not know"
        return cls(found["name"], found["type"], bool(found["array"]), found["group"])

    def value(self, text: str) -> Any:
        if self.array:
            return [Column(self.name, self.type, False, None).value(t) for t in text.split(";")]
        if self.type == "boolean":
            assert text in ("true", "false"), text
            return text == "true"
        if self.type == "int":
            return int(text)
        if self.type == "double":
            return float(text)
        return text


SPECIAL = {"ID", "START_ID", "END_ID", "LABEL", "TYPE"}


@dataclass
class Layout:
    """What the files hold, read as neo4j-admin reads them."""

    ids: dict[str, set[str]] = field(default_factory=dict)  # ID group -> node ids
    labels: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    nodes: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # (start ID group, start id, end ID group, end id, properties)
    relationships: list[tuple[str, str, str, str, dict[str, Any]]] = field(default_factory=list)

    def add_node(self, values: dict[Column, str], name: str) -> None:
        (id_column,) = [c for c in values if c.type == "ID"]
        assert id_column.group is not None, f"{name}: every label is an ID group"
        key = values[id_column]
        assert key not in self.ids.setdefault(id_column.group, set()), f"{name}: {key} twice"
        self.ids[id_column.group].add(key)
        (label_column,) = [c for c in values if c.type == "LABEL"]
        self.labels.update(values[label_column].split(";"))
        properties = {c.name: c.value(v) for c, v in values.items() if c.type not in SPECIAL}
        self.nodes[(id_column.group, key)] = {**properties, id_column.name: key}

    def add_relationship(self, values: dict[Column, str]) -> None:
        special = {c.type: c for c in values if c.type in SPECIAL}
        start, end = special["START_ID"], special["END_ID"]
        assert start.group is not None
        assert end.group is not None
        self.types[values[special["TYPE"]]] += 1
        properties = {c.name: c.value(v) for c, v in values.items() if c.type not in SPECIAL}
        self.relationships.append((start.group, values[start], end.group, values[end], properties))


def files_named(arguments: list[str]) -> list[str]:
    """The files of ``--nodes=FILE`` and ``--relationships=FILE`` arguments."""
    return [
        argument.split("=", 1)[1]
        for argument in arguments
        if argument.startswith(("--nodes=", "--relationships="))
    ]


def read_layout(folder: Path) -> Layout:
    """Every file ``import-args.txt`` names, parsed by its header; every relationship's ends
    must be nodes of their ID groups."""
    arguments = (folder / ARGUMENTS_FILE).read_text().split()
    assert "--array-delimiter=;" in arguments
    named = [
        a.split("=", 1)[1] for a in arguments if a.startswith(("--nodes=", "--relationships="))
    ]
    written = sorted(
        str(path.relative_to(folder)) for path in folder.glob("*/*.csv") if path.is_file()
    )
    assert sorted(named) == written, "import-args.txt names every CSV file once"

    layout = Layout()
    for argument in arguments:
        kind, _, name = argument.partition("=")
        if kind not in ("--nodes", "--relationships"):
            continue
        with (folder / name).open(encoding="utf-8", newline="") as source:
            rows = csv.reader(source, strict=True)
            header = [Column.parse(text) for text in next(rows)]
            for row in rows:
                # An empty field sets nothing.
                values = {c: text for c, text in zip(header, row, strict=True) if text != ""}
                if kind == "--nodes":
                    layout.add_node(values, name)
                else:
                    layout.add_relationship(values)
    for start_group, start, end_group, end, _ in layout.relationships:
        assert start in layout.ids[start_group], (start_group, start)
        assert end in layout.ids[end_group], (end_group, end)
    return layout


async def test_the_files_follow_neo4j_admins_header_rules_and_hold_the_graph(
    loaded_store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "csv"
    await export_folder(loaded_store, "neo4j-csv", EVERYTHING, folder)
    layout = read_layout(folder)
    entity_counts, relationship_counts = await graph_counts(loaded_store)
    rows = await export_rows(loaded_store, EVERYTHING)
    codes = named_codes(rows)

    taxonomy_counts = {label: len(found) for label, found in codes.items()}
    expected_labels = entity_counts + Counter(taxonomy_counts)
    expected_labels["Agency"] += taxonomy_counts["Force"]  # a force is an agency too
    assert layout.labels == expected_labels
    assert layout.types == expected_relationships(relationship_counts, rows)

    review = next(row for row in rows["reviews"] if row.get("published_on"))
    node = layout.nodes[("Review", review["review_id"])]
    assert node["id"] == review["review_id"]
    assert node["title"] == review["title"]
    assert node["restricted"] is review["restricted"]
    assert "review_id" not in node  # the id column holds it
    outcome = next(row for row in rows["outcomes"] if "value" in row)
    assert layout.nodes[("Outcome", outcome["outcome_id"])]["value"] == outcome["value"]
    record = rows["governance"][0]
    governance_id = f"{record['force_id']}:{record['recorded_on']}"
    assert layout.nodes[("GovernanceRecord", governance_id)]["force_id"] == record["force_id"]
    scores = [p["score"] for *_, p in layout.relationships if "score" in p]
    assert len(scores) == layout.types["SCORED"]
    assert set(scores) <= {0, 1, 2, 3}
    effects = {p["effect"] for *_, p in layout.relationships if "effect" in p}
    assert effects == {"supports", "hinders"}


async def test_a_readers_files_hold_no_restricted_review_and_no_imr_assessment(
    loaded_store: GraphStore, tmp_path: Path
) -> None:
    restricted = await restricted_review_ids(loaded_store)
    folder = tmp_path / "reader"
    written = await export_folder(loaded_store, "neo4j-csv", PUBLIC, folder)
    layout = read_layout(folder)
    public_rows = await export_rows(loaded_store, PUBLIC)

    assert len(layout.ids["Review"]) == len(public_rows["reviews"]) > 0
    assert not restricted & layout.ids["Review"]
    assert "ImrAssessment" not in layout.ids
    assert "ImrCriterion" not in layout.ids
    assert layout.types["SCORED"] == 0
    assert not any("ImrAssessment" in path.name for path in written)
    for properties in layout.nodes.values():
        assert not restricted & set(map(str, properties.values()))


async def _batches(batches: list[tuple[str, list[ImportRow]]]) -> Batches:
    for batch in batches:
        yield batch


AWKWARD = 'Child "Q", aged 3;4\r\nsecond line, "quoted"\n\tindented \\" end '
AWKWARD_ROWS: list[tuple[str, list[ImportRow]]] = [
    ("agencies", [{"agency_id": "A1", "name": AWKWARD, "sector": "health"}]),
    (
        "reviews",
        [
            {
                "review_id": "R1",
                "title": AWKWARD,
                "review_type": "CSPR",
                "status": "published",
                "restricted": False,
                "published_on": "2024-01-02",
                "agency_ids": ["A1", "force-a"],
            }
        ],
    ),
    (
        "practice_changes",
        [
            {
                "change_id": "C1",
                "agency_id": "A1",
                "description": "d",
                "change_type": "policy",
                "status": "planned",
            }
        ],
    ),
    (
        "outcomes",
        [{"outcome_id": "O1", "change_id": "C1", "description": "d", "direction": "improved"}],
    ),
    (
        "imr_assessments",
        [{"assessment_id": "I1", "review_id": "R1", "agency_id": "A1", "scores": {"C1": 0}}],
    ),
]


async def awkward_export(folder: Path) -> None:
    await write_folder(neo4j_csv_members(_batches(AWKWARD_ROWS), ABOUT), folder)


async def test_text_over_several_lines_with_quotes_and_commas_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "awkward"
    await awkward_export(folder)
    assert MULTILINE_OPTION in (folder / ARGUMENTS_FILE).read_text().split()
    layout = read_layout(folder)
    assert layout.nodes[("Review", "R1")]["title"] == AWKWARD
    assert layout.nodes[("Agency", "A1")]["name"] == AWKWARD
    assert layout.nodes[("Force", "force-a")] == {"code": "force-a"}
    assert "value" not in layout.nodes[("Outcome", "O1")]  # absent, not empty text
    assert layout.labels["Agency"] == 2


async def test_the_multiline_option_is_left_out_when_no_text_needs_it(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    rows: list[tuple[str, list[ImportRow]]] = [
        ("agencies", [{"agency_id": "A1", "name": "One, with a comma", "sector": "health"}])
    ]
    await write_folder(neo4j_csv_members(_batches(rows), ABOUT), folder)
    assert MULTILINE_OPTION not in (folder / ARGUMENTS_FILE).read_text().split()
    assert read_layout(folder).labels == Counter({"Agency": 1, "AgencySector": 1})


async def test_import_sh_passes_the_arguments_file_and_the_database(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    rows: list[tuple[str, list[ImportRow]]] = [
        ("agencies", [{"agency_id": "A1", "name": "One", "sector": "health"}])
    ]
    await write_folder(neo4j_csv_members(_batches(rows), ABOUT), folder)
    # A neo4j-admin that says where it ran and with what.
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "neo4j-admin").write_text('#!/bin/sh\necho "$(pwd)" "$@"\n')
    (tools / "neo4j-admin").chmod(0o755)
    env = {"PATH": f"{tools}:/usr/bin:/bin"}

    def run(*args: str) -> str:
        done = subprocess.run(
            ["sh", str(folder / "import.sh"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert run() == f"{folder} database import full @{ARGUMENTS_FILE} neo4j"
    assert run("graph", "--overwrite-destination") == (
        f"{folder} database import full @{ARGUMENTS_FILE} --overwrite-destination graph"
    )


async def test_the_export_endpoint_serves_the_files_as_a_zip(loaded_store: GraphStore) -> None:
    async with signed_in(loaded_store, Role.ANALYST) as client:
        response = await client.get("/export", params={"format": "neo4j-csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        arguments = archive.read(ARGUMENTS_FILE).decode().split()
    named = {
        a.split("=", 1)[1] for a in arguments if a.startswith(("--nodes=", "--relationships="))
    }
    assert named <= names
    assert {"README.txt", "import.sh", "nodes/Review.csv", "nodes/ImrAssessment.csv"} <= names


# --- the real importer ---------------------------------------------------------------------


def neo4j_admin_import(folder: Path, home: Path) -> str:
    """``neo4j-admin database import full @import-args.txt neo4j`` into a new Neo4j home, run
    in the export's folder as its README says; the importer's output."""
    (home / "conf").mkdir(parents=True)
    done = subprocess.run(
        [
            java_command(),
            *IMPORT_MEMORY,
            "-cp",
            str(LAUNCHER_DIR / "target" / "lib" / "*"),
            ADMIN_TOOL,
            "database",
            "import",
            "full",
            f"@{ARGUMENTS_FILE}",
            *IMPORT_OPTIONS,
            f"--report-file={home / 'import.report'}",
            "neo4j",
        ],
        cwd=folder,
        env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=IMPORT_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (home / "import.report").read_text() == "", "the importer reported bad entries"
    return done.stdout


def imported_totals(output: str) -> tuple[int, int]:
    """The node and relationship counts of the importer's closing report."""
    report = re.search(r"Imported:\s+(\d+) nodes\s+(\d+) relationships", output)
    assert report is not None, output[-2000:]
    return int(report[1]), int(report[2])


async def read_imported(home: Path, query: str) -> list[dict[str, Any]]:
    """``query``'s records from a Neo4j started over the imported store."""
    launcher = Neo4jLauncher(home / "launcher.log", store_dir=home)
    uri = await asyncio.to_thread(launcher.start)
    try:
        async with neo4j.AsyncGraphDatabase.driver(uri) as driver:
            records, _, _ = await driver.execute_query(query, database_="neo4j")
            return [record.data() for record in records]
    finally:
        await asyncio.to_thread(launcher.stop)


# Counts by label and by type, and a few values with their types, in one statement: the test
# starts Neo4j once.
IMPORTED = """
CALL () { MATCH (n) UNWIND labels(n) AS name RETURN 'label' AS kind, name, count(*) AS count
          UNION ALL
          MATCH ()-[r]->() RETURN 'type' AS kind, type(r) AS name, count(*) AS count }
RETURN kind, name, count
"""


@pytest.mark.neo4j
async def test_neo4j_admin_imports_the_export_as_the_same_graph(
    loaded_store: GraphStore, tmp_path: Path
) -> None:
    folder, home = tmp_path / "csv", tmp_path / "home"
    await export_folder(loaded_store, "neo4j-csv", EVERYTHING, folder)
    layout = read_layout(folder)
    output = await asyncio.to_thread(neo4j_admin_import, folder, home)
    assert imported_totals(output) == (len(layout.nodes), len(layout.relationships))

    found = await read_imported(home, IMPORTED)
    labels = Counter({r["name"]: r["count"] for r in found if r["kind"] == "label"})
    types = Counter({r["name"]: r["count"] for r in found if r["kind"] == "type"})
    entity_counts, relationship_counts = await graph_counts(loaded_store)
    rows = await export_rows(loaded_store, EVERYTHING)
    for label, count in entity_counts.items():
        expected = count + (len(named_codes(rows)["Force"]) if label == "Agency" else 0)
        assert labels[label] == expected, label
    assert types == expected_relationships(relationship_counts, rows)


# What the importer made of awkward text and typed values, read through Cypher.
AWKWARD_READ = """
MATCH (r:Review {id: 'R1'})-[:INVOLVED]->(a:Agency)
WITH r, a ORDER BY coalesce(a.id, a.code)
WITH r, collect(coalesce(a.id, a.code)) AS agencies, collect(labels(a)) AS agency_labels,
     collect(a.name) AS agency_names
MATCH (i:ImrAssessment {id: 'I1'})-[s:SCORED]->(c:ImrCriterion)
MATCH (o:Outcome {id: 'O1'})
RETURN r.title AS title, r.restricted AS restricted, r.published_on AS published_on,
       agencies, agency_labels, agency_names, s.score AS score, c.code AS criterion,
       o.value IS NULL AS no_value
"""


@pytest.mark.neo4j
async def test_neo4j_admin_keeps_awkward_text_and_value_types(tmp_path: Path) -> None:
    folder, home = tmp_path / "csv", tmp_path / "home"
    await awkward_export(folder)
    output = await asyncio.to_thread(neo4j_admin_import, folder, home)
    assert imported_totals(output) == (9, 9)
    (found,) = await read_imported(home, AWKWARD_READ)
    found["agency_labels"] = [sorted(labels) for labels in found["agency_labels"]]
    assert found == {
        "title": AWKWARD,
        "restricted": False,
        "published_on": "2024-01-02",
        "agencies": ["A1", "force-a"],
        "agency_labels": [["Agency"], ["Agency", "Force"]],
        "score": 0,
        "criterion": "C1",
        "no_value": True,
        "agency_names": [AWKWARD],  # a force has no name of its own here
    }
