"""Every GraphQL example in the README and docs/ is valid against the schema the code serves,
says which role it runs as, and shows the answer the demo data gives (`make docs`)."""

import difflib
from collections.abc import AsyncIterator

import pytest
from graphql import parse, validate

from graph_service.api.schema import build_schema
from tests.graphs import GraphHost
from tools.docs_answers.demo_graph import DemoApi, load_demo
from tools.docs_answers.examples import REPO, Example, documented_pages, examples_in
from tools.docs_answers.excerpt import render

EXAMPLES = [example for page in documented_pages() for example in examples_in(page)]
WHERE = [example.where for example in EXAMPLES]


@pytest.fixture(scope="session")
async def demo_api(
    graph_host: GraphHost, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DemoApi]:
    """The app over a graph holding the demo data, loaded once per session on each backend:
    the answers shown were written from the embedded engine, and Neo4j must give the same."""
    graph = await graph_host.reserve("docs")
    try:
        async with graph_host.open(graph, timeout_ms=120_000) as store:
            await load_demo(store, tmp_path_factory.mktemp("demo"))
            async with DemoApi.over(store) as api:
                yield api
    finally:
        await graph_host.release(graph)


@pytest.mark.parametrize("example", EXAMPLES, ids=WHERE)
def test_documented_queries_validate(example: Example) -> None:
    schema = build_schema()._schema

    errors = validate(schema, parse(example.query))

    assert not errors, f"{example.where}: {[e.message for e in errors]}"


@pytest.mark.parametrize("example", EXAMPLES, ids=WHERE)
def test_every_example_says_its_role(example: Example) -> None:
    assert example.role is not None, (
        f"{example.where}: put <!-- role: reader -->, <!-- role: analyst --> or "
        "<!-- role: admin --> on the line before the example"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=WHERE)
async def test_documented_answers_are_the_demos(demo_api: DemoApi, example: Example) -> None:
    answered = await demo_api.answer(example)  # an example without an answer shown still runs

    if example.answer is not None:
        shown, rendered = example.answer.text, render(answered)
        diff = "".join(
            difflib.unified_diff(
                shown.splitlines(keepends=True),
                rendered.splitlines(keepends=True),
                fromfile=f"{example.where} (shown)",
                tofile=f"the demo's answer as {example.role}",
            )
        )
        assert shown == rendered, (
            f"{example.where}: the answer shown is not the demo's; run `make docs` to rewrite "
            f"it (lists cut to two items, fractions to 3 decimals)\n{diff}"
        )


def test_every_analytical_field_has_a_worked_example() -> None:
    text = (REPO / "docs" / "queries.md").read_text(encoding="utf-8")
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
