"""GraphiQL works in a real browser with no network beyond the service: headless Chromium
(Debian's, at /usr/bin/chromium) opens /graphql on the running service, a reader's key goes
in the Headers tab, the opening example runs and its data shows, and nothing is fetched from
anywhere else. A screenshot is kept in test-artifacts/graphiql.png.

axe-core's serious and critical findings on the page are printed, not asserted: GraphiQL's
markup is vendored (graph_service/api/static/vendor)."""

import json
import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import expect

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from tests.api.conftest import bearer
from tests.browser import accessibility_violations, open_browser, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture
async def service(loaded_store: GraphStore) -> AsyncIterator[str]:
    """The service over ``loaded_store`` as the demo runs it (anonymous reading of published
    material allowed, so GraphiQL loads the schema before a key is given), listening on a free
    loopback port; its address."""
    async with serve(create_app(Settings(allow_anonymous_read=True), store=loaded_store)) as url:
        yield url


async def test_graphiql_runs_the_opening_example_offline(
    service: str, loaded_store: GraphStore
) -> None:
    headers = json.dumps(await bearer(loaded_store, Role.READER))

    async with open_browser() as browser:
        page = browser.page
        try:
            keys_sent: list[str | None] = []
            page.on(
                "request",
                lambda request: (
                    keys_sent.append(request.headers.get("authorization"))
                    if request.method == "POST"
                    else None
                ),
            )
            started = time.monotonic()

            opened = await page.goto(f"{service}/graphql")
            assert opened is not None
            assert opened.ok
            assert "default-src 'self'" in opened.headers["content-security-policy"]
            await expect(page.locator(".graphiql-query-editor")).to_contain_text(
                "recurringIssues(minReviewTypes: 3)", timeout=30_000
            )
            editor_shown = time.monotonic() - started

            # The Headers tab is where a user puts their key.
            await page.locator(".graphiql-editor-tools button", has_text="Headers").click()
            await page.locator(".graphiql-editor-tool .CodeMirror").last.click()
            await page.keyboard.insert_text(headers)
            await page.locator(".graphiql-execute-button").click()
            result = page.locator(".graphiql-response")
            await expect(result).to_contain_text('"recurringIssues": [', timeout=30_000)
            await expect(result).to_contain_text('"reviewTypeCount"')
            assert keys_sent[-1] == json.loads(headers)["Authorization"]
            answered = time.monotonic() - started
            findings = await accessibility_violations(page)
            # A dialog adds the one inline style the page's policy allows.
            await page.locator(".graphiql-sidebar-section button").last.click()
            await expect(page.get_by_role("dialog")).to_be_visible()
            await page.keyboard.press("Escape")
            await expect(page.get_by_role("dialog")).to_have_count(0)
        finally:
            await screenshot(page, "graphiql")

    browser.assert_stayed_on_loopback()
    browser.assert_no_problems()
    print(f"GraphiQL shown in {editor_shown:.1f} s; the example answered at {answered:.1f} s")
    print(f"axe-core: {len(findings)} serious or critical findings on GraphiQL")
    for finding in findings:
        print(f"  {finding}")
