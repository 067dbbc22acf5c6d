"""Time of each workbench page: the server's answer (p50, p95) next to the same GraphQL
documents sent to /graphql one after another in the same run, and the time until Chromium
has the page's first chart.

For each scale and backend (both by default) the graph kept by bench/api.py is served by
`graph-service serve` in a process of its own; an analyst (who sees everything, the largest
answers) signs in through the sign-in form as a browser would. Each page is asked for
``--repeat`` times in turn.

    .venv/bin/python -m bench.workbench --reviews 5000 50000
"""

import argparse
import asyncio
import re
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx
from playwright.async_api import async_playwright

from bench import api
from bench.backends import Neo4jMemory, add_backend_options, neo4j_memory, started
from bench.datasets import DATA
from graph_service.workbench import queries

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]
SEARCH_WORD = "safeguarding"
# The page's first chart (the heatmap's grid, the pathway's diagram) or its first list.
FIRST_CHART = {
    "heatmap": "table.heatmap",
    "heatmap, filtered": "table.heatmap",
    "findings of a cell": "ol.findings",
    "pathway": "svg.pathway",
    "review": "ol.findings",
    "force": "table",
    "search": "ol.findings",
}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    documents: list[tuple[str, dict[str, Any]]]  # what the page asks of the API


def _pages(samples: dict[str, Any]) -> list[Page]:
    force, issue, review_type = samples["force"], samples["issue"], samples["review_type"]
    taxonomies: tuple[str, dict[str, Any]] = (queries.TAXONOMIES, {})
    recurrence = {"dimension": "PERENNIAL_ISSUE", "filter": {}}
    filtered = {"yearFrom": 2018, "yearTo": 2022, "forces": [force]}
    return [
        Page("heatmap", "/workbench/heatmap", [taxonomies, (queries.RECURRENCE, recurrence)]),
        Page(
            "heatmap, filtered",
            f"/workbench/heatmap?yearFrom=2018&yearTo=2022&forces={force}",
            [taxonomies, (queries.RECURRENCE, {**recurrence, "filter": filtered})],
        ),
        Page(
            "findings of a cell",
            f"/workbench/findings?code={issue}&reviewType={review_type}",
            [
                (
                    queries.FINDINGS,
                    {
                        "filter": {"perennialIssues": [issue], "reviewTypes": [review_type]},
                        "after": None,
                    },
                ),
                taxonomies,
            ],
        ),
        Page(
            "pathway",
            f"/workbench/pathway?code={issue}",
            [taxonomies, (queries.PATHWAY, {"code": issue})],
        ),
        Page(
            "review",
            f"/workbench/review?id={samples['review']}",
            [
                (queries.REVIEW, {"id": samples["review"]}),
                (queries.RELATED, {"id": samples["review"]}),
            ],
        ),
        Page(
            "force",
            f"/workbench/force?code={force}",
            [taxonomies, (queries.FORCE, {"code": force, "forces": [force]})],
        ),
        Page(
            "search",
            f"/workbench/search?q={SEARCH_WORD}",
            [(queries.SEARCH, {"text": SEARCH_WORD, "kinds": None})],
        ),
    ]


async def _samples(client: httpx.AsyncClient) -> dict[str, Any]:
    body = (
        await client.post(
            "/graphql",
            json={
                "query": "{ forces { code } recurringIssues { code "
                "byReviewType { reviewType reviews } } reviews(first: 1) { nodes { id } } }"
            },
        )
    ).json()["data"]
    top = body["recurringIssues"][0]
    busiest = max(top["byReviewType"], key=lambda each: each["reviews"])
    return {
        "force": body["forces"][0]["code"],
        "issue": top["code"],
        "review_type": busiest["reviewType"],
        "review": body["reviews"]["nodes"][0]["id"],
    }


async def _sign_in(client: httpx.AsyncClient, key: str) -> None:
    form = await client.get("/workbench/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    if token is None:
        raise SystemExit("the sign-in page had no CSRF token")
    done = await client.post("/workbench/signin", data={"csrf_token": token.group(1), "key": key})
    if done.status_code != 303:
        raise SystemExit(f"signing in failed: {done.status_code} {done.text[:200]}")


def _quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


async def _measure(backend_name: str, reviews: int, repeat: int, memory: Neo4jMemory) -> list[str]:
    rows: list[str] = []
    folder = DATA / f"{backend_name}-graph-{reviews}"
    with started(backend_name, folder=folder, graph=api.GRAPH, memory=memory) as backend:
        await api._ensure_loaded(backend, folder, reviews)
        store = backend.open_store(timeout_ms=api.TIMEOUT_MS)
        try:
            async with api._analyst_key(store) as headers:
                key = headers["Authorization"].removeprefix("Bearer ")
                with api._server(backend.service_environment(), api._free_port(), workers=1) as url:
                    async with (
                        httpx.AsyncClient(base_url=url, timeout=120) as browser_like,
                        httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as client,
                    ):
                        await _sign_in(browser_like, key)
                        pages = _pages(await _samples(client))
                        for page in pages:
                            served, asked = [], []
                            for _ in range(repeat):
                                started_at = time.perf_counter()
                                answer = await browser_like.get(page.path)
                                served.append((time.perf_counter() - started_at) * 1000)
                                if answer.status_code != 200:
                                    raise SystemExit(f"{page.path}: {answer.status_code}")
                                started_at = time.perf_counter()
                                for document, variables in page.documents:
                                    await _ask(client, page, document, variables)
                                asked.append((time.perf_counter() - started_at) * 1000)
                            first_chart = await _first_chart(url, browser_like.cookies, page)
                            p50, p95 = _quantiles(served)
                            a50, a95 = _quantiles(asked)
                            rows.append(
                                f"| {reviews:,} | {backend_name} | {page.name} | {p50:.1f} "
                                f"| {p95:.1f} | {a50:.1f} | {a95:.1f} | {p50 / a50:.2f} "
                                f"| {first_chart:.0f} |"
                            )
                            print(rows[-1], file=sys.stderr, flush=True)
        finally:
            await store.close()
    return rows


async def _ask(
    client: httpx.AsyncClient, page: Page, document: str, variables: dict[str, Any]
) -> None:
    """One document as the page sends it: the findings page reads pages of findings until it
    has 100 to show."""
    shown, after = 0, None
    paged = document == queries.FINDINGS
    while True:
        asked = {**variables, "after": after} if paged else variables
        reply = await client.post("/graphql", json={"query": document, "variables": asked})
        body = reply.json()
        if reply.status_code != 200 or "errors" in body:
            raise SystemExit(f"{page.name}: {reply.text[:300]}")
        if not paged:
            return
        findings = body["data"]["findings"]
        shown += len(findings["nodes"])
        after = findings["pageInfo"]["endCursor"]
        if shown >= 100 or not findings["pageInfo"]["hasNextPage"]:
            return


async def _first_chart(url: str, cookies: httpx.Cookies, page: Page) -> float:
    """Milliseconds from navigation start until the page's first chart is in the document
    (the median of three loads)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            context = await browser.new_context()
            await context.add_cookies(
                [
                    {"name": cookie.name, "value": cookie.value or "", "url": url}
                    for cookie in cookies.jar
                ]
            )
            tab = await context.new_page()
            times: list[float] = []
            for _ in range(3):
                await tab.goto(url + page.path)
                await tab.wait_for_selector(FIRST_CHART[page.name])
                times.append(float(await tab.evaluate("performance.now()")))
            return statistics.median(times)
        finally:
            await browser.close()


async def run(scales: list[int], backends: list[str], repeat: int, memory: Neo4jMemory) -> None:
    print(
        "| reviews | backend | page | server p50 ms | server p95 ms "
        "| same documents via /graphql p50 ms | p95 ms | page / API (p50) "
        "| first chart in Chromium ms |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|")
    for reviews in scales:
        for backend in backends:
            for row in await _measure(backend, reviews, repeat, memory):
                print(row, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    add_backend_options(parser)
    arguments = parser.parse_args()
    asyncio.run(
        run(arguments.reviews, arguments.backend, arguments.repeat, neo4j_memory(arguments))
    )


if __name__ == "__main__":
    main()
