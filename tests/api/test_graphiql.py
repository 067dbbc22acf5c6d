"""GraphiQL opens on a worked example, that example runs, and everything the page loads comes
from the service (the browser test, test_graphiql_in_a_browser.py, runs it in Chromium)."""

import re

import httpx

from graph_service.api.app import STATIC_PATH
from graph_service.api.assets import CACHE_CONTROL
from graph_service.api.graphiql import OPENING_QUERY
from tests.api.conftest import graphql

# What the page loads: its scripts and linked files (not the links a reader may follow).
_LOADED = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"')


async def test_graphiql_opens_on_the_worked_example(api: httpx.AsyncClient) -> None:
    page = await api.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "recurringIssues(minReviewTypes: 3)" in page.text
    assert "Welcome to GraphiQL" not in page.text


async def test_the_opening_example_is_a_valid_query(api: httpx.AsyncClient) -> None:
    body = await graphql(api, OPENING_QUERY)

    assert "errors" not in body, body
    assert body["data"] == {"recurringIssues": []}


async def test_the_page_loads_only_files_the_service_serves(api: httpx.AsyncClient) -> None:
    page = await api.get("/graphql", headers={"Accept": "text/html"})
    loaded = _LOADED.findall(page.text)

    assert len(loaded) == 9  # an icon, three stylesheets, five scripts
    assert '<a class="workbench-link" href="/workbench">' in page.text
    assert "<script>" not in page.text  # no inline script: the policy allows none
    for address in loaded:
        assert address.startswith(f"{STATIC_PATH}/"), address
        answer = await api.get(address.replace("&amp;", "&"))
        assert answer.status_code == 200, address
        assert answer.headers["cache-control"] == CACHE_CONTROL
        if ".css" in address:
            assert "@import" not in answer.text
            assert set(re.findall(r"url\(([^)]*)\)", answer.text)) <= {
                f"media/{name}" for name in re.findall(r"url\(media/([^)]+)\)", answer.text)
            }, address


async def test_stylesheets_link_fonts_the_service_serves(api: httpx.AsyncClient) -> None:
    page = await api.get("/graphql", headers={"Accept": "text/html"})
    [stylesheet] = [a for a in _LOADED.findall(page.text) if "graphiql.min.css" in a]
    css = (await api.get(stylesheet)).text
    folder = stylesheet.split("?")[0].rsplit("/", 1)[0]
    fonts = re.findall(r"url\((media/[^)]+)\)", css)

    assert "data:" not in css
    assert len(fonts) > 30
    for font in set(fonts):
        assert (await api.get(f"{folder}/{font}")).status_code == 200, font


async def test_only_the_page_s_files_are_served(api: httpx.AsyncClient) -> None:
    missing = await api.get(f"{STATIC_PATH}/vendor/README.md")
    outside = await api.get(f"{STATIC_PATH}/../assets.py")

    assert missing.status_code == 404
    assert outside.status_code == 404


async def test_a_file_is_cached_for_good_only_at_its_current_address(
    api: httpx.AsyncClient,
) -> None:
    page = await api.get("/graphql", headers={"Accept": "text/html"})
    address = _LOADED.findall(page.text)[-1].replace("&amp;", "&")
    plain = address.split("?")[0]
    assert (await api.get(address)).headers["cache-control"] == CACHE_CONTROL
    for stale in (plain, f"{plain}?v=0123456789abcdef"):
        assert (await api.get(stale)).headers["cache-control"] == "no-cache", stale
