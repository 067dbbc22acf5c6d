"""The practice briefing prints: Chromium's print of the page (the print stylesheet applied)
is a PDF whose text holds the briefing's key figures and quoted findings, without the
navigation and forms that only make sense on screen, and the page passes axe-core."""

import io
import re

import pytest
from pypdf import PdfReader

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.store import GraphStore
from tests.browser import accessibility_violations, open_browser, screenshot, serve

pytestmark = pytest.mark.browser


async def test_the_briefing_prints_as_a_pdf_holding_its_key_figures(
    loaded_store: GraphStore,
) -> None:
    app = create_app(Settings(allow_anonymous_read=True), store=loaded_store)
    async with serve(app) as url, open_browser() as browser:
        page = browser.page
        await page.goto(f"{url}/workbench/briefing")
        code = await page.locator("#code option").first.get_attribute("value")
        assert code
        await page.select_option("#code", code)
        await page.click("button[type=submit]")
        await page.wait_for_selector("#key-figures")
        figures = {
            (await term.inner_text()).strip(): (await value.inner_text()).strip()
            for term, value in zip(
                await page.locator("#key-figures dt").all(),
                await page.locator("#key-figures dd").all(),
                strict=True,
            )
        }
        quoted = (await page.locator("blockquote p").first.inner_text()).strip()
        await screenshot(page, "workbench-briefing")
        violations = await accessibility_violations(page)
        await page.emulate_media(media="print")
        pdf = await page.pdf(format="A4", print_background=True)
        browser.assert_stayed_on_loopback()
        browser.assert_no_problems()

    assert violations == [], violations
    assert pdf.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    for label, value in figures.items():
        assert label in flat, label
        assert value in flat, (label, value)
    assert " ".join(quoted.split()[:6]) in flat, flat[:3000]
    assert "PRACTICE BRIEFING" in flat.upper()
    assert "Sign in with an API key" not in flat  # the screen's header is not printed
    assert "From year" not in flat  # nor the form
