"""The helpers of tests/browser.py can fail and can pass: axe-core, run in headless Chromium,
names the rule a page breaks and the element that breaks it, and finds nothing on a page that
breaks none; a request to another host is cut and recorded."""

from pathlib import Path

import pytest

import tests.browser
from tests.browser import accessibility_violations, open_browser

DOT = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def page_with(body: str) -> str:
    """A page that meets the rules every page must (a language and a title), around ``body``."""
    return (
        '<!doctype html><html lang="en"><head><title>Check</title></head>'
        f"<body><main><h1>Check</h1>{body}</main></body></html>"
    )


@pytest.mark.browser
async def test_an_image_without_text_and_an_unlabelled_field_are_reported() -> None:
    async with open_browser() as browser:
        await browser.page.set_content(
            page_with(f'<img id="chart" src="{DOT}"><form><input id="age" type="text"></form>')
        )
        found = await accessibility_violations(browser.page)

    assert {(finding["id"], finding["impact"]) for finding in found} == {
        ("image-alt", "critical"),
        ("label", "critical"),
    }
    where = {finding["id"]: finding["targets"] for finding in found}
    assert where == {"image-alt": ["#chart"], "label": ["#age"]}
    assert all(finding["help"] and finding["nodes"] == 1 for finding in found)
    browser.assert_stayed_on_loopback()


@pytest.mark.browser
async def test_a_page_breaking_no_rule_has_no_finding() -> None:
    async with open_browser() as browser:
        await browser.page.set_content(
            page_with(
                f'<img src="{DOT}" alt="A dot">'
                '<form><label for="age">Age</label><input id="age" type="text"></form>'
            )
        )
        # Every impact, so a lesser finding would show too.
        found = await accessibility_violations(
            browser.page, impacts=("minor", "moderate", "serious", "critical")
        )

    assert found == []
    browser.assert_stayed_on_loopback()


@pytest.mark.browser
async def test_only_the_impacts_asked_for_are_reported() -> None:
    async with open_browser() as browser:
        await browser.page.set_content(page_with(f'<img src="{DOT}">'))
        critical = await accessibility_violations(browser.page, impacts=("critical",))
        serious = await accessibility_violations(browser.page, impacts=("serious",))

    assert [finding["id"] for finding in critical] == ["image-alt"]
    assert serious == []


@pytest.mark.browser
async def test_a_request_beyond_the_loopback_address_is_cut_and_recorded() -> None:
    async with open_browser() as browser:
        await browser.page.set_content(page_with('<img src="http://example.org/chart.png" alt="">'))

    assert browser.external == ["http://example.org/chart.png"]
    with pytest.raises(AssertionError, match="tried to reach 1 other hosts"):
        browser.assert_stayed_on_loopback()


def test_a_missing_axe_core_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tests.browser, "AXE_SCRIPT", tmp_path / "axe.min.js")
    with pytest.raises(AssertionError, match=r"run `make test` \(or `make tools/axe/"):
        tests.browser.axe_script()
