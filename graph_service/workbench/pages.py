"""The workbench's routes: the heatmap of recurring issues, the findings behind a cell, an
issue's pathway, their CSV and SVG downloads, and signing in and out. Every figure comes from
the GraphQL schema, run for the page's viewer, so a page shows what its viewer may see."""

import csv
import io
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode

import strawberry
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from graph_service.api.assets import Assets
from graph_service.api.services import Services
from graph_service.config import Settings
from graph_service.errors import AuthenticationError, PageQueryError
from graph_service.workbench import oidc, queries, session, views
from graph_service.workbench.session import SignInRequiredError, Viewer

PATH = session.PATH
STATIC = f"{PATH}/static"
# Pages load scripts, styles and images from the service alone; forms post back to it; the
# PNG a chart is saved as is drawn from the page's own SVG (data: and blob: images).
POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Findings read per look at a cell: the query's page (50) times this many pages, at most.
FINDING_PAGES = 6

_assets = Assets.of_package(STATIC, package="graph_service.workbench")
_templates = Environment(
    loader=PackageLoader("graph_service.workbench", "templates"),
    autoescape=select_autoescape(("html", "svg")),
    trim_blocks=True,
    lstrip_blocks=True,
)


def workbench_router(schema: strawberry.Schema, settings: Settings) -> APIRouter:
    """The workbench pages, asking ``schema`` for their figures; signing in with the OpenID
    Connect provider too when ``settings`` name one."""
    router = APIRouter(prefix=PATH, include_in_schema=False)
    provider = oidc.Provider.from_settings(settings)

    def signin_form(request: Request, message: str, status: int = 200) -> Response:
        sign_in_with = provider.name if provider else None
        return _signin_form(request, message, status=status, sign_in_with=sign_in_with)

    async def ask(
        request: Request, viewer: Viewer, document: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        services: Services = request.app.state.services
        return await queries.run(schema, services, viewer.principal, document, variables)

    @router.get("")
    async def home() -> RedirectResponse:
        return RedirectResponse(f"{PATH}/heatmap", status_code=303)

    # Each view is a page, each table a CSV download, each chart an SVG one.
    for name in _VIEWS:
        router.add_api_route(f"/{name}", _serving(_page, name, ask), methods=["GET"])
    for name in _TABLES:
        router.add_api_route(f"/{name}.csv", _serving(_download, name, ask), methods=["GET"])
    for name in _CHARTS:
        router.add_api_route(f"/{name}.svg", _serving(_svg, name, ask), methods=["GET"])

    @router.get("/signin", response_model=None)
    async def signin_page(request: Request) -> Response:
        reason = request.query_params.get("reason", "")
        return signin_form(request, session.REASONS.get(reason, ""))

    @router.post("/signin", response_model=None)
    async def signin(request: Request) -> Response:
        form = await _form(request)
        if form is None:
            return _too_large()
        if not session.csrf_matches(request, _text(form.get(session.CSRF_FIELD))):
            return signin_form(request, _STALE_FORM, 403)
        try:
            await session.sign_in(request, _text(form.get("key")))
        except AuthenticationError as refused:
            return signin_form(request, refused.message, 401)
        # The key is kept, and each page authenticates it again (a revoked key is refused once
        # the verified-key cache lets it go, within GRAPH_SERVICE_KEY_CACHE_SECONDS).
        response = RedirectResponse(_back(_text(form.get("next"))), status_code=303)
        session.start_session(request, response, _text(form.get("key")))
        return response

    @router.post("/signout", response_model=None)
    async def signout(request: Request) -> Response:
        form = await _form(request)
        if form is None:
            return _too_large()
        if not session.csrf_matches(request, _text(form.get(session.CSRF_FIELD))):
            return signin_form(request, _STALE_FORM, 403)
        response = RedirectResponse(f"{PATH}/signin?reason=signed-out", status_code=303)
        session.end_session(response)
        return response

    if provider is not None:
        oidc.add_routes(router, provider, sign_in_page=signin_form, html=_html, back=_back)
    router.add_api_route("/static/{name:path}", _assets.serve, methods=["GET"])
    return router


_UNCHOSEN = "needs the page's choice: name it (code=...), or the words to search (q=...)"
_FORM_BYTES = 8_192  # a sign-in form holds a key, a token and a path
_FORM_FIELDS = 10
_STALE_FORM = "the form had expired or did not come from this page; try again"


class Ask(Protocol):
    """How a view asks the API a question, for the page's viewer."""

    async def __call__(
        self,
        request: Request,
        viewer: Viewer,
        document: str,
        variables: dict[str, Any] | None = None,
    ) -> dict[str, Any]: ...


type Serve = Callable[[Request, Viewer, str, Ask], Awaitable[Response]]


def _serving(serve: Serve, name: str, ask: Ask) -> Callable[[Request], Awaitable[Response]]:
    """The route answering one view, table or chart for the request's viewer; a question the
    API refuses is a 400 that says why."""

    async def route(request: Request) -> Response:
        try:
            viewer = await session.viewer(request)
        except SignInRequiredError as required:
            return _to_signin(request, required.reason)
        except session.BudgetSpentError as spent:
            return _spent(spent)
        try:
            return await serve(request, viewer, name, ask)
        except PageQueryError as refused:
            if serve is _page:
                values = {"error": refused.message, "viewer": viewer, "page": name}
                return _html(request, f"{name}.html", values, refused.status)
            return Response(
                refused.message + "\n", status_code=refused.status, media_type="text/plain"
            )

    return route


async def _page(request: Request, viewer: Viewer, name: str, ask: Ask) -> Response:
    values = await _VIEWS[name](request, viewer, ask)
    status = values.pop("status", 200)
    return _html(request, f"{name}.html", {**values, "viewer": viewer, "page": name}, status)


async def _download(request: Request, viewer: Viewer, name: str, ask: Ask) -> Response:
    view, key = _TABLES[name]
    values = await _VIEWS[view](request, viewer, ask)
    if key not in values:  # a page with nothing chosen yet
        raise PageQueryError(f"{name}.csv {_UNCHOSEN}")
    table: views.Table = values[key]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headings)
    writer.writerows([_cell(cell) for cell in row] for row in table.rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


async def _svg(request: Request, viewer: Viewer, name: str, ask: Ask) -> Response:
    values = await _VIEWS[name](request, viewer, ask)
    if "table" not in values:  # a page with nothing chosen yet
        raise PageQueryError(f"{name}.svg {_UNCHOSEN}")
    text = _templates.get_template(f"{name}.svg").render(**values)
    return Response(
        text,
        media_type="image/svg+xml",
        headers={"Content-Disposition": f'attachment; filename="{name}.svg"'},
    )


async def _heatmap_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    filters = views.Filters.parse(_query(request))
    taxonomies = await ask(request, viewer, queries.TAXONOMIES)
    _check_codes(filters.forces, taxonomies["forces"], "forces")
    _check_codes(filters.strands, taxonomies["strands"], "strands")
    answer = await ask(
        request,
        viewer,
        queries.RECURRENCE,
        {"dimension": filters.dimension, "filter": filters.recurrence_filter()},
    )
    grid = views.heatmap(answer["recurringIssues"], taxonomies["reviewTypes"], filters.measure)
    return {
        "filters": filters,
        "taxonomies": taxonomies,
        "grid": grid,
        "table": grid.table(filters),
        "trend": grid.trend_table(filters),
        "dimensions": views.DIMENSIONS,
        "measures": views.MEASURES,
        "jurisdictions": ["ENGLAND", "WALES", "ENGLAND_AND_WALES"],
        "query": _encoded(filters.query()),
        "cell_query": lambda code, review_type: _encoded(
            filters.query(code=code, reviewType=review_type)
        ),
    }


async def _findings_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    params = _query(request)
    filters = views.Filters.parse(params)
    code = views.one_value(params, "code")
    review_type = views.one_value(params, "reviewType")
    if not code:
        raise PageQueryError("name the code whose findings to show (code=...)")
    finding_filter: dict[str, Any] = {
        "yearFrom": filters.year_from,
        "yearTo": filters.year_to,
        "reviewTypes": [review_type] if review_type else None,
    }
    if filters.dimension in views.FINDING_CODES:
        finding_filter[views.FINDING_CODES[filters.dimension]] = [code]
    taxonomies = await ask(request, viewer, queries.TAXONOMIES)
    _check_codes(filters.forces, taxonomies["forces"], "forces")
    _check_codes(filters.strands, taxonomies["strands"], "strands")
    # A strand is the review's: the findings of every review, kept when the review has it
    # (and has one of the strands filtered on, if any).
    strand = None
    if filters.dimension == "STRAND":
        _check_codes((code,), taxonomies["strands"], "code")
        strand = code
    rows: list[views.FindingRow] = []
    after: str | None = views.one_value(params, "after") or None
    scanned = 0
    more = False
    for _ in range(FINDING_PAGES):
        answer = (
            await ask(request, viewer, queries.FINDINGS, {"filter": finding_filter, "after": after})
        )["findings"]
        scanned += len(answer["nodes"])
        rows += views.finding_rows(answer["nodes"], filters, strand=strand)
        more = answer["pageInfo"]["hasNextPage"]
        after = answer["pageInfo"]["endCursor"]
        if not more or len(rows) >= 100:
            break
    names = {
        t["code"]: t["name"]
        for t in (await ask(request, viewer, queries.TAXONOMIES))["reviewTypes"]
    }
    caption = f"Findings coded {code}" + (
        f" in {names.get(review_type, review_type)}" if review_type else ""
    )
    return {
        "filters": filters,
        "code": code,
        "review_type": review_type,
        "rows": rows,
        "table": views.findings_table(rows, caption),
        "scanned": scanned,
        "more": more,
        "next_query": _encoded(filters.query(code=code, reviewType=review_type, after=after))
        if more
        else "",
        "query": _encoded(filters.query(code=code, reviewType=review_type)),
        "back_query": _encoded(filters.query()),
    }


async def _pathway_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    params = _query(request)
    code = views.one_value(params, "code")
    taxonomies = await ask(request, viewer, queries.TAXONOMIES)
    issues = taxonomies["perennialIssues"]
    if not code:
        return {"issues": issues, "code": "", "pathway": None}
    if code not in {issue["code"] for issue in issues}:
        raise PageQueryError(
            f"{code!r} is not a perennial issue; choose one of "
            + ", ".join(issue["code"] for issue in issues)
        )
    answer = (await ask(request, viewer, queries.PATHWAY, {"code": code}))["issuePathway"]
    flow = views.pathway(answer)
    today = datetime.now(UTC).date()
    open_table = views.open_recommendations_table(
        answer["openRecommendations"]["nodes"],
        today,
        f"Open recommendations on {code} (no practice change yet)",
    )
    return {
        "issues": issues,
        "code": code,
        "pathway": flow,
        "table": flow.table(),
        "open_table": open_table,
        "open_more": answer["openRecommendations"]["pageInfo"]["hasNextPage"],
        "query": _encoded([("code", code)]),
    }


async def _review_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    review_id = views.one_value(_query(request), "id")
    if not review_id:
        raise PageQueryError("name the review (id=...)")
    review = (await ask(request, viewer, queries.REVIEW, {"id": review_id}))["review"]
    if review is None:  # unknown, or not the viewer's to see: the same answer either way
        return {"review": None, "related": [], "status": 404}
    related = await ask(request, viewer, queries.RELATED, {"id": review_id})
    return {"review": review, "related": related["relatedReviews"]["nodes"]}


async def _force_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    code = views.one_value(_query(request), "code")
    taxonomies = await ask(request, viewer, queries.TAXONOMIES)
    if not code:
        return {"forces": taxonomies["forces"], "code": "", "overview": None}
    _check_codes((code,), taxonomies["forces"], "force")
    answer = await ask(request, viewer, queries.FORCE, {"code": code, "forces": [code]})
    issues = answer["recurringIssues"][:10]
    return {
        "forces": taxonomies["forces"],
        "code": code,
        "overview": answer["forceOverview"],
        "issues": issues,
        "reviews": answer["reviews"],
        "table": views.Table(
            caption=f"Recurring issues in {code}",
            headings=["Code", "Name", "Reviews", "Findings"],
            rows=[[i["code"], i["name"], i["reviews"], i["findings"]] for i in issues],
        ),
        "imr_table": views.Table(
            caption=f"Mean score of the IMRs of {code}, by criterion",
            headings=["Criterion", "Name", "Assessed", "Mean"],
            rows=[
                [
                    each["criterionCode"],
                    (each["criterion"] or {}).get("name"),
                    each["assessed"],
                    round(each["mean"], 2),
                ]
                for each in answer["forceOverview"]["imrMeanScores"]
            ],
        ),
        "query": _encoded([("code", code)]),
    }


async def _search_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    params = _query(request)
    text = views.one_value(params, "q")
    kind = views.one_value(params, "kind") or None
    if kind is not None and kind not in views.SEARCH_KINDS:
        raise PageQueryError(f"kind {kind!r} is not one of {', '.join(views.SEARCH_KINDS)}")
    if not text:
        return {"text": "", "kind": kind, "hits": None, "kinds": views.SEARCH_KINDS}
    answer = await ask(
        request, viewer, queries.SEARCH, {"text": text, "kinds": [kind] if kind else None}
    )
    facets = {
        "REVIEW": answer["reviewHits"]["totalCount"],
        "FINDING": answer["findingHits"]["totalCount"],
        "RECOMMENDATION": answer["recommendationHits"]["totalCount"],
        "PRACTICE_CHANGE": answer["changeHits"]["totalCount"],
    }
    return {
        "table": views.search_table(answer["search"]["nodes"], text),
        "query": _encoded([("q", text), ("kind", kind or "")]),
        "text": text,
        "kind": kind,
        "hits": answer["search"],
        "facets": facets,
        "kinds": views.SEARCH_KINDS,
        "facet_query": lambda chosen: _encoded([("q", text), ("kind", chosen or "")]),
    }


async def _briefing_view(request: Request, viewer: Viewer, ask: Ask) -> dict[str, Any]:
    params = _query(request)
    filters = views.Filters.parse(params)
    if filters.dimension not in views.BRIEFING_DIMENSIONS:
        raise PageQueryError("a briefing is on a perennial issue or a theme (dimension=...)")
    code = views.one_value(params, "code")
    taxonomies = await ask(request, viewer, queries.TAXONOMIES)
    choices = {"PERENNIAL_ISSUE": taxonomies["perennialIssues"], "THEME": taxonomies["themes"]}
    values: dict[str, Any] = {"filters": filters, "code": code, "choices": choices}
    if not code:
        return {**values, "briefing": None}
    names = {each["code"]: each["name"] for each in choices[filters.dimension]}
    if code not in names:
        raise PageQueryError(
            f"{code!r} is not a {views.DIMENSIONS[filters.dimension].lower()[:-1]} code; "
            f"choose one of {', '.join(sorted(names))}"
        )
    period = {"yearFrom": filters.year_from, "yearTo": filters.year_to}
    finding_filter = {**period, views.FINDING_CODES[filters.dimension]: [code]}
    answer = await ask(
        request,
        viewer,
        queries.BRIEFING,
        {"dimension": filters.dimension, "filter": period, "findings": finding_filter},
    )
    flow = None
    if filters.dimension == "PERENNIAL_ISSUE":
        flow = views.pathway(
            (await ask(request, viewer, queries.PATHWAY, {"code": code}))["issuePathway"]
        )
    briefing = views.briefing(
        code,
        names[code],
        answer["recurringIssues"],
        taxonomies["reviewTypes"],
        answer["findings"],
        flow,
    )
    return {
        **values,
        "briefing": briefing,
        "pathway": flow,
        "table": briefing.table(),
        "query": _encoded(filters.query(code=code)),
    }


_VIEWS = {
    "heatmap": _heatmap_view,
    "findings": _findings_view,
    "pathway": _pathway_view,
    "review": _review_view,
    "force": _force_view,
    "search": _search_view,
    "briefing": _briefing_view,
}
_CHARTS = ("heatmap", "pathway", "briefing")
# Each download: the view that builds it and the table of the view's values it is.
_TABLES = {
    "heatmap": ("heatmap", "table"),
    "trend": ("heatmap", "trend"),
    "findings": ("findings", "table"),
    "pathway": ("pathway", "table"),
    "open-recommendations": ("pathway", "open_table"),
    "force-issues": ("force", "table"),
    "force-imr": ("force", "imr_table"),
    "search": ("search", "table"),
    "briefing": ("briefing", "table"),
}


def _check_codes(codes: tuple[str, ...], known: list[dict[str, Any]], name: str) -> None:
    unknown = sorted(set(codes) - {each["code"] for each in known})
    if unknown:
        raise PageQueryError(f"{name}: no such code {', '.join(unknown)}")


def _spent(spent: session.BudgetSpentError) -> Response:
    return Response(
        f"Too many requests: {spent}\n",
        status_code=429,
        media_type="text/plain",
        headers={"Retry-After": str(max(1, round(spent.wait_s)))},
    )


def _signin_form(
    request: Request, message: str, *, status: int = 200, sign_in_with: str | None = None
) -> Response:
    return _html(
        request,
        "signin.html",
        {
            "message": message,
            "next": _back(request.query_params.get("next", "")),
            "viewer": None,
            "page": "signin",
            "sign_in_with": sign_in_with,
        },
        status,
    )


def _to_signin(request: Request, reason: str) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(
        f"{PATH}/signin?" + _encoded([("reason", reason), ("next", target)]), status_code=303
    )
    session.end_session(response)
    return response


def _html(request: Request, template: str, values: dict[str, Any], status: int = 200) -> Response:
    token = session.csrf_token(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    text = _templates.get_template(template).render(
        **values,
        csrf_field=session.CSRF_FIELD,
        csrf_token=token,
        asset=_assets.url,
        root=PATH,
        here=here,
    )
    response = HTMLResponse(text, status_code=status, headers={"Content-Security-Policy": POLICY})
    session.keep_csrf(request, response)
    return response


def _back(target: str) -> str:
    """Where to go after signing in: a workbench path only, never another site, nor (through
    dot segments, plain or encoded) another path of this one."""
    path = target.split("?", 1)[0]
    unsafe = "\\" in target or ".." in path or "%2e" in path.lower() or "%2f" in path.lower()
    if target.startswith(PATH + "/") and not target.startswith("//") and not unsafe:
        return target
    return f"{PATH}/heatmap"


def _query(request: Request) -> Mapping[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        found.setdefault(name, []).append(value)
    return found


def _encoded(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs)


# A text cell a spreadsheet would read as a formula: kept as text by a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | int | float | None) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _too_large() -> Response:
    return Response(
        f"The form is larger than the {_FORM_BYTES:,} bytes a sign-in form can be.\n",
        status_code=413,
        media_type="text/plain",
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


async def _form(request: Request) -> dict[str, str] | None:
    """A posted form's fields; None when the body is larger than a page's form can be (read
    no further than that). The pages' forms are URL-encoded and small: anything else is an
    empty form, which fails its CSRF check."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return {}
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > _FORM_BYTES:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _FORM_BYTES:
            return None
    try:
        fields = parse_qs(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=_FORM_FIELDS
        )
    except ValueError:  # more fields than any of the pages' forms has
        return {}
    return {name: values[-1] for name, values in fields.items()}
