"""Entity IRIs resolve: every node of a JSON-LD export answers at its IRI with the same node,
as JSON-LD or as a page, and what a caller may not see answers as if it did not exist.

Callers sign in with tokens, not API keys: a key would be a node written into the session's
loaded graph, which the round-trip test compares with its copy.
"""

import json
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from graph_service.api.accept import negotiate
from graph_service.api.app import create_app
from graph_service.api.iris import OFFERED, PAGE_POLICY, page
from graph_service.config import Settings, load_settings
from graph_service.domain.access import Role
from graph_service.domain.visibility import EVERYTHING
from graph_service.errors import ConfigError
from graph_service.exchange.jsonld import Iris
from graph_service.repository.export import ImportRow
from graph_service.services.exporting import ExportService
from graph_service.store import GraphStore
from tests.api.conftest import client_for
from tests.auth.conftest import SigningKey, claims, oidc_settings, write_jwks

BASE = "https://graph.example.org/learning"
IRIS = Iris(BASE)
LD_JSON = {"Accept": "application/ld+json"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


Caller = Callable[[Role], AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, SigningKey]:
    """Settings naming the IRIs' base and accepting tokens of a key made for these tests."""
    signer = SigningKey(rsa.generate_private_key(65537, 2048), "iris-1", "RS256")
    jwks = write_jwks(tmp_path_factory.mktemp("iris") / "jwks.json", signer)
    return oidc_settings(jwks, public_url=BASE, rate_limit_per_minute=0), signer


@pytest.fixture
def signed_in(loaded_store: GraphStore, settings: tuple[Settings, SigningKey]) -> Caller:
    """A client of the API over the loaded graph, sending a token with the role given."""
    configured, signer = settings

    @asynccontextmanager
    async def as_role(role: Role) -> AsyncIterator[httpx.AsyncClient]:
        token = signer.sign(claims(roles=[role.value]))
        app = create_app(configured, store=loaded_store)
        async with client_for(app, {"Authorization": f"Bearer {token}"}) as client:
            yield client

    return as_role


def path(iri: str) -> str:
    assert iri.startswith(f"{BASE}/id/"), iri
    return iri.removeprefix(BASE)


async def exported(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/export", params={"format": "jsonld"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    assert 'filename="learning-graph.jsonld"' in response.headers["content-disposition"]
    document: dict[str, Any] = response.json()
    return document


async def rows(store: GraphStore) -> dict[str, list[ImportRow]]:
    found: dict[str, list[ImportRow]] = defaultdict(list)
    async for stem, batch in ExportService(store).batches(EVERYTHING):
        found[stem].extend(batch)
    return found


async def test_every_iri_of_an_export_resolves_to_the_same_node(signed_in: Caller) -> None:
    async with signed_in(Role.ANALYST) as analyst:
        document = await exported(analyst)
        nodes = document["@graph"]
        assert len(nodes) > 1_000
        for node in nodes:
            response = await analyst.get(path(node["@id"]), headers=LD_JSON)
            assert response.status_code == 200, (node["@id"], response.text)
            assert response.json() == {"@context": document["@context"], **node}


async def test_an_iri_answers_in_the_representation_asked_for(
    loaded_store: GraphStore, signed_in: Caller
) -> None:
    review = (await rows(loaded_store))["reviews"][0]
    iri = IRIS.entity("reviews", review["review_id"])
    async with signed_in(Role.ANALYST) as analyst:
        as_jsonld = await analyst.get(path(iri), headers=LD_JSON)
        as_json = await analyst.get(path(iri), headers={"Accept": "application/json"})
        anything = await analyst.get(path(iri), headers={"Accept": "*/*"})
        as_page = await analyst.get(path(iri), headers=BROWSER)
        refused = await analyst.get(path(iri), headers={"Accept": "text/plain"})
        none_liked = await analyst.get(
            path(iri), headers={"Accept": "application/ld+json;q=0, text/*;q=0, image/png"}
        )
    for response in (as_jsonld, as_json, anything, as_page, refused, none_liked):
        assert response.headers["vary"] == "Accept"
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    assert as_json.headers["content-type"].startswith("application/json")
    assert anything.headers["content-type"].startswith("application/ld+json")
    node = as_jsonld.json()
    assert node["@id"] == iri
    assert node["@type"] == "Review"
    assert as_json.json() == node == anything.json()

    assert as_page.status_code == 200
    assert as_page.headers["content-type"].startswith("text/html")
    assert as_page.headers["content-security-policy"] == PAGE_POLICY
    links = _hrefs(as_page.text)
    named = [
        value
        for field in ("force_ids", "agency_ids", "strands", "related_review_ids", "review_type")
        for value in _listed(node.get(field, []))
    ]
    assert named
    assert set(named) <= links
    assert iri in links
    assert "<script" not in as_page.text

    for response in (refused, none_liked):
        assert response.status_code == 406
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


async def test_what_a_reader_may_not_see_answers_as_an_unknown_id(
    loaded_store: GraphStore, signed_in: Caller
) -> None:
    everything = await rows(loaded_store)
    review = next(row for row in everything["reviews"] if row["restricted"])
    hidden = {
        "review": review["review_id"],
        "finding": next(
            row["finding_id"]
            for row in everything["findings"]
            if row["review_id"] == review["review_id"]
        ),
        "recommendation": next(
            row["recommendation_id"]
            for row in everything["recommendations"]
            if row["review_id"] == review["review_id"]
        ),
        "imr-assessment": everything["imr_assessments"][0]["assessment_id"],
    }
    async with signed_in(Role.READER) as reader:
        for kind, hidden_id in hidden.items():
            for accept in (LD_JSON, BROWSER):
                refused = await reader.get(f"/id/{kind}/{hidden_id}", headers=accept)
                unknown = await reader.get(f"/id/{kind}/no-such-{kind}", headers=accept)
                assert refused.status_code == unknown.status_code == 404, kind
                assert refused.text == unknown.text, kind
                assert hidden_id not in refused.text
                assert refused.headers["content-type"] == unknown.headers["content-type"]
        document = await exported(reader)
    text = json.dumps(document)
    assert review["review_id"] not in {node["identifier"] for node in document["@graph"]}
    assert IRIS.entity("reviews", review["review_id"]) not in text
    assert IRIS.entity("findings", hidden["finding"]) not in text
    assert not [node for node in document["@graph"] if node["@type"] == "ImrAssessment"]

    async with signed_in(Role.ANALYST) as analyst:
        for kind, hidden_id in hidden.items():
            seen = await analyst.get(f"/id/{kind}/{hidden_id}", headers=LD_JSON)
            assert seen.status_code == 200, kind
            assert seen.json()["identifier"] == hidden_id


async def test_an_unknown_kind_is_404_naming_the_kinds(signed_in: Caller) -> None:
    async with signed_in(Role.READER) as reader:
        response = await reader.get("/id/reviews/R-1", headers=LD_JSON)
    assert response.status_code == 404
    message = response.json()["errors"][0]["message"]
    for name in ("'reviews'", "review", "governance-record", "practice-change", "force", "theme"):
        assert name in message


async def test_a_taxonomy_code_answers_with_its_name(
    loaded_store: GraphStore, signed_in: Caller
) -> None:
    review = next(row for row in (await rows(loaded_store))["reviews"] if row.get("force_ids"))
    force = review["force_ids"][0]
    async with signed_in(Role.READER) as reader:
        found = await reader.get(path(IRIS.code("forces", force)), headers=LD_JSON)
        missing = await reader.get("/id/force/no-such-force", headers=LD_JSON)
    assert found.status_code == 200
    node = found.json()
    assert node["@id"] == IRIS.code("forces", force)
    assert node["@type"] == "Force"
    assert node["identifier"] == force
    assert node["name"]
    assert missing.status_code == 404


async def test_an_iri_needs_a_credential(
    loaded_store: GraphStore, settings: tuple[Settings, SigningKey]
) -> None:
    async with client_for(create_app(settings[0], store=loaded_store)) as nobody:
        response = await nobody.get("/id/review/anything", headers=LD_JSON)
    assert response.status_code == 401


def test_the_page_escapes_what_it_shows() -> None:
    node = {
        "@id": IRIS.entity("reviews", "R-1"),
        "@type": "Review",
        "identifier": "R-1",
        "title": "<script>alert(1)</script>",
        "summary": 'a "quoted" & <b>bold</b> claim',
        "source_url": 'https://example.org/"><script>x</script>',
        "force_ids": [IRIS.code("forces", "a/b")],
    }
    text = page(node, IRIS)
    assert "<script" not in text
    assert "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert f'href="{BASE}/id/force/a%2Fb"' in text
    assert ">force/a/b</a>" in text


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/ld+json"),
        ("*/*", "application/ld+json"),
        ("application/json", "application/json"),
        ("application/*", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("application/json;q=0.5, text/html;q=0.4", "application/json"),
        ("text/*;q=0.1, application/ld+json;q=0", "text/html"),
        ("*/*;q=0.5, application/ld+json;q=0", "application/json"),
        ("text/plain", None),
        ("application/ld+json;q=0", None),
        ("nonsense, */*;q=abc", "application/ld+json"),
        ("", "application/ld+json"),
        (
            'application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded"',
            "application/ld+json",
        ),
    ],
)
def test_negotiation_follows_the_accept_header(accept: str | None, chosen: str | None) -> None:
    assert negotiate(accept, OFFERED) == chosen


def test_the_public_url_is_a_base_for_iris() -> None:
    assert Settings().public_url == "http://localhost:8000"
    assert load_settings(public_url="https://graph.example.org/lg/").public_url == (
        "https://graph.example.org/lg"
    )
    for wrong in ("graph.example.org", "ftp://graph.example.org", "https://g.org/?a=1"):
        with pytest.raises(ConfigError, match="GRAPH_SERVICE_PUBLIC_URL"):
            load_settings(public_url=wrong)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link"):
            self.hrefs.update(value for name, value in attrs if name == "href" and value)


def _hrefs(html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
