"""What the browser tests share: the service served on a free loopback port, Debian's Chromium
(/usr/bin/chromium) driven by Playwright with every request beyond the loopback address cut,
screenshots kept in test-artifacts/, and axe-core's accessibility rules run in a page.

A browser test reads::

    async with serve(create_app(settings, store=store)) as base_url:
        async with open_browser() as browser:
            await browser.page.goto(f"{base_url}/graphql")
            ...
            assert await accessibility_violations(browser.page) == []
    browser.assert_stayed_on_loopback()
    browser.assert_no_problems()
"""

import asyncio
import socket
import tempfile
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI
from playwright.async_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    Route,
    WebError,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
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

AXE_SCRIPT = REPO / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_AXE = "make tools/axe/node_modules/.installed"
# The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
TARGETS_SHOWN = 3


def chromium() -> Path:
    """Debian's Chromium; a browser test fails (never skips) without it."""
    assert CHROMIUM.exists(), (
        f"the browser test needs Debian's chromium at {CHROMIUM}; install it with "
        f"`{INSTALL_CHROMIUM}` (make test does)"
    )
    return CHROMIUM


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """``app`` served by uvicorn on a free loopback port, start-up and shut-down included;
    its base URL, such as ``http://127.0.0.1:40123``."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        while not server.started:
            assert not serving.done(), "the service did not start"
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        listening.close()


@dataclass
class LoopbackBrowser:
    """A Chromium context cut off from everything but the loopback address, and its page.

    ``external`` holds every request to another host (each aborted as if offline);
    ``problems`` holds what a working page never shows: console errors, uncaught page errors
    and HTTP responses of 400 or more, from any page of the context.
    """

    context: BrowserContext
    page: Page
    external: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def assert_stayed_on_loopback(self) -> None:
        assert self.external == [], (
            f"the page tried to reach {len(self.external)} other hosts: {self.external}"
        )

    def assert_no_problems(self) -> None:
        assert self.problems == [], "\n".join(self.problems)

    async def _loopback_only(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:
            self.external.append(route.request.url)
            await route.abort("internetdisconnected")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console {message.type}: {message.text}")

    def _page_error(self, error: WebError) -> None:
        self.problems.append(f"page error: {error.error}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@asynccontextmanager
async def open_browser() -> AsyncIterator[LoopbackBrowser]:
    """Headless Chromium with a fresh profile, every non-loopback request aborted and
    recorded, and a page open. An assertion or Playwright error raised inside is raised again
    with what the browser said, which explains a page that never came up."""
    executable = chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-", ignore_cleanup_errors=True) as profile:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile,
                executable_path=executable,
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1400, "height": 900},
            )
            try:
                browser = LoopbackBrowser(context, page=await context.new_page())
                await context.route("**/*", browser._loopback_only)
                context.on("console", browser._console)
                context.on("weberror", browser._page_error)
                context.on("response", browser._response)
                try:
                    yield browser
                except (AssertionError, PlaywrightError) as failed:
                    raise AssertionError(
                        f"{failed}\nthe browser said:\n" + "\n".join(browser.problems)
                    ) from None
            finally:
                await context.close()


async def screenshot(page: Page, name: str) -> Path:
    """The page as it looks now, kept in test-artifacts/<name>.png; its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=path)
    return path


class Violation(TypedDict):
    """One axe-core rule a page breaks: the rule, how much it matters, what it asks for, how
    many elements break it and the selectors of the first few."""

    id: str
    impact: str
    help: str
    nodes: int
    targets: list[str]


def axe_script() -> Path:
    """axe-core's browser bundle, pinned in tools/axe; a test fails without it."""
    assert AXE_SCRIPT.is_file(), (
        f"the accessibility check needs axe-core at {AXE_SCRIPT}; "
        f"run `make test` (or `{INSTALL_AXE}`) to install it"
    )
    return AXE_SCRIPT


async def accessibility_violations(
    page: Page, impacts: Collection[str] = ("serious", "critical")
) -> list[Violation]:
    """The WCAG 2.x A and AA rules the page as shown now breaks, at the given ``impacts``.

    axe-core is evaluated in the page rather than added as a <script> element, which the
    service's content security policy (no inline scripts) would block.
    """
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(axe_script().read_text(encoding="utf-8"))
    results: dict[str, Any] = await page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        list(WCAG_TAGS),
    )
    return [
        Violation(
            id=rule["id"],
            impact=rule["impact"],
            help=rule["help"],
            nodes=len(rule["nodes"]),
            targets=[_selector(node["target"]) for node in rule["nodes"][:TARGETS_SHOWN]],
        )
        for rule in results["violations"]
        if rule["impact"] in impacts
    ]


def _selector(target: list[Any]) -> str:
    """axe's target, one selector per frame or shadow root on the way, as one string."""
    return " >>> ".join(str(part) for part in target)
