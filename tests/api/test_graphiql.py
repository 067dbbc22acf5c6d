"""GraphiQL opens on a worked example, and that example runs."""

import httpx

from graph_service.api.graphiql import OPENING_QUERY
from tests.api.conftest import graphql


async def test_graphiql_opens_on_the_worked_example(api: httpx.AsyncClient) -> None:
    page = await api.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "recurringIssues(minReviewTypes: 3)" in page.text
    assert "Welcome to GraphiQL" not in page.text


async def test_the_opening_example_is_a_valid_query(api: httpx.AsyncClient) -> None:
    body = await graphql(api, OPENING_QUERY)

    assert "errors" not in body, body
    assert body["data"] == {"recurringIssues": []}
