"""schema.graphql is exactly what the code serves."""

from pathlib import Path

from graph_service.api.schema import build_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    served = build_schema().as_str() + "\n"
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == served, "schema.graphql is out of date: run `make schema` and commit it"
