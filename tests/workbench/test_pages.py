"""The workbench pages over HTTP: their figures are the API's for the same caller, a reader's
pages leave out restricted reviews, signing in keeps the key in a cookie scripts cannot read
and every form that changes something needs its CSRF token, and bad filters say what is
wrong."""

import csv
import io
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.store import GraphStore
from tests.api.conftest import bearer, client_for, graphql, read_rows

RECURRENCE = """
query ($dimension: RecurrenceDimension!, $filter: RecurrenceFilter) {
  recurringIssues(dimension: $dimension, filter: $filter) {
    code reviews findings
    byReviewType { reviewType reviews findings }
    byYear { year reviews findings }
  }
}
"""


@asynccontextmanager
async def workbench(
    store: GraphStore, *, anonymous: bool = True
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(allow_anonymous_read=anonymous), store=store)
    async with client_for(app) as client:
        yield client


async def _sign_in(client: httpx.AsyncClient, key: str) -> httpx.Response:
    form = await client.get("/workbench/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, form.text
    return await client.post(
        "/workbench/signin",
        data={"csrf_token": token.group(1), "key": key, "next": "/workbench/heatmap"},
    )


async def _key(store: GraphStore, role: Role) -> str:
    return (await bearer(store, role))["Authorization"].removeprefix("Bearer ")


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


async def _api(store: GraphStore, role: Role, query: str, variables: dict[str, Any]) -> Any:
    app = create_app(Settings(), store=store)
    async with client_for(app, await bearer(store, role)) as api:
        body = await graphql(api, query, variables)
    assert "errors" not in body, body
    return body["data"]


async def test_the_heatmap_opens_as_the_anonymous_reader_and_says_so(
    loaded_store: GraphStore,
) -> None:
    async with workbench(loaded_store) as client:
        home = await client.get("/workbench")
        page = await client.get("/workbench/heatmap")
    assert home.status_code == 303
    assert home.headers["location"] == "/workbench/heatmap"
    assert page.status_code == 200
    assert "Anonymous reader: published, unrestricted material only." in page.text
    assert "Sign in with an API key" in page.text
    policy = page.headers["content-security-policy"]
    assert "form-action 'self'" in policy
    assert "default-src 'self'" in policy
    # Everything the page loads comes from the service itself.
    for address in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert address.startswith(("/", "?", "#")), address


@pytest.mark.parametrize("role", [Role.READER, Role.ANALYST])
async def test_heatmap_and_trend_downloads_equal_the_apis_figures(
    loaded_store: GraphStore, role: Role
) -> None:
    filters = {"yearFrom": 2018, "yearTo": 2023}
    async with workbench(loaded_store, anonymous=False) as client:
        signed = await _sign_in(client, await _key(loaded_store, role))
        assert signed.status_code == 303, signed.text
        grid = _csv(await client.get("/workbench/heatmap.csv", params=filters))
        trend = _csv(
            await client.get("/workbench/trend.csv", params={**filters, "measure": "findings"})
        )
    answer = await _api(
        loaded_store,
        role,
        RECURRENCE,
        {"dimension": "PERENNIAL_ISSUE", "filter": filters},
    )
    issues = answer["recurringIssues"]
    assert [row["Code"] for row in grid] == [issue["code"] for issue in issues]
    assert issues, "the filters must leave something to compare"
    review_types = [h for h in grid[0] if h not in ("Code", "Name", "Total")] if grid else []
    names = {
        each["code"]: each["name"]
        for each in (await _api(loaded_store, role, "{ reviewTypes { code name } }", {}))[
            "reviewTypes"
        ]
    }
    for row, issue in zip(grid, issues, strict=True):
        assert int(row["Total"]) == issue["reviews"]
        by_type = {names[each["reviewType"]]: each["reviews"] for each in issue["byReviewType"]}
        assert {name: int(row[name]) for name in review_types if int(row[name])} == {
            name: n for name, n in by_type.items() if n
        }
    assert [row["Code"] for row in trend] == [issue["code"] for issue in issues]
    for row, issue in zip(trend, issues, strict=True):
        by_year = {str(each["year"]): each["findings"] for each in issue["byYear"] if each["year"]}
        assert {year: int(row[year]) for year in row if year.isdigit() and int(row[year])} == {
            year: n for year, n in by_year.items() if n
        }


async def test_a_readers_pages_never_show_a_restricted_review(
    loaded_store: GraphStore, generated_dataset: Path
) -> None:
    restricted = {
        review["review_id"]
        for review in read_rows(generated_dataset, "reviews")
        if str(review["restricted"]).lower() == "true"
    }
    assert restricted, "the generated dataset must hold restricted reviews"
    seen: dict[Role, str] = {}
    for role in (Role.READER, Role.ANALYST):
        async with workbench(loaded_store, anonymous=False) as client:
            await _sign_in(client, await _key(loaded_store, role))
            grid = _csv(await client.get("/workbench/heatmap.csv"))
            pages = []
            for row in grid:
                page = await client.get("/workbench/findings", params={"code": row["Code"]})
                assert page.status_code == 200, page.text
                pages.append(page.text)
                download = await client.get("/workbench/findings.csv", params={"code": row["Code"]})
                pages.append(download.text)
            seen[role] = "\n".join(pages)
    shown = {role: set(re.findall(r"\bR\d{6}\b", text)) for role, text in seen.items()}
    assert not shown[Role.READER] & restricted
    assert shown[Role.ANALYST] & restricted  # the same pages do show them to an analyst
    assert shown[Role.READER] < shown[Role.ANALYST]


async def test_signing_in_keeps_the_key_in_a_strict_http_only_cookie(
    loaded_store: GraphStore,
) -> None:
    key = await _key(loaded_store, Role.ANALYST)
    async with workbench(loaded_store, anonymous=False) as client:
        before = await client.get("/workbench/heatmap")
        assert before.status_code == 303
        assert before.headers["location"].startswith("/workbench/signin?")
        signed = await _sign_in(client, key)
        assert signed.status_code == 303
        assert signed.headers["location"] == "/workbench/heatmap"
        cookie = next(
            value
            for name, value in signed.headers.multi_items()
            if name == "set-cookie" and value.startswith("lgs_workbench=")
        )
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        assert "Path=/workbench" in cookie
        page = await client.get("/workbench/heatmap")
        assert page.status_code == 200
        assert "Signed in as" in page.text
        assert "(analyst)" in page.text
        assert key not in page.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        out = await client.post("/workbench/signout", data={"csrf_token": token.group(1)})
        assert out.status_code == 303
        after = await client.get("/workbench/heatmap")
        assert after.status_code == 303


async def test_forms_without_their_csrf_token_are_refused(loaded_store: GraphStore) -> None:
    key = await _key(loaded_store, Role.READER)
    async with workbench(loaded_store, anonymous=False) as client:
        await client.get("/workbench/signin")  # the token cookie, but no token in the form
        forged = await client.post("/workbench/signin", data={"key": key})
        wrong = await client.post("/workbench/signin", data={"key": key, "csrf_token": "x" * 43})
        assert forged.status_code == 403
        assert wrong.status_code == 403
        assert "lgs_workbench=" not in forged.headers.get("set-cookie", "")
        assert (await client.get("/workbench/heatmap")).status_code == 303
        await _sign_in(client, key)
        assert (await client.get("/workbench/heatmap")).status_code == 200
        signed_out = await client.post("/workbench/signout", data={})
        assert signed_out.status_code == 403
        assert (await client.get("/workbench/heatmap")).status_code == 200


async def test_a_wrong_key_is_refused_and_says_how_to_get_one(loaded_store: GraphStore) -> None:
    async with workbench(loaded_store, anonymous=False) as client:
        refused = await _sign_in(client, "lgs_notakey_0000")
    assert refused.status_code == 401
    assert "graph-service keys create" in refused.text
    assert "lgs_workbench=" not in refused.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"yearFrom": "20x1"}, "yearFrom '20x1' is not a year"),
        ({"yearFrom": "2022", "yearTo": "2020"}, "yearFrom 2022 is after yearTo 2020"),
        ({"dimension": "COLOUR"}, "dimension 'COLOUR' is not one of"),
        ({"forces": "NOWHERE"}, "forces: no such code NOWHERE"),
        ({"jurisdiction": "SCOTLAND"}, "jurisdiction 'SCOTLAND' is not one of"),
    ],
)
async def test_bad_filters_say_what_is_wrong(
    loaded_store: GraphStore, params: dict[str, str], says: str
) -> None:
    async with workbench(loaded_store) as client:
        page = await client.get("/workbench/heatmap", params=params)
        download = await client.get("/workbench/heatmap.csv", params=params)
    assert page.status_code == 400
    assert says in page.text.replace("&#39;", "'")
    assert download.status_code == 400
    assert says in download.text


async def test_the_pathway_shows_the_apis_open_loops(loaded_store: GraphStore) -> None:
    query = """query ($code: String!) { issuePathway(code: $code) {
      stages { findings recommendations practiceChanges outcomes }
      openRecommendations(first: 0) { totalCount } changesWithoutOutcome(first: 0) { totalCount }
    } }"""
    issues = (await _api(loaded_store, Role.READER, "{ perennialIssues { code } }", {}))[
        "perennialIssues"
    ]
    code = issues[0]["code"]
    answer = (await _api(loaded_store, Role.READER, query, {"code": code}))["issuePathway"]
    async with workbench(loaded_store) as client:
        page = await client.get("/workbench/pathway", params={"code": code})
        table = _csv(await client.get("/workbench/pathway.csv", params={"code": code}))
        unknown = await client.get("/workbench/pathway", params={"code": "NOPE"})
    assert page.status_code == 200
    assert f'id="open-recommendations">{answer["openRecommendations"]["totalCount"]}<' in page.text
    assert (
        f'id="changes-without-outcome">{answer["changesWithoutOutcome"]["totalCount"]}<'
        in page.text
    )
    counts = {row["Stage"]: int(row["Count"]) for row in table}
    assert counts["Findings"] == answer["stages"]["findings"]
    assert counts["Recommendations"] == answer["stages"]["recommendations"]
    assert counts["Practice changes"] == answer["stages"]["practiceChanges"]
    assert counts["Outcomes"] == answer["stages"]["outcomes"]
    assert unknown.status_code == 400
    assert "'NOPE' is not a perennial issue" in unknown.text.replace("&#39;", "'")


async def test_a_pathway_download_without_an_issue_says_to_name_one(
    loaded_store: GraphStore,
) -> None:
    async with workbench(loaded_store) as client:
        chooser = await client.get("/workbench/pathway")
        download = await client.get("/workbench/pathway.csv")
    assert chooser.status_code == 200
    assert 'id="code"' in chooser.text  # the page offers the issues to choose from
    assert download.status_code == 400
    assert "name it (code=...)" in download.text


async def test_a_review_page_shows_its_learning_and_a_restricted_one_only_to_analysts(
    loaded_store: GraphStore, generated_dataset: Path
) -> None:
    reviews = read_rows(generated_dataset, "reviews")
    restricted = next(r["review_id"] for r in reviews if str(r["restricted"]).lower() == "true")
    public = next(
        r["review_id"]
        for r in reviews
        if str(r["restricted"]).lower() != "true" and r["status"] == "published"
    )
    async with workbench(loaded_store) as client:
        shown = await client.get("/workbench/review", params={"id": public})
        hidden = await client.get("/workbench/review", params={"id": restricted})
        missing = await client.get("/workbench/review")
    assert shown.status_code == 200
    assert "Findings (" in shown.text
    assert "Recommendations and what became of them" in shown.text
    assert "Related reviews" in shown.text
    assert hidden.status_code == 404
    assert "No such review" in hidden.text
    assert restricted not in hidden.text.split("<main", 1)[1]
    assert missing.status_code == 400
    async with workbench(loaded_store, anonymous=False) as client:
        await _sign_in(client, await _key(loaded_store, Role.ANALYST))
        analyst = await client.get("/workbench/review", params={"id": restricted})
    assert "(restricted)" in analyst.text


async def test_the_force_page_shows_the_apis_overview(loaded_store: GraphStore) -> None:
    query = "query ($code: String!) { forceOverview(code: $code) { reviews } }"
    async with workbench(loaded_store) as client:
        chooser = await client.get("/workbench/force")
        codes = re.findall(r'<option value="([^"]+)"', chooser.text)
        assert codes
        pages = {
            code: await client.get("/workbench/force", params={"code": code}) for code in codes
        }
        unknown = await client.get("/workbench/force", params={"code": "NOWHERE"})
    busiest = None
    for code, page in pages.items():
        assert page.status_code == 200, page.text
        expected = (await _api(loaded_store, Role.READER, query, {"code": code}))["forceOverview"]
        assert f'id="force-reviews">{expected["reviews"]}<' in page.text
        if expected["reviews"]:
            busiest = code
    assert busiest is not None, "some force must have reviews"
    assert unknown.status_code == 400
    assert "force: no such code NOWHERE" in unknown.text


async def test_search_shows_the_apis_counts_by_kind(loaded_store: GraphStore) -> None:
    query = "query ($t: String!) { search(text: $t, first: 0) { totalCount } }"
    word = "safeguarding"
    expected = (await _api(loaded_store, Role.READER, query, {"t": word}))["search"]["totalCount"]
    async with workbench(loaded_store) as client:
        empty = await client.get("/workbench/search")
        page = await client.get("/workbench/search", params={"q": word})
        findings = await client.get("/workbench/search", params={"q": word, "kind": "FINDING"})
        wrong = await client.get("/workbench/search", params={"q": word, "kind": "MEMO"})
    assert empty.status_code == 200
    assert page.status_code == 200
    assert expected > 0, "the word must occur in the generated data"
    assert f"Everything ({expected})" in page.text
    count = re.search(r"Findings \((\d+)\)", findings.text)
    assert count
    assert f'id="hit-count">{count.group(1)} result' in findings.text
    assert wrong.status_code == 400


async def test_a_briefing_gives_the_apis_key_figures_for_its_period(
    loaded_store: GraphStore,
) -> None:
    query = (
        """query ($f: RecurrenceFilter) { recurringIssues(filter: $f) { code reviews findings } }"""
    )
    period = {"yearFrom": 2015, "yearTo": 2024}
    issues = (await _api(loaded_store, Role.READER, query, {"f": period}))["recurringIssues"]
    top = issues[0]
    async with workbench(loaded_store) as client:
        page = await client.get("/workbench/briefing", params={"code": top["code"], **period})
        table = _csv(
            await client.get("/workbench/briefing.csv", params={"code": top["code"], **period})
        )
        chooser = await client.get("/workbench/briefing")
        strand = await client.get("/workbench/briefing", params={"dimension": "STRAND"})
    assert page.status_code == 200, page.text
    figures = {row["Figure"]: row["Value"] for row in table}
    assert figures["Reviews raising it"] == str(top["reviews"])
    assert figures["Findings coded with it"] == str(top["findings"])
    assert f"<dd>{top['reviews']}</dd>" in page.text
    assert "What reviews found" in page.text
    assert "<blockquote>" in page.text
    assert chooser.status_code == 200
    assert strand.status_code == 400


async def test_a_form_larger_than_a_sign_in_form_is_refused_unread(
    loaded_store: GraphStore,
) -> None:
    async with workbench(loaded_store, anonymous=False) as client:
        big = await client.post(
            "/workbench/signin",
            content=b"key=" + b"x" * 20_000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        many = await client.post(
            "/workbench/signin",
            content="&".join(f"f{n}=1" for n in range(50)).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert big.status_code == 413
    assert "8,192 bytes" in big.text
    assert many.status_code == 403  # an empty form: it fails its CSRF check


async def test_guessing_keys_through_the_session_cookie_counts_as_failed_sign_ins(
    loaded_store: GraphStore,
) -> None:
    key = await _key(loaded_store, Role.READER)
    app = create_app(Settings(failed_auth_per_minute=3), store=loaded_store)
    # An address of its own: failed sign-ins are counted per address, for every test's app
    # over the same graph.
    address = (f"203.0.113.{uuid.uuid4().int % 250 + 1}", 40000)
    transport = httpx.ASGITransport(app=app, client=address)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        guesses = []
        for n in range(5):
            client.cookies.set("lgs_workbench", f"lgs_CCCCCCCCCC0{n}_{'z' * 43}", path="/workbench")
            guesses.append((await client.get("/workbench/heatmap")).status_code)
        client.cookies.set("lgs_workbench", key, path="/workbench")
        locked_out = await client.get("/workbench/heatmap")
    assert guesses[:3] == [303, 303, 303]  # to the sign-in page, each counted
    assert guesses[3:] == [429, 429]  # then refused before the cookie is checked
    assert locked_out.status_code == 429  # as /graphql refuses the address, valid key or not


async def test_a_strand_cell_opens_the_findings_it_counts(loaded_store: GraphStore) -> None:
    names = {
        each["name"]: each["code"]
        for each in (await _api(loaded_store, Role.READER, "{ reviewTypes { code name } }", {}))[
            "reviewTypes"
        ]
    }
    async with workbench(loaded_store) as client:
        plain = _csv(await client.get("/workbench/heatmap.csv", params={"dimension": "STRAND"}))
        strand = plain[0]["Code"]
        # Findings, not reviews: a review raising a strand may have no finding to list.
        params = {"dimension": "STRAND", "strands": strand, "measure": "findings"}
        grid = _csv(await client.get("/workbench/heatmap.csv", params=params))
        checked = 0
        for row in grid:
            for column, value in row.items():
                # A page lists 100 findings or so, then links to the next.
                if column in names and 0 < int(value) <= 100:
                    cell = {**params, "code": row["Code"], "reviewType": names[column]}
                    rows = _csv(await client.get("/workbench/findings.csv", params=cell))
                    assert len(rows) == int(value), cell
                    checked += 1
    assert checked > 1


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/workbench/heatmap", {"yearFrom": "²"}, 400, "is not a year"),
        ("/workbench/heatmap", {"yearFrom": "9" * 5000}, 400, "is not a year"),
        ("/workbench/pathway.svg", {}, 400, "name it (code=...)"),
        ("/workbench/findings", {"code": "X", "dimension": "STRAND"}, 400, "no such code X"),
        ("/workbench/findings", {"code": "X", "forces": "NOWHERE"}, 400, "no such code NOWHERE"),
    ],
)
async def test_odd_inputs_get_a_clear_refusal(
    loaded_store: GraphStore, path: str, params: dict[str, str], status: int, says: str
) -> None:
    async with workbench(loaded_store) as client:
        answer = await client.get(path, params=params)
    assert answer.status_code == status
    assert says in answer.text


async def test_the_sign_in_page_shows_only_its_own_sentences(loaded_store: GraphStore) -> None:
    async with workbench(loaded_store, anonymous=False) as client:
        planted = await client.get(
            "/workbench/signin", params={"reason": "Security notice: email your key to x"}
        )
        known = await client.get("/workbench/signin", params={"reason": "signed-out"})
        key = await _key(loaded_store, Role.READER)
        form = await client.get("/workbench/signin")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token
        dotted = await client.post(
            "/workbench/signin",
            data={"csrf_token": token.group(1), "key": key, "next": "/workbench/../graphql"},
        )
    assert "Security notice" not in planted.text
    assert "You are signed out." in known.text
    assert dotted.headers["location"] == "/workbench/heatmap"
    # Signing in gives the session a CSRF token of its own.
    renewed = [v for k, v in dotted.headers.multi_items() if k == "set-cookie"]
    assert any(v.startswith("lgs_workbench_csrf=") for v in renewed)
    assert not any(v.startswith(f"lgs_workbench_csrf={token.group(1)};") for v in renewed)


async def test_force_imr_search_and_briefing_chart_downloads(loaded_store: GraphStore) -> None:
    overview = """query ($code: String!) { forceOverview(code: $code) {
      imrMeanScores { criterionCode assessed } } }"""
    found = "query ($t: String!) { search(text: $t, first: 50) { nodes { id } } }"
    forces = (await _api(loaded_store, Role.ANALYST, "{ forces { code } }", {}))["forces"]
    scored = None
    for force in forces:
        answer = await _api(loaded_store, Role.ANALYST, overview, {"code": force["code"]})
        if answer["forceOverview"]["imrMeanScores"]:
            scored = (force["code"], answer["forceOverview"]["imrMeanScores"])
            break
    assert scored, "some force must have IMR scores"
    hits = (await _api(loaded_store, Role.READER, found, {"t": "safeguarding"}))["search"]
    issue = (await _api(loaded_store, Role.READER, "{ perennialIssues { code } }", {}))[
        "perennialIssues"
    ][0]["code"]
    async with workbench(loaded_store, anonymous=False) as client:
        await _sign_in(client, await _key(loaded_store, Role.ANALYST))
        imr = _csv(await client.get("/workbench/force-imr.csv", params={"code": scored[0]}))
    async with workbench(loaded_store) as client:
        search = _csv(await client.get("/workbench/search.csv", params={"q": "safeguarding"}))
        chart = await client.get("/workbench/briefing.svg", params={"code": issue})
        unnamed = await client.get("/workbench/search.csv")
    assert [(row["Criterion"], int(row["Assessed"])) for row in imr] == [
        (each["criterionCode"], each["assessed"]) for each in scored[1]
    ]
    assert [row["Id"] for row in search] == [hit["id"] for hit in hits["nodes"]]
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(chart.text)  # noqa: S314 (the service's own SVG)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert unnamed.status_code == 400
