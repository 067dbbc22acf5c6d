"""Query syntax, parameter names, control characters, very long and unusual text in every
string argument: each is data. The answer is a normal one, null, NOT_FOUND or BAD_USER_INPUT,
never an internal or statement error; the graph is the same afterwards; and a reader never
gets restricted material out of it."""

import asyncio
from typing import Any

import httpx
import pytest

from graph_service.domain.access import Role
from graph_service.domain.paging import Cursor
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.recording import recorded
from tests.security.conftest import (
    Restricted,
    bearer,
    client,
    codes,
    graph_facts,
    issue,
    mentioned_ids,
    post,
    running,
)

ALLOWED = frozenset({"BAD_USER_INPUT", "NOT_FOUND"})
NONE: frozenset[str] = frozenset()

PAYLOADS = {
    "quote or true": "' OR 1=1 //",
    "close the pattern and delete": '"}) MATCH (n) DETACH DELETE n //',
    "parameter name": "$includeRestricted",
    "escaped quote": '\\" OR true OR \\"',
    "comment": "*/ MATCH (n) SET n.restricted = false /*",
    "union": "x' UNION MATCH (r:Review) RETURN r.id AS id //",
    "parameter header": "CYPHER includeRestricted=true includeImr=true RETURN 1",
    "unicode": "Révïew ✓ 漢字 😀 \u202e\u0301\u200d \U0001f469\u200d\U0001f52c",
    "line breaks and tabs": "R000001\n\r\t' OR 1=1",
    "very long": "R" * 20_000,
}

LOOKUPS = """
query ($v: ID!) {
  review(id: $v) { id } finding(id: $v) { id } recommendation(id: $v) { id }
  practiceChange(id: $v) { id } outcome(id: $v) { id } agency(id: $v) { id }
  partnership(id: $v) { id } imrAssessment(id: $v) { id } briefing(id: $v) { id }
  resource(id: $v) { id }
}
"""
ID_FILTERS = """
query ($v: ID!) {
  reviews(filter: {agencies: [$v]}) { totalCount nodes { id } }
  findings(filter: {reviews: [$v], agencies: [$v]}) { totalCount nodes { id } }
  recommendations(filter: {reviews: [$v], directedTo: [$v]}) { totalCount nodes { id } }
  practiceChanges(filter: {agencies: [$v]}) { totalCount nodes { id } }
  outcomes(filter: {practiceChanges: [$v]}) { totalCount nodes { id } }
  imrAssessments(filter: {reviews: [$v], agencies: [$v]}) { totalCount nodes { id } }
}
"""
_CODE_FILTERS = {
    "reviews": ["reviewTypes", "forces", "sectors", "strands", "perennialIssues", "themes"],
    "findings": ["reviewTypes", "perennialIssues", "themes", "systemsFactors", "sectors"],
    "recommendations": ["reviewTypes", "sectors", "perennialIssues"],
    "practiceChanges": ["perennialIssues"],
    "agencies": ["sectors"],
    "imrAssessments": ["reviewTypes"],
    "briefings": ["perennialIssues", "themes"],
    "resources": ["sharedBy", "perennialIssues", "themes"],
    "governanceRecords": ["forces"],
}
_CURSORS = [
    "reviews(after: $v)",
    "reviews(before: $v, last: 5)",
    "findings(after: $v)",
    "recommendations(after: $v)",
    "practiceChanges(after: $v)",
    "outcomes(after: $v)",
    "imrAssessments(after: $v)",
    "briefings(after: $v)",
    'search(text: "call handler", after: $v)',
    "relatedReviews(id: $public, after: $v)",
    "issueCoOccurrence(after: $v)",
    "repeatedRecommendations(after: $v)",
]


def _refused_one_by_one() -> list[str]:
    """Requests of one field each whose argument names nothing: an unknown code, id or
    cursor, each to be refused. (One field each: the first refusal of a non-null field
    ends a request, so the next field would go unchecked.)"""
    texts = [
        f"query ($v: String!) {{ {field}(filter: {{{key}: [$v]}}) {{ totalCount }} }}"
        for field, keys in _CODE_FILTERS.items()
        for key in keys
    ]
    texts += [
        f"query ($v: String!) {{ recurringIssues(filter: {{{key}: [$v]}}) {{ code }} }}"
        for key in ("reviewTypes", "forces", "strands")
    ]
    texts += [
        f"query ($v: String!) {{ imrQuality(filter: {{{key}: [$v]}}) {{ key }} }}"
        for key in ("reviewTypes", "forces")
    ]
    texts += [
        "query ($v: String!) { issuePathway(code: $v) { code } }",
        "query ($v: String!) { issueCoOccurrence(issue: $v) { totalCount } }",
        "query ($v: String!) { forceOverview(code: $v) { code reviews } }",
        "query ($v: ID!) { reviewLearning(id: $v) { review { id } } }",
        "query ($v: ID!) { relatedReviews(id: $v) { totalCount nodes { review { id } } } }",
    ]
    texts += [
        f"query ($v: String!, $public: ID!) {{ {field} {{ totalCount }} }}" for field in _CURSORS
    ]
    return texts


SEARCH = """
query ($v: String!) {
  search(text: $v, first: 100) {
    totalCount nodes { kind id review { id } finding { id } recommendation { id } }
  }
}
"""
FORGED = """
query ($reviews: String!, $title: String!, $byId: String!) {
  a0: reviews(after: $reviews, first: 30) { nodes { id } }
  a1: reviews(orderBy: TITLE_ASC, before: $title, last: 30) { nodes { id } }
  a2: findings(after: $byId, first: 30) { nodes { id review { id } } }
  a3: imrAssessments(after: $byId) { totalCount nodes { id } }
}
"""
AUDIT = """
query ($v: String!) {
  byAction: auditLog(filter: {action: $v}) { totalCount }
  byActor: auditLog(filter: {actor: $v}) { totalCount }
}
"""
LOAD_RUN = "query ($v: ID!) { loadRun(id: $v) { id } }"
AUDIT_CURSOR = "query ($v: String!) { auditLog(after: $v) { totalCount } }"
CREATE = """
mutation ($v: String!) { createApiKey(name: $v, role: READER) { key { keyId name role } } }
"""
REVOKE = "mutation ($v: ID!) { revokeApiKey(keyId: $v) { keyId } }"
KEYS = "{ apiKeys { keyId name role revokedAt } }"
COUNT = "{ reviews(first: 0) { totalCount } imrAssessments(first: 0) { totalCount } }"


def _problems(
    what: str,
    response: httpx.Response,
    hidden: Restricted | None,
    allowed: frozenset[str],
    sent: str,
) -> list[str]:
    """What is wrong with one answer: its status, an error code not allowed, or, for a
    reader, a restricted id the caller did not send (a refusal may quote the argument)."""
    if response.status_code != 200:
        return [f"{what}: HTTP {response.status_code}"]
    found = [f"{what}: {code}" for code in codes(response.json()) if code not in allowed]
    if hidden is not None and (leaked := hidden.leaked(response.text) - mentioned_ids(sent)):
        found.append(f"{what}: a reader got {sorted(leaked)[:3]}")
    return found


def _data(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    data: dict[str, Any] | None = body.get("data")
    return data or {}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
async def test_every_string_argument_takes_injection_as_data(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    restricted: Restricted,
    payload: str,
) -> None:
    store = analytics_store
    public = sorted(set(analytics_dataset.reviews) - restricted.reviews)
    before = await graph_facts(store)
    keys = {role: await issue(store, role) for role in Role}
    problems: list[str] = []
    async with running(store) as app:
        callers = {role: client(app, bearer(key)) for role, key in keys.items()}
        reader, analyst, admin = (callers[role] for role in Role)
        async with reader, analyst, admin:
            revoked_before = {
                k["keyId"]: k["revokedAt"] for k in _data(await post(admin, KEYS))["apiKeys"]
            }

            async def ask(
                what: str,
                http: httpx.AsyncClient,
                text: str,
                variables: dict[str, Any],
                allowed: frozenset[str] = ALLOWED,
                refusals: int | None = None,
            ) -> dict[str, Any]:
                """Asks, noting what is wrong; ``refusals``: how many errors must come back."""
                response = await post(http, text, variables)
                hidden = restricted if http is reader else None
                problems.extend(_problems(what, response, hidden, allowed, payload))
                refused = codes(response.json()) if response.status_code == 200 else []
                if refusals is not None and len(refused) != refusals:
                    problems.append(f"{what}: {len(refused)} refusals, not {refusals}")
                return _data(response)

            # Lookups by id: null, never an error.
            found = await ask("lookups", reader, LOOKUPS, {"v": payload}, NONE)
            if any(value is not None for value in found.values()):
                problems.append(f"lookups: found {found}")
            found = await ask("loadRun", analyst, LOAD_RUN, {"v": payload}, NONE)
            if found.get("loadRun") is not None:
                problems.append("loadRun: found one")

            # Id filters match nothing, for a reader and for an analyst.
            for who, http in (("reader", reader), ("analyst", analyst)):
                found = await ask(f"id filters ({who})", http, ID_FILTERS, {"v": payload}, NONE)
                if any(listed["totalCount"] for listed in found.values()):
                    problems.append(f"id filters ({who}): matched {found}")

            # Unknown codes, ids and cursors: each refused.
            variables = {"v": payload, "public": public[0]}
            refused = await asyncio.gather(
                *(post(reader, text, variables) for text in _refused_one_by_one())
            )
            for text, response in zip(_refused_one_by_one(), refused, strict=True):
                what = text.partition("{ ")[2][:60]
                problems.extend(_problems(what, response, restricted, ALLOWED, payload))
                if response.status_code == 200 and len(codes(response.json())) != 1:
                    problems.append(f"{what}: not refused")
            await ask("search", reader, SEARCH, {"v": payload})
            await ask("audit cursor", admin, AUDIT_CURSOR, {"v": payload}, refusals=1)
            forged = {
                "reviews": Cursor("PUBLISHED_DESC", payload, payload).encode(),
                "title": Cursor("TITLE_ASC", payload, payload).encode(),
                "byId": Cursor("ID_ASC", payload, payload).encode(),
            }
            found = await ask("forged cursors", reader, FORGED, forged, NONE)
            if found and found["a3"] != {"totalCount": 0, "nodes": []}:
                problems.append(f"forged cursors: IMR assessments {found['a3']}")

            # Admin arguments: filters match nothing, a key name is kept as given.
            found = await ask("audit filters", admin, AUDIT, {"v": payload}, NONE)
            if found and (found["byAction"]["totalCount"] or found["byActor"]["totalCount"]):
                problems.append(f"audit filters: matched {found}")
            created = await ask("createApiKey", admin, CREATE, {"v": payload})
            if created:
                made = created["createApiKey"]["key"]
                if (made["name"], made["role"]) != (payload.strip(), "READER"):
                    problems.append(f"createApiKey: stored {made}")
            await ask("revokeApiKey", admin, REVOKE, {"v": payload}, refusals=1)

            listed = _data(await post(admin, KEYS))["apiKeys"]
            counted = _data(await post(analyst, COUNT))
    revoked_after = {k["keyId"]: k["revokedAt"] for k in listed}
    assert problems == []
    assert {k: v for k, v in revoked_after.items() if k in revoked_before} == revoked_before
    assert all(v is None for k, v in revoked_after.items() if k not in revoked_before)
    assert counted == {
        "reviews": {"totalCount": len(analytics_dataset.reviews)},
        "imrAssessments": {"totalCount": len(analytics_dataset.imr_assessments)},
    }
    assert await graph_facts(store) == before


async def test_search_syntax_and_control_text_never_reach_restricted_material(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    """Search text that would widen a full-text query (wildcards, OR, field names) still
    finds only public material for a reader, while the same words find restricted material
    for an analyst."""
    hidden_title = analytics_dataset.reviews[sorted(restricted.reviews)[0]].title
    texts = [
        f"{hidden_title} | *",
        f"@title:({hidden_title})",
        f"{hidden_title}* OR restricted:true",
        f"({hidden_title}) -public ~fuzzy%",
    ]
    async with running(analytics_store) as app:
        reader_key = await issue(analytics_store, Role.READER)
        analyst_key = await issue(analytics_store, Role.ANALYST)
        async with (
            client(app, bearer(reader_key)) as reader,
            client(app, bearer(analyst_key)) as analyst,
        ):
            read = [await post(reader, SEARCH, {"v": text}) for text in texts]
            seen = [await post(analyst, SEARCH, {"v": text}) for text in texts]
    for text, response in zip(texts, read, strict=True):
        assert response.status_code == 200
        assert set(codes(response.json())) <= ALLOWED, (text, response.json())
        assert restricted.leaked(response.text) == set(), text
    assert any(restricted.leaked(response.text) for response in seen)


PAGE_AFTER = "query ($after: String) { reviews(first: 1, after: $after) { totalCount } }"


@pytest.mark.parametrize(
    "unstorable", ["R000001\0' OR 1=1 //", "R\ud800"], ids=["nul", "lone surrogate"]
)
async def test_text_no_store_can_hold_is_refused_before_any_statement(
    analytics_store: GraphStore, unstorable: str
) -> None:
    reader = await issue(analytics_store, Role.READER)
    async with running(analytics_store) as app, client(app, bearer(reader)) as http:
        with recorded(analytics_store) as ran:
            by_variable = (
                await post(http, "query ($v: ID!) { review(id: $v) { id } }", {"v": unstorable})
            ).json()
            by_literal = (await post(http, '{ review(id: "R\\u0000") { id } }')).json()
            # The same document again: its scan is kept, and refuses it again.
            again = (await post(http, '{ review(id: "R\\u0000") { id } }')).json()
            forged = Cursor("PUBLISHED_DESC", unstorable, unstorable).encode()
            by_cursor = (await post(http, PAGE_AFTER, {"after": forged})).json()
    assert codes(by_variable) == ["BAD_USER_INPUT"]
    assert by_variable["errors"][0]["message"].startswith("$v: holds a NUL character")
    assert codes(by_literal) == ["BAD_USER_INPUT"]
    assert by_literal["errors"][0]["message"].startswith("argument id: holds a NUL character")
    assert again == by_literal
    assert codes(by_cursor) == ["BAD_USER_INPUT"]
    assert "not a cursor this service issued" in by_cursor["errors"][0]["message"]
    # Checking the key, which the next requests find kept: nothing else.
    assert ran == ["keys/key_by_id"]


async def test_a_key_name_with_a_nul_creates_nothing(analytics_store: GraphStore) -> None:
    admin = await issue(analytics_store, Role.ADMIN)
    keys = "{ apiKeys { name } }"
    async with running(analytics_store) as app, client(app, bearer(admin)) as http:
        before = (await post(http, keys)).json()["data"]["apiKeys"]
        body = (await post(http, CREATE, {"v": "etl\0"})).json()
        after = (await post(http, keys)).json()["data"]["apiKeys"]
    assert codes(body) == ["BAD_USER_INPUT"]
    assert after == before
