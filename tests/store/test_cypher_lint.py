"""Every statement Neo4j would run passes Neo4j's own parser and semantic analysis."""

from pathlib import Path

from graph_service.store import GRAPH_SCHEMA
from graph_service.store.catalogue import StatementCatalogue, default_root
from graph_service.store.neo4j import ddl_statements
from tests.cypher_lint import allow_list, problems

ALLOW_LIST = default_root() / "neo4j-lint-allow.yaml"


def _neo4j_statements(root: Path) -> dict[str, str]:
    catalogue = StatementCatalogue.load("neo4j", root)
    return {str(statement.path.relative_to(root.parent)): statement.text for statement in catalogue}


def test_every_neo4j_statement_passes_the_analyser() -> None:
    root = default_root()
    statements = _neo4j_statements(root)
    statements.update({f"schema DDL {name}": text for name, text in ddl_statements(GRAPH_SCHEMA)})
    found = problems(statements, allow_list(ALLOW_LIST))
    assert not found, "Neo4j's analyser rejects:\n" + "\n".join(map(str, found))


def test_a_broken_statement_fails_with_its_file_name(catalogue_copy: Path) -> None:
    target = catalogue_copy / "reference" / "themes.cypher"
    target.write_text(target.read_text().replace("RETURN", "RETRUN"))
    found = problems(_neo4j_statements(catalogue_copy))
    assert found
    assert all(problem.where.startswith("cypher/reference/themes.cypher:") for problem in found)
    assert any("RETRUN" in problem.message for problem in found)


def test_deprecated_syntax_is_reported_as_a_warning(catalogue_copy: Path) -> None:
    (catalogue_copy / "old_style.cypher").write_text(
        "// Uses the importing-WITH subquery form.\n// Parameters: none\n// Columns: c\n"
        "// Visibility: role\n"
        "MATCH (r:Review) CALL { WITH r MATCH (r)-->(x) RETURN count(x) AS c } RETURN c\n"
    )
    found = problems(_neo4j_statements(catalogue_copy))
    assert [p.severity for p in found] == ["warning"]
    assert "CALL (r)" in found[0].message
    allowed = {
        "cypher/old_style.cypher": ["CALL subquery without a variable scope clause"],
    }
    assert problems(_neo4j_statements(catalogue_copy), allowed) == []
