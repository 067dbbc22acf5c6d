"""Entity IRIs that resolve: ``GET /id/<kind>/<id>`` answers what the JSON-LD export says of
that entity, as JSON-LD or, for a browser, as a small page whose links are the IRIs it names.

Behind the gate (it guards the prefix): the caller's role decides what it sees, and anything
it may not see answers exactly as an id that does not exist, 404. Taxonomy IRIs
(``/id/force/<code>``, ...) answer with the code's name and definition from the reference
data, which is public.
"""

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse, JSONResponse, Response

from graph_service.api.accept import negotiate
from graph_service.api.errors import UNAVAILABLE_MESSAGE, refusal
from graph_service.api.services import Services
from graph_service.domain.access import Principal
from graph_service.domain.reference import Entry
from graph_service.domain.text import unstorable
from graph_service.domain.visibility import Visibility
from graph_service.errors import StoreUnavailableError
from graph_service.exchange.jsonld import (
    ADDRESSES,
    ID_PATH,
    MEDIA_TYPE,
    Iris,
    Node,
    context,
    document,
    node,
)
from graph_service.exchange.links import BY_NAME, LINKS, TAXONOMIES
from graph_service.repository.export import ExportRepository
from graph_service.services.reference_cache import ReferenceCache

log = logging.getLogger(__name__)

IRI_PREFIX = ID_PATH
HTML = "text/html"
# In order of preference when the client likes several equally (as */* does).
OFFERED = (MEDIA_TYPE, "application/json", HTML)
# The page loads nothing, runs nothing, posts nothing and is never framed.
PAGE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

# Each taxonomy's codes, by the name its IRIs use.
_Reader = Callable[[ReferenceCache], Awaitable[Sequence[Entry]]]
_READERS: dict[str, _Reader] = {
    "review_types": lambda cache: cache.review_types(),
    "forces": lambda cache: cache.forces(),
    "strands": lambda cache: cache.strands(),
    "perennial_issues": lambda cache: cache.perennial_issues(),
    "themes": lambda cache: cache.themes(),
    "systems_factors": lambda cache: cache.systems_factors(),
    "sectors": lambda cache: cache.agency_sectors(),
    "imr_criteria": lambda cache: cache.imr_criteria(),
}
_TAXONOMY_BY_NAME = {name: taxonomy for taxonomy, (name, _) in TAXONOMIES.items()}
KIND_NAMES = (*BY_NAME, *_TAXONOMY_BY_NAME)
# Fields whose values are IRIs, on an entity or on the nodes qualifying its links.
_LINK_FIELDS = frozenset(link.field for links in LINKS.values() for link in links)

_templates = Environment(
    loader=PackageLoader("graph_service.api", "templates"),
    autoescape=select_autoescape(("html",)),
    trim_blocks=True,
    lstrip_blocks=True,
)


def iri_router(iri_base: str) -> APIRouter:
    """``/id/...`` for the IRIs under ``iri_base`` (settings.public_url)."""
    iris = Iris(iri_base)
    context_ = context(iris)
    router = APIRouter(include_in_schema=False)

    @router.get(IRI_PREFIX + "{kind}/{key:path}", response_model=None)
    async def resolve(request: Request, kind: str, key: str) -> Response:
        chosen = negotiate(request.headers.get("accept"), OFFERED)
        if chosen is None:
            return _varied(
                refusal(406, "NOT_ACCEPTABLE", f"an IRI answers as {', '.join(OFFERED)}")
            )
        if kind not in KIND_NAMES:
            return _not_found(
                chosen, f"no kind of entity is called {kind!r}; IRIs name {', '.join(KIND_NAMES)}"
            )
        principal: Principal = request.state.principal
        services: Services = request.app.state.services
        try:
            found = await _look_up(services, iris, kind, key, principal.visibility)
        except StoreUnavailableError as unavailable:
            log.warning("cannot resolve an IRI: %s", unavailable.message)
            return _varied(refusal(503, unavailable.code, UNAVAILABLE_MESSAGE))
        if found is None:
            # The same answer whether it does not exist or the caller may not see it.
            return _not_found(chosen, f"there is no {kind} at this IRI that you may see")
        if chosen == HTML:
            return _varied(
                HTMLResponse(page(found, iris), headers={"Content-Security-Policy": PAGE_POLICY})
            )
        return _varied(JSONResponse(document(found, context_), media_type=chosen))

    return router


async def _look_up(
    services: Services, iris: Iris, kind: str, key: str, visibility: Visibility
) -> Node | None:
    if unstorable(key):
        return None  # no id holds it, and no statement could carry it
    if kind in BY_NAME:
        stem = BY_NAME[kind].stem
        rows = await ExportRepository(services.store).rows(stem, [key], visibility)
        row = rows.get(key)
        return None if row is None else node(stem, row, iris)
    taxonomy = _TAXONOMY_BY_NAME[kind]
    for entry in await _READERS[taxonomy](services.taxonomies):
        if entry.code == key:
            return code_node(taxonomy, entry, iris)
    return None


def code_node(taxonomy: str, entry: Entry, iris: Iris) -> Node:
    """A taxonomy code as a node: its IRI, its taxonomy's label as type, its name."""
    found: Node = {
        "@id": iris.code(taxonomy, entry.code),
        "@type": TAXONOMIES[taxonomy][1],
        "identifier": entry.code,
        "name": entry.name,
    }
    if entry.definition:
        found["definition"] = entry.definition
    return found


@dataclass(frozen=True)
class Shown:
    """One value on the page: text, a link to another IRI, or a link out of the service."""

    text: str
    href: str | None = None
    note: str | None = None
    external: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    values: list[Shown]


def page(found: Node, iris: Iris) -> str:
    """The node as a page: its fields, and the IRIs it names as links to them."""
    fields = [
        Field(name.replace("_", " "), [_shown(name, item, iris) for item in _listed(value)])
        for name, value in found.items()
        if not name.startswith("@") and name != "identifier"
    ]
    label = str(found["@type"])
    heading = str(found.get("title") or found.get("name") or f"{label} {found['identifier']}")
    return _templates.get_template("entity.html").render(
        heading=heading,
        kind=label,
        identifier=found["identifier"],
        iri=found["@id"],
        fields=fields,
    )


def _not_found(chosen: str, message: str) -> Response:
    if chosen == HTML:
        text = _templates.get_template("entity.html").render(heading="Not found", message=message)
        return _varied(
            HTMLResponse(text, status_code=404, headers={"Content-Security-Policy": PAGE_POLICY})
        )
    return _varied(refusal(404, "NOT_FOUND", message))


def _varied(response: Response) -> Response:
    response.headers["Vary"] = "Accept"
    return response


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _shown(field: str, value: Any, iris: Iris) -> Shown:
    if isinstance(value, Mapping):  # an IMR score, or how a link is qualified
        target = str(value.get("criterion") or value.get("target"))
        note = value.get("score", value.get("effect"))
        return Shown(_short(target, iris), href=target, note=str(note))
    if field in _LINK_FIELDS:
        return Shown(_short(str(value), iris), href=str(value))
    if field in ADDRESSES and str(value).startswith(("https://", "http://")):
        return Shown(str(value), href=str(value), external=True)
    if isinstance(value, bool):
        return Shown("yes" if value else "no")
    return Shown(str(value))


def _short(iri: str, iris: Iris) -> str:
    """``force/metropolitan`` for ``<base>/id/force/metropolitan``."""
    return unquote(iri.removeprefix(iris.base + ID_PATH))
