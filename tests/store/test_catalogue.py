"""The statement catalogue: complete, self-describing, and checked when loaded."""

from pathlib import Path

import pytest

from graph_service.errors import CatalogueError
from graph_service.repository import REPOSITORIES, ReferenceRepository
from graph_service.store.catalogue import DIALECTS, StatementCatalogue, default_root
from graph_service.store.falkordb import FalkorDBStore
from graph_service.store.neo4j import Neo4jStore

HEADER = "// Says what it answers.\n// Parameters: {params}\n// Columns: x\n// Visibility: public\n"


def _used_statements(dialect: str) -> set[str]:
    by_repositories = {name for repository in REPOSITORIES for name in repository.statements}
    own = FalkorDBStore.own_statements if dialect == "falkordb" else Neo4jStore.own_statements
    return by_repositories | own


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_statement_loads_with_its_header(dialect: str) -> None:
    catalogue = StatementCatalogue.load(dialect)
    for statement in catalogue:
        assert statement.description, statement.path
        assert statement.columns, statement.path


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_statement_file_is_used_and_every_used_name_exists(dialect: str) -> None:
    catalogue = StatementCatalogue.load(dialect)
    assert set(catalogue.names()) == _used_statements(dialect)


def test_dialect_files_override_portable_ones(tmp_path: Path) -> None:
    (tmp_path / "neo4j").mkdir()
    (tmp_path / "q.cypher").write_text(HEADER.format(params="none") + "RETURN 1 AS x\n")
    (tmp_path / "neo4j" / "q.cypher").write_text(HEADER.format(params="none") + "RETURN 2 AS x\n")
    assert "RETURN 1" in StatementCatalogue.load("falkordb", tmp_path).get("q").text
    assert "RETURN 2" in StatementCatalogue.load("neo4j", tmp_path).get("q").text


def test_missing_statements_are_named_at_start_up(tmp_path: Path) -> None:
    (tmp_path / "q.cypher").write_text(HEADER.format(params="none") + "RETURN 1 AS x\n")
    catalogue = StatementCatalogue.load("falkordb", tmp_path)
    with pytest.raises(CatalogueError, match=r"cypher/a/b\.cypher, cypher/c\.cypher"):
        catalogue.require(["q", "c", "a/b"])


def test_a_repository_over_an_incomplete_catalogue_fails_when_built(tmp_path: Path) -> None:
    class Stub:
        catalogue = StatementCatalogue.load("falkordb", tmp_path)

    with pytest.raises(CatalogueError, match="reference/forces"):
        ReferenceRepository(Stub())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("RETURN 1 AS x\n", "opening comment must say what the statement answers"),
        ("// Answers.\n// Columns: x\nRETURN 1 AS x\n", "needs a '// Parameters: ...' line"),
        ("// Answers.\n// Parameters: none\nRETURN 1 AS x\n", "needs a '// Columns: ...' line"),
        (
            "// Answers.\n// Parameters: none\n// Columns: x\nRETURN 1 AS x\n",
            "needs a '// Visibility: ...' line",
        ),
        (
            HEADER.format(params="$a") + "RETURN $b AS x\n",
            "lists ['a'] but the statement uses ['b']",
        ),
    ],
)
def test_malformed_headers_are_refused_with_the_file_name(
    tmp_path: Path, text: str, problem: str
) -> None:
    (tmp_path / "bad.cypher").write_text(text)
    with pytest.raises(CatalogueError) as caught:
        StatementCatalogue.load("neo4j", tmp_path)
    assert str(tmp_path / "bad.cypher") in caught.value.message
    assert problem in caught.value.message


def test_unknown_dialects_and_missing_folders_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="unknown Cypher dialect"):
        StatementCatalogue.load("sql")
    with pytest.raises(CatalogueError, match="does not exist"):
        StatementCatalogue.load("neo4j", tmp_path / "absent")


def test_the_catalogue_is_found_in_the_source_tree() -> None:
    assert (default_root() / "reference" / "forces.cypher").is_file()
