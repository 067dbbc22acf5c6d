"""The workbench in a real browser: headless Chromium, cut off from every host but the
loopback address, uses the pages over the loaded test graph as the demo serves them
(anonymous reading allowed). Each page loads with no console error and no serious or
critical axe-core finding; filters chosen in the form change the figures, which the CSV
downloads repeat; a heatmap cell opens the findings it counts; the pathway's open loops are
the API's and its chart saves as PNG and SVG; an analyst signed in through the form sees
restricted reviews a reader does not. Screenshots are kept in test-artifacts/workbench-*.png.
"""

import asyncio
import csv
import io
import re
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from playwright.async_api import Locator, Page, expect

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from graph_service.workbench.views import SHADES
from tests.api.conftest import bearer, client_for, graphql, read_rows
from tests.browser import (
    LoopbackBrowser,
    accessibility_violations,
    open_browser,
    screenshot,
    serve,
)

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
REVIEW_ID = re.compile(r"\bR\d{6}\b")
ANONYMOUS = "Anonymous reader: published, unrestricted material only."

RECURRENCE = """
query ($filter: RecurrenceFilter) {
  recurringIssues(dimension: PERENNIAL_ISSUE, filter: $filter) { code reviews findings }
}
"""
PATHWAY = """
query ($code: String!) { issuePathway(code: $code) {
  stages { reviews findings recommendations practiceChanges outcomes }
  openRecommendations(first: 0) { totalCount }
  changesWithoutOutcome(first: 0) { totalCount }
} }
"""


@pytest.fixture
async def service(loaded_store: GraphStore) -> AsyncIterator[str]:
    """The service over ``loaded_store`` as the demo runs it, on a free loopback port."""
    async with serve(create_app(Settings(allow_anonymous_read=True), store=loaded_store)) as url:
        yield url


@asynccontextmanager
async def browsing() -> AsyncIterator[LoopbackBrowser]:
    """A browser whose pages must have reached no other host and shown no problem."""
    async with open_browser() as browser:
        yield browser
    browser.assert_stayed_on_loopback()
    browser.assert_no_problems()


async def api_data(store: GraphStore, query: str, variables: dict[str, Any]) -> Any:
    """What /graphql answers a reader, who sees what the anonymous reader sees."""
    app = create_app(Settings(), store=store)
    async with client_for(app, await bearer(store, Role.READER)) as api:
        body = await graphql(api, query, variables)
    assert "errors" not in body, body
    return body["data"]


async def visit(page: Page, url: str) -> None:
    opened = await page.goto(url)
    assert opened is not None
    assert opened.ok, f"{url}: HTTP {opened.status}"


async def assert_accessible(page: Page) -> None:
    found = await accessibility_violations(page)
    assert found == [], f"{page.url}: {found}"


async def table_rows(page: Page, table: str) -> list[list[str]]:
    """The text of every row of ``table`` (a selector), headings first."""
    rows: list[list[str]] = await page.locator(table).evaluate(
        """table => Array.from(table.querySelectorAll('tr'), row =>
             Array.from(row.children, cell => cell.textContent.trim()))"""
    )
    return rows


async def downloaded(page: Page, link: Locator) -> bytes:
    """What clicking ``link`` downloads."""
    async with page.expect_download() as started:
        await link.click()
    download = await started.value
    assert await download.failure() is None
    return await asyncio.to_thread(Path(await download.path()).read_bytes)


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


async def heatmap_cells(page: Page) -> dict[str, int]:
    """The heatmap's non-zero cells: the findings address each links to, and its number."""
    links: list[list[str]] = await page.locator("#heatmap td.cell a").evaluate_all(
        "links => links.map(link => [link.getAttribute('href'), link.textContent])"
    )
    return {href: int(number) for href, number in links}


def rgb(colour: str) -> str:
    """``#rrggbb`` as a computed style gives it."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


async def review_ids_listed(page: Page) -> set[str]:
    return set(REVIEW_ID.findall(" ".join(await page.locator(".findings .meta").all_inner_texts())))


async def test_every_page_loads_offline_without_accessibility_findings(
    service: str, loaded_store: GraphStore
) -> None:
    issues = (await api_data(loaded_store, "{ perennialIssues { code } }", {}))["perennialIssues"]
    issue = issues[0]["code"]
    async with browsing() as browser:
        page = browser.page
        await visit(page, f"{service}/workbench/heatmap")
        # The first Tab from the top of the page reaches the skip link, which shows its focus.
        await page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to content")
        await expect(skip).to_be_focused()
        await expect(skip).to_be_in_viewport()
        focus = await skip.evaluate(
            """link => ({visible: link.matches(':focus-visible'),
                         outline: getComputedStyle(link).outlineStyle})"""
        )
        assert focus == {"visible": True, "outline": "solid"}
        await expect(page.locator("#who")).to_contain_text(ANONYMOUS)
        await expect(page.locator("#heatmap td.cell a").first).to_be_visible()
        # Every cell and legend swatch is painted in one of the scale's shades.
        painted = await page.locator("#heatmap td.cell, .legend .swatch").evaluate_all(
            "shown => shown.map(each => getComputedStyle(each).backgroundColor)"
        )
        assert set(painted) <= {rgb(shade) for shade in SHADES}, set(painted)
        assert len(set(painted)) > 2
        await screenshot(page, "workbench-heatmap")
        await assert_accessible(page)

        await page.locator("#heatmap td.cell a").first.click()
        await expect(page).to_have_url(re.compile(r"/workbench/findings\?"))
        await expect(page.locator("#who")).to_contain_text(ANONYMOUS)
        await expect(page.locator(".findings > li").first).to_be_visible()
        await screenshot(page, "workbench-findings")
        await assert_accessible(page)

        await visit(page, f"{service}/workbench/pathway?code={issue}")
        await expect(page.locator("#who")).to_contain_text(ANONYMOUS)
        await expect(page.locator("svg.pathway")).to_be_visible()
        await expect(page.get_by_role("button", name="Save chart as PNG")).to_be_visible()
        await screenshot(page, "workbench-pathway")
        await assert_accessible(page)

        await page.get_by_role("link", name="Sign in with an API key").click()
        await expect(page).to_have_url(re.compile(r"/workbench/signin\?"))
        await expect(page.get_by_label("API key")).to_be_visible()
        await screenshot(page, "workbench-signin")
        await assert_accessible(page)


async def test_filters_chosen_in_the_form_change_the_figures_the_downloads_repeat(
    service: str, loaded_store: GraphStore
) -> None:
    async with browsing() as browser:
        page = browser.page
        await visit(page, f"{service}/workbench/heatmap")
        before = {row[0]: int(row[2]) for row in (await table_rows(page, "#heatmap"))[1:]}
        years = [int(year) for year in (await table_rows(page, "#trend"))[0][2:]]
        assert len(years) > 3, years
        year_from, year_to = years[1], years[-2]

        # As a user would: type the years, pick the jurisdiction, press Apply.
        await page.get_by_label("From year").click()
        await page.keyboard.type(str(year_from))
        await page.keyboard.press("Tab")
        await page.keyboard.type(str(year_to))
        await page.get_by_label("Jurisdiction").select_option(label="England")
        await page.get_by_role("button", name="Apply").click()
        await expect(page).to_have_url(re.compile(r"yearTo="))

        query = parse_qs(urlsplit(page.url).query)
        assert query["yearFrom"] == [str(year_from)]
        assert query["yearTo"] == [str(year_to)]
        assert query["jurisdiction"] == ["ENGLAND"]
        await expect(page.get_by_label("From year")).to_have_value(str(year_from))
        shown = await table_rows(page, "#heatmap")
        after = {row[0]: int(row[2]) for row in shown[1:]}
        assert after, "the filters must leave something to compare"
        assert after != before
        assert all(total <= before[code] for code, total in after.items())
        answer = await api_data(
            loaded_store,
            RECURRENCE,
            {"filter": {"yearFrom": year_from, "yearTo": year_to, "jurisdiction": "ENGLAND"}},
        )
        assert after == {issue["code"]: issue["reviews"] for issue in answer["recurringIssues"]}

        # The downloads hold what the tables show (the heatmap's last column is its sparkline).
        grid = await downloaded(
            page, page.locator("#heatmap caption").get_by_role("link", name="Download CSV")
        )
        assert csv_rows(grid) == [row[:-1] for row in shown]
        trend = await downloaded(
            page, page.locator("#trend caption").get_by_role("link", name="Download CSV")
        )
        assert csv_rows(trend) == await table_rows(page, "#trend")


async def test_a_heatmap_cell_opens_the_findings_it_counts(service: str) -> None:
    async with browsing() as browser:
        page = browser.page
        await visit(page, f"{service}/workbench/heatmap?measure=findings")
        cells = await heatmap_cells(page)
        assert cells
        # The cell is one with a few findings, so the list is not cut short.
        href, count = max(cells.items(), key=lambda cell: (cell[1] <= 50, cell[1]))
        link = page.locator(f'#heatmap td.cell a[href="{href}"]')
        label = await link.get_attribute("aria-label")
        assert label
        code = parse_qs(urlsplit(href).query)["code"][0]
        review_type = label.rsplit(" in ", 1)[1]
        await link.click()
        await expect(page).to_have_url(re.compile(r"/workbench/findings\?"))

        findings = page.locator(".findings > li")
        await expect(page.locator("main")).to_contain_text(
            f"{count} finding{'' if count == 1 else 's'} shown."
        )
        assert await findings.count() == count
        for finding in await findings.all():
            assert (await finding.locator("h2").inner_text()).strip()
            meta = await finding.locator(".meta").inner_text()
            assert meta.startswith(f"{review_type} · ")
            assert re.search(r" · (\d{4}|year unknown)( · |$)", meta), meta
            assert REVIEW_ID.search(meta), meta
            codes = await finding.locator(".codes").inner_text()
            assert code in codes.removeprefix("Coded: ").split(", "), codes

        # Counting reviews instead, the same cell holds the reviews these findings come from.
        listed = await review_ids_listed(page)
        await visit(page, f"{service}/workbench/heatmap?measure=reviews")
        reviews_href = href.replace("measure=findings", "measure=reviews")
        assert reviews_href != href
        same_cell = page.locator(f'#heatmap td.cell a[href="{reviews_href}"]')
        await expect(same_cell).to_have_text(str(len(listed)))


async def test_the_pathway_shows_the_apis_open_loops_and_saves_its_chart(
    service: str, loaded_store: GraphStore
) -> None:
    issues = (await api_data(loaded_store, "{ perennialIssues { code } }", {}))["perennialIssues"]
    pathways = {
        issue["code"]: (await api_data(loaded_store, PATHWAY, {"code": issue["code"]}))[
            "issuePathway"
        ]
        for issue in issues
    }
    # An issue with both kinds of open loop, so a figure left at zero would show.
    code = next(
        code
        for code, answer in pathways.items()
        if answer["openRecommendations"]["totalCount"]
        and answer["changesWithoutOutcome"]["totalCount"]
    )
    answer = pathways[code]
    async with browsing() as browser:
        page = browser.page
        await visit(page, f"{service}/workbench/pathway")
        await page.get_by_label("Perennial issue").select_option(code)
        await page.get_by_role("button", name="Show").click()
        await expect(page).to_have_url(re.compile(rf"/workbench/pathway\?code={code}$"))

        open_recommendations = str(answer["openRecommendations"]["totalCount"])
        without_outcome = str(answer["changesWithoutOutcome"]["totalCount"])
        await expect(page.locator("#open-recommendations")).to_have_text(open_recommendations)
        await expect(page.locator("#changes-without-outcome")).to_have_text(without_outcome)
        drawn = [
            text.strip() for text in await page.locator("svg.pathway text").all_text_contents()
        ]
        assert drawn[drawn.index("Open loop: no change") + 1] == open_recommendations
        assert drawn[drawn.index("Open loop: no outcome") + 1] == without_outcome
        stages = answer["stages"]
        for label, field in [
            ("Reviews", "reviews"),
            ("Findings", "findings"),
            ("Recommendations", "recommendations"),
            ("Practice changes", "practiceChanges"),
            ("Outcomes", "outcomes"),
        ]:
            assert drawn[drawn.index(label) + 1] == str(stages[field]), label

        png = await downloaded(page, page.get_by_role("button", name="Save chart as PNG"))
        assert png.startswith(PNG_SIGNATURE)
        width, height = struct.unpack(">II", png[16:24])
        box = await page.locator("svg.pathway").evaluate(
            "svg => [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height]"
        )
        assert [width, height] == [2 * side for side in box]  # drawn at twice the size

        svg = await downloaded(
            page, page.locator("figcaption").get_by_role("link", name="Download SVG")
        )
        drawing = ElementTree.fromstring(svg)  # noqa: S314  (the service's own output)
        assert drawing.tag == f"{SVG_NS}svg"
        texts = ["".join(text.itertext()).strip() for text in drawing.iter(f"{SVG_NS}text")]
        assert texts[texts.index("Open loop: no change") + 1] == open_recommendations


async def test_an_analyst_signed_in_through_the_form_sees_restricted_findings(
    service: str, loaded_store: GraphStore, generated_dataset: Path
) -> None:
    restricted = {
        review["review_id"]
        for review in read_rows(generated_dataset, "reviews")
        if str(review["restricted"]).lower() == "true"
    }
    key = (await bearer(loaded_store, Role.ANALYST))["Authorization"].removeprefix("Bearer ")
    async with browsing() as browser:
        page = browser.page
        await visit(page, f"{service}/workbench/heatmap")
        readers_cells = await heatmap_cells(page)

        await page.get_by_role("link", name="Sign in with an API key").click()
        await page.get_by_label("API key").click()
        await page.keyboard.type(key)
        await page.keyboard.press("Enter")
        await expect(page).to_have_url(re.compile(r"/workbench/heatmap$"))
        await expect(page.locator("#who")).to_contain_text("Signed in as")
        await expect(page.locator("#who")).to_contain_text("(analyst)")
        await expect(page.locator("#who")).not_to_contain_text("Anonymous reader")
        await assert_accessible(page)
        await screenshot(page, "workbench-heatmap-analyst")

        # A cell the analyst's heatmap counts more reviews in than the reader's.
        analysts_cells = await heatmap_cells(page)
        href = next(
            href for href, count in analysts_cells.items() if count > readers_cells.get(href, 0)
        )
        await page.locator(f'#heatmap td.cell a[href="{href}"]').click()
        await expect(page.locator(".findings > li").first).to_be_visible()
        analyst_sees = await review_ids_listed(page)

        await page.get_by_role("button", name="Sign out").click()
        await expect(page).to_have_url(re.compile(r"/workbench/signin\?reason=signed"))
        await expect(page.get_by_role("status")).to_have_text("You are signed out.")
        await visit(page, f"{service}{href}")
        await expect(page.locator("#who")).to_contain_text(ANONYMOUS)
        reader_sees = await review_ids_listed(page)

    assert reader_sees < analyst_sees
    assert not reader_sees & restricted
    assert analyst_sees - reader_sees <= restricted
    assert analyst_sees & restricted


async def test_review_force_and_search_pages_load_offline_without_accessibility_findings(
    service: str,
) -> None:
    async with browsing() as browser:
        page = browser.page
        await visit(page, f"{service}/workbench/search")
        await page.get_by_label("Words").fill("safeguarding")
        await page.get_by_label("Words").press("Enter")
        await expect(page.locator("#hit-count")).to_be_visible()
        await screenshot(page, "workbench-search")
        await assert_accessible(page)
        # A result's review opens its page, with its findings and recommendations.
        await page.locator(".findings a[href*='/workbench/review?id=']").first.click()
        await expect(page).to_have_url(re.compile(r"/workbench/review\?id=R\d{6}"))
        await expect(page.get_by_role("heading", name=re.compile(r"^Findings \("))).to_be_visible()
        await expect(page.get_by_role("heading", name="Related reviews")).to_be_visible()
        await screenshot(page, "workbench-review")
        await assert_accessible(page)
        # Its force's link opens the force page.
        force_links = page.locator("a[href*='/workbench/force?code=']")
        if await force_links.count():
            await force_links.first.click()
        else:
            await visit(page, f"{service}/workbench/force")
            await page.get_by_role("button", name="Show").click()
        await expect(page.locator("#force-reviews")).to_be_visible()
        await screenshot(page, "workbench-force")
        await assert_accessible(page)
