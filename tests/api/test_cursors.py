"""A cursor the service did not issue is BAD_USER_INPUT naming the argument, whatever it holds
and whichever list it is given to: never a statement error or an internal one."""

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graph_service.domain.access import Role
from graph_service.store import GraphStore
from tests.api.conftest import graphql, signed_in

# Each list taking a cursor: how to ask for one page after ``$after``, and the order its own
# cursors name (search's cursors are checked with search).
LISTS = {
    "reviews": ("reviews(after: $after) { edges { cursor } }", "PUBLISHED_DESC"),
    "findings": ("findings(after: $after) { edges { cursor } }", "ID_ASC"),
    "recommendations": ("recommendations(after: $after) { edges { cursor } }", "ID_ASC"),
    "practiceChanges": ("practiceChanges(after: $after) { edges { cursor } }", "ID_ASC"),
    "outcomes": ("outcomes(after: $after) { edges { cursor } }", "ID_ASC"),
    "agencies": ("agencies(after: $after) { edges { cursor } }", "NAME_ASC"),
    "imrAssessments": ("imrAssessments(after: $after) { edges { cursor } }", "ID_ASC"),
    "briefings": ("briefings(after: $after) { edges { cursor } }", "PUBLISHED_DESC"),
    "resources": ("resources(after: $after) { edges { cursor } }", "SHARED_DESC"),
    "governanceRecords": ("governanceRecords(after: $after) { edges { cursor } }", "RECORDED_DESC"),
    "loadRuns": ("loadRuns(after: $after) { edges { cursor } }", "STARTED_DESC"),
    "auditLog": ("auditLog(after: $after) { edges { cursor } }", "at"),
    "issueCoOccurrence": ("issueCoOccurrence(after: $after) { edges { cursor } }", "LIFT"),
    "repeatedRecommendations": (
        "repeatedRecommendations(minReviews: 1, after: $after) { edges { cursor } }",
        "REVIEWS",
    ),
    "relatedReviews": (
        'relatedReviews(id: "R000001", after: $after) { edges { cursor } }',
        "related:R000001",
    ),
    "openRecommendations": (
        'issuePathway(code: "INFORMATION_SHARING") { openRecommendations(after: $after) '
        "{ edges { cursor } } }",
        "ID_ASC",
    ),
    "changesWithoutOutcome": (
        'issuePathway(code: "INFORMATION_SHARING") { changesWithoutOutcome(after: $after) '
        "{ edges { cursor } } }",
        "ID_ASC",
    ),
}

# Sort keys and ids no cursor of the service holds.
FORGED_KEYS = {
    "superscript two": "²",
    "10,000 digits": "9" * 10_000,
    "negative": "-1",
    "empty": "",
    "a word": "later",
    "a number as text": "1e309",
    "arabic-indic digits": "١٢",
}


def _cursor(order: str, key: str, id_: str = "R000001") -> str:
    text = json.dumps([order, key, id_], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
async def admin(loaded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(loaded_store, Role.ADMIN) as client:
        yield client


async def _page_after(client: httpx.AsyncClient, field: str, after: str) -> dict[str, Any]:
    selection, _ = LISTS[field]
    return await graphql(client, f"query ($after: String) {{ {selection} }}", {"after": after})


def _refused_as_input(body: dict[str, Any]) -> None:
    errors = body.get("errors") or []
    assert errors, body
    assert {e["extensions"]["code"] for e in errors} == {"BAD_USER_INPUT"}, body
    assert all("after" in e["message"] for e in errors), body


@pytest.mark.parametrize("field", ["issueCoOccurrence", "repeatedRecommendations"])
@pytest.mark.parametrize("key", ["superscript two", "10,000 digits", "arabic-indic digits"])
async def test_a_ranking_cursor_holding_no_position_is_bad_user_input(
    admin: httpx.AsyncClient, field: str, key: str
) -> None:
    _, order = LISTS[field]
    _refused_as_input(await _page_after(admin, field, _cursor(order, FORGED_KEYS[key])))


@pytest.mark.parametrize("field", LISTS)
async def test_no_forged_cursor_fails_inside_the_service(
    admin: httpx.AsyncClient, field: str
) -> None:
    """Keys of the right order may be data (a keyset list compares them); they never fail."""
    _, order = LISTS[field]
    forged = [_cursor(order, key) for key in FORGED_KEYS.values()]
    forged += [_cursor(order, "1", "²" * 1_000), _cursor(order, "1", "")]
    for after in forged:
        body = await _page_after(admin, field, after)
        codes = {e["extensions"]["code"] for e in body.get("errors") or []}
        assert codes <= {"BAD_USER_INPUT"}, (after, body)


GARBAGE = {
    "not base64": "%%%",
    "base64 of nothing": "",
    "base64 of text": base64.urlsafe_b64encode(b"hello").decode(),
    "a JSON object": base64.urlsafe_b64encode(b'{"a": 1}').decode(),
    "four parts": _cursor("ID_ASC", "1").rstrip("=") + "AAAA",
    "numbers": base64.urlsafe_b64encode(b"[1, 2, 3]").decode(),
    "NUL": _cursor("ID_ASC", "\x00"),
    "very long": "A" * 50_000,
}


@pytest.mark.parametrize("field", LISTS)
async def test_text_that_is_no_cursor_is_bad_user_input(
    admin: httpx.AsyncClient, field: str
) -> None:
    for after in GARBAGE.values():
        _refused_as_input(await _page_after(admin, field, after))
