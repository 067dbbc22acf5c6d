"""GraphiQL works in a real browser with no network beyond the service: headless Chromium
(Debian's, at /usr/bin/chromium) opens /graphql on the running service, a reader's key goes
in the Headers tab, the opening example runs and its data shows, and nothing is fetched from
anywhere else. A screenshot is kept in test-artifacts/graphiql.png."""

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Route, async_playwright, expect

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from tests.api.conftest import bearer

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_CHROMIUM = "apt-get install -y --no-install-recommends chromium"
# Without the background-networking flags Chromium calls home at every start.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = frozenset({"127.0.0.1", "localhost"})
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture
async def service(loaded_store: GraphStore) -> AsyncIterator[str]:
    """The service over ``loaded_store`` as the demo runs it (anonymous reading of published
    material allowed, so GraphiQL loads the schema before a key is given), listening on a free
    loopback port; its address."""
    settings = Settings(allow_anonymous_read=True)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store=loaded_store), log_level="warning")
    )
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    while not server.started:
        assert not serving.done(), "the service did not start"
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        listening.close()


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium; the test fails (never skips) without it."""
    assert CHROMIUM.exists(), (
        f"the browser test needs Debian's chromium at {CHROMIUM}; install it with "
        f"`{INSTALL_CHROMIUM}` (make test does)"
    )
    return CHROMIUM


async def test_graphiql_runs_the_opening_example_offline(
    chromium: Path, service: str, loaded_store: GraphStore, tmp_path: Path
) -> None:
    headers = json.dumps(await bearer(loaded_store, Role.READER))
    external: list[str] = []
    problems: list[str] = []

    async def loopback_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:
            external.append(route.request.url)
            await route.abort("internetdisconnected")

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        await browser.route("**/*", loopback_only)
        page = await browser.new_page()
        try:
            page.on(
                "console",
                lambda message: (
                    problems.append(f"console {message.type}: {message.text}")
                    if message.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on(
                "response",
                lambda response: (
                    problems.append(f"HTTP {response.status}: {response.url}")
                    if response.status >= 400
                    else None
                ),
            )
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
            # A dialog adds the one inline style the page's policy allows.
            await page.locator(".graphiql-sidebar-section button").last.click()
            await expect(page.get_by_role("dialog")).to_be_visible()
            await page.keyboard.press("Escape")
            await expect(page.get_by_role("dialog")).to_have_count(0)

        except (AssertionError, PlaywrightError) as failed:
            # What the browser said explains a page that never came up.
            raise AssertionError(f"{failed}\nthe browser said:\n" + "\n".join(problems)) from None
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=ARTIFACTS / "graphiql.png")
            await browser.close()

    assert external == [], f"the page tried to reach {len(external)} other hosts: {external}"
    assert problems == [], "\n".join(problems)
    print(f"GraphiQL shown in {editor_shown:.1f} s; the example answered at {answered:.1f} s")
