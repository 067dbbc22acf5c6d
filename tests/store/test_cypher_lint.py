"""Every statement Neo4j would run passes Neo4j's own parser and semantic analysis."""

from pathlib import Path

import pytest

from graph_service.repository.entities import LOOKUPS
from graph_service.repository.trees import TreeComposer
from graph_service.store import GRAPH_SCHEMA
from graph_service.store.catalogue import StatementCatalogue, default_root
from graph_service.store.neo4j import LEASE_SCHEMA, ddl_statements
from tests.cypher_lint import (
    LINT_CACHE_KEY,
    Diagnostic,
    allow_list,
    lint,
    lint_unless_known,
    problems,
    unneeded_allowances,
)

ALLOW_LIST = default_root() / "neo4j-lint-allow.yaml"


def _neo4j_statements(root: Path) -> dict[str, str]:
    catalogue = StatementCatalogue.load("neo4j", root)
    return {str(statement.path.relative_to(root.parent)): statement.text for statement in catalogue}


def _composed_statements() -> dict[str, str]:
    """For each entity with a look-up, the largest statement a request can compose for it
    (smaller ones are made of the same parts)."""
    composer = TreeComposer(StatementCatalogue.load("neo4j"))
    return {
        f"composed {kind}": composer.statement(kind, composer.largest(kind)).text
        for kind in LOOKUPS
        if composer.largest(kind)
    }


def _neo4j_bound_statements() -> dict[str, str]:
    """The catalogue for Neo4j, the statements composed from it, and the schema DDL the Neo4j
    store applies."""
    statements = _neo4j_statements(default_root())
    statements.update(_composed_statements())
    for schema in (GRAPH_SCHEMA, LEASE_SCHEMA):
        statements.update({f"schema DDL {name}": text for name, text in ddl_statements(schema)})
    return statements


@pytest.fixture(scope="session")
def neo4j_diagnostics(pytestconfig: pytest.Config) -> dict[str, list[Diagnostic]]:
    """The analyser's diagnostics for every Neo4j-bound statement, from one run of it at most."""
    cache: pytest.Cache | None = getattr(pytestconfig, "cache", None)
    return lint_unless_known(_neo4j_bound_statements(), cache)


def test_every_neo4j_statement_passes_the_analyser(
    neo4j_diagnostics: dict[str, list[Diagnostic]],
) -> None:
    found = problems(neo4j_diagnostics, allow_list(ALLOW_LIST))
    assert not found, "Neo4j's analyser rejects:\n" + "\n".join(map(str, found))


def test_every_statement_was_linted(neo4j_diagnostics: dict[str, list[Diagnostic]]) -> None:
    assert neo4j_diagnostics.keys() == _neo4j_bound_statements().keys()


def test_every_allow_list_entry_is_still_needed(
    neo4j_diagnostics: dict[str, list[Diagnostic]],
) -> None:
    unneeded = unneeded_allowances(neo4j_diagnostics, allow_list(ALLOW_LIST))
    assert not unneeded, f"{ALLOW_LIST.name} allows warnings no statement has:\n" + "\n".join(
        unneeded
    )


def test_a_broken_statement_fails_with_its_file_name(catalogue_copy: Path) -> None:
    target = catalogue_copy / "reference" / "themes.cypher"
    target.write_text(target.read_text().replace("RETURN", "RETRUN"))
    # The other statements are the product's, linted once by neo4j_diagnostics.
    broken = "cypher/reference/themes.cypher"
    found = problems(lint({broken: _neo4j_statements(catalogue_copy)[broken]}))
    assert found
    assert all(problem.where.startswith(f"{broken}:") for problem in found)
    assert any("RETRUN" in problem.message for problem in found)


def test_deprecated_syntax_is_a_warning_the_allow_list_can_accept(catalogue_copy: Path) -> None:
    (catalogue_copy / "old_style.cypher").write_text(
        "// Uses the importing-WITH subquery form.\n// Parameters: none\n// Columns: c\n"
        "// Visibility: role\n"
        "MATCH (r:Review) CALL { WITH r MATCH (r)-->(x) RETURN count(x) AS c } RETURN c\n"
    )
    name = "cypher/old_style.cypher"
    diagnostics = lint({name: _neo4j_statements(catalogue_copy)[name]})

    found = problems(diagnostics)
    assert [p.severity for p in found] == ["warning"]
    assert "CALL (r)" in found[0].message

    allowed = {name: ["CALL subquery without a variable scope clause"]}
    assert problems(diagnostics, allowed) == []
    assert unneeded_allowances(diagnostics, allowed) == []
    stale = {name: ["a warning this statement does not have"]}
    assert unneeded_allowances(diagnostics, stale) == [
        f"{name}: a warning this statement does not have"
    ]


def test_a_changed_statement_is_linted_again_despite_the_cache(
    pytestconfig: pytest.Config, neo4j_diagnostics: dict[str, list[Diagnostic]]
) -> None:
    cache: pytest.Cache | None = getattr(pytestconfig, "cache", None)
    if cache is None:
        pytest.skip("needs pytest's cache, which -p no:cacheprovider turns off")
    # A copy of what neo4j_diagnostics left in the cache: every product statement is known.
    key = "cypher-lint/relint-check"
    cache.set(key, cache.get(LINT_CACHE_KEY, {}))
    statements = _neo4j_bound_statements()
    broken = "cypher/reference/themes.cypher"
    statements[broken] = statements[broken].replace("RETURN", "RETRUN")
    found = problems(lint_unless_known(statements, cache, key), allow_list(ALLOW_LIST))
    assert found
    assert all(problem.where.startswith(f"{broken}:") for problem in found)
