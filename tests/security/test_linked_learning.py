"""Nothing restricted reaches a reader through what other systems pull: the bulk export in
every format, and the change feed as GraphQL and NDJSON. Each check is made for an analyst
too, to show the material is there to be reached."""

import io
import json
import zipfile
from typing import Any

import httpx
import pytest

from graph_service.domain.access import Role
from graph_service.exchange.formats import FORMATS
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.security.conftest import Restricted, bearer, issue, serve, settings


@pytest.fixture
def hidden(linked_dataset: oracle.Dataset) -> Restricted:
    return Restricted.of(linked_dataset)


def _text(response: httpx.Response) -> str:
    """An export's body as text: every member of a zip, or the one file."""
    if response.headers["content-type"].startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return response.text


@pytest.mark.parametrize("format_name", sorted(FORMATS))
async def test_a_readers_export_holds_nothing_restricted(
    linked_store: GraphStore, hidden: Restricted, format_name: str
) -> None:
    for role, may_see in ((Role.READER, False), (Role.ANALYST, True)):
        headers = bearer(await issue(linked_store, role))
        async with serve(linked_store, headers=headers) as http:
            response = await http.get("/export", params={"format": format_name})
        assert response.status_code == 200, response.text
        leaked = hidden.leaked(_text(response))
        assert bool(leaked) is may_see, (role, sorted(leaked)[:5])


async def _feed_text(http: httpx.AsyncClient) -> str:
    """The whole feed as NDJSON, followed page by page."""
    lines: list[str] = []
    cursor = ""
    while True:
        response = await http.get("/changes", params={"after": cursor, "first": "50"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/x-ndjson")
        page = [json.loads(line) for line in response.text.splitlines()]
        lines += [json.dumps(line) for line in page[:-1]]
        cursor = page[-1]["next"]["cursor"]
        if not page[-1]["next"]["hasMore"]:
            return "\n".join(lines)


async def _graphql_feed_text(http: httpx.AsyncClient) -> str:
    found: list[Any] = []
    cursor = None
    while True:
        response = await http.post(
            "/graphql",
            json={
                "query": "query($after: String) { changes(after: $after, first: 100) "
                "{ changes { entity id change fields row loadRun } cursor hasMore } }",
                "variables": {"after": cursor},
            },
        )
        page = response.json()["data"]["changes"]
        found += page["changes"]
        cursor = page["cursor"]
        if not page["hasMore"]:
            return json.dumps(found)


async def test_a_readers_change_feed_holds_nothing_restricted(
    linked_store: GraphStore, hidden: Restricted
) -> None:
    for role, may_see in ((Role.READER, False), (Role.ANALYST, True)):
        headers = bearer(await issue(linked_store, role))
        async with serve(linked_store, headers=headers) as http:
            for text in (await _feed_text(http), await _graphql_feed_text(http)):
                assert '"change"' in text or '"entity"' in text
                leaked = hidden.leaked(text)
                assert bool(leaked) is may_see, (role, sorted(leaked)[:5])
                assert ("run-" in text) is may_see  # load runs are for analysts


async def test_an_export_needs_a_credential_and_a_known_format(linked_store: GraphStore) -> None:
    async with serve(linked_store, settings(allow_anonymous_read=True)) as anonymous:
        refused = await anonymous.get("/export")
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        # Anonymous reading may follow the feed: it gets what a reader gets.
        assert (await anonymous.get("/changes", params={"first": "1"})).status_code == 200
    headers = bearer(await issue(linked_store, Role.READER))
    async with serve(linked_store, headers=headers) as http:
        unknown = await http.get("/export", params={"format": "pdf"})
        assert unknown.status_code == 400
        assert "unknown export format 'pdf'" in unknown.json()["errors"][0]["message"]
        bad = await http.get("/changes", params={"after": "nonsense"})
        assert bad.status_code == 400
        assert "is not a change feed cursor" in bad.json()["errors"][0]["message"]
        too_many = await http.get("/changes", params={"first": "5000"})
        assert too_many.status_code == 400
    async with serve(linked_store) as nobody:
        assert (await nobody.get("/changes")).status_code == 401
