"""Every query in the docs is valid against the schema the code serves."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from graph_service.api.schema import build_schema

DOCS = Path(__file__).parents[2] / "docs"
README = Path(__file__).parents[2] / "README.md"
_BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)


def _queries() -> list[tuple[str, str]]:
    found = []
    for path in [README, *sorted(DOCS.glob("*.md"))]:
        for number, text in enumerate(_BLOCK.findall(path.read_text(encoding="utf-8")), 1):
            found.append((f"{path.name}#{number}", text))
    return found


@pytest.mark.parametrize(("where", "text"), _queries(), ids=[w for w, _ in _queries()])
def test_documented_queries_validate(where: str, text: str) -> None:
    schema = build_schema()._schema

    errors = validate(schema, parse(text))

    assert not errors, f"{where}: {[e.message for e in errors]}"


def test_every_analytical_field_has_a_worked_example() -> None:
    text = (DOCS / "queries.md").read_text(encoding="utf-8")
    fields = [
        "recurringIssues",
        "issuePathway",
        "reviewLearning",
        "relatedReviews",
        "issueCoOccurrence",
        "learningGaps",
        "repeatedRecommendations",
        "forceOverview",
        "imrQuality",
        "search",
    ]

    assert [f for f in fields if f"## {f}" not in text] == []
