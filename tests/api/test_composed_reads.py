"""A root field reads the relationships it selects in one composed statement, and answers
exactly what one statement per relationship field answers, for every role."""

import re
from typing import Any

import pytest

from graph_service.config import Settings
from graph_service.domain.access import Role
from graph_service.repository.entities import CODE_RELATIONS, RELATION_KINDS
from graph_service.repository.trees import MAX_DEPTH, MAX_RELATIONS, TreeComposer, TreeRepository
from graph_service.store import GraphStore
from graph_service.store.catalogue import DIALECTS, StatementCatalogue
from tests.api.conftest import graphql, signed_in
from tests.recording import recorded

REVIEW_FIELDS = """
  id title restricted
  forces { code } strands { code }
  agencies(first: 3) { id name } agencyCount
  partnership { id name }
  relatedReviews(first: 2) { id } relatedReviewCount
  findings(first: 4) {
    id text perennialIssues { code } themes { code } systemsFactors { factor { code } effect }
    agencies(first: 2) { id } agencyCount
    recommendations(first: 2) { id status } recommendationCount
    briefings(first: 2) { id } briefingCount
  }
  findingCount
  recommendations(first: 4) {
    id findings(first: 2) { id } findingCount directedTo(first: 2) { id } directedToCount
    practiceChanges(first: 2) {
      id implements(first: 2) { id } implementsCount informedBy(first: 2) { id } informedByCount
      outcomes(first: 2) { id direction } outcomeCount
    }
    practiceChangeCount
  }
  recommendationCount
  imrAssessments(first: 2) { id scores { criterion { code } score } } imrAssessmentCount
  citedBy(first: 2) {
    id findings(first: 2) { id } findingCount reviews(first: 2) { id } reviewCount
  }
  citedByCount
"""
# Every relationship field of every entity type, from each root field that lists them.
QUERIES = [
    "{ reviews(first: 10) { nodes {" + REVIEW_FIELDS + "} } }",
    "{ reviews(first: 10, orderBy: ID_ASC) { edges { node { ...R } } } } "
    "fragment R on Review {" + REVIEW_FIELDS + "}",
    "{ findings(first: 10) { nodes { id perennialIssues { code } themes { code }"
    " systemsFactors { effect } recommendations(first: 5) { id practiceChanges(first: 5) { id } }"
    " } } }",
    "{ recommendations(first: 10) { nodes { id findings(first: 5) { id themes { code } }"
    " practiceChanges(first: 5) { id outcomes(first: 5) { id } } } } }",
    "{ practiceChanges(first: 10) { nodes { id"
    " implements(first: 5) { id findings(first: 5) { id } }"
    " informedBy(first: 5) { id } outcomes(first: 5) { id } } } }",
    "{ briefings(first: 10) { nodes { id issues { code } themes { code }"
    " findings(first: 5) { id perennialIssues { code } } reviews(first: 5) { id findingCount } }"
    " } }",
    "{ resources(first: 10) { nodes { id issues { code } themes { code } } } }",
    "{ imrAssessments(first: 10) { nodes { id scores { score } } } }",
]
BY_ID = (
    """
query ($review: ID!, $finding: ID!, $recommendation: ID!, $change: ID!, $briefing: ID!) {
  review(id: $review) {"""
    + REVIEW_FIELDS
    + """}
  again: review(id: $review) { id findings(first: 5) { id } }
  finding(id: $finding) {
    id themes { code } recommendations(first: 5) { id findings(first: 5) { id } }
  }
  recommendation(id: $recommendation) {
    id practiceChanges(first: 5) { id outcomes(first: 5) { id } }
  }
  practiceChange(id: $change) { id implements(first: 5) { id } outcomes(first: 5) { id } }
  briefing(id: $briefing) { id findings(first: 5) { id } reviews(first: 5) { id } }
}
"""
)
ROLES = [Role.READER, Role.ANALYST]


async def _answers(store: GraphStore, role: Role, compose: bool) -> list[dict[str, Any]]:
    settings = Settings(compose_reads=compose)
    answers = []
    async with signed_in(store, role, settings) as client:
        for query in QUERIES:
            answers.append(await graphql(client, query))
        answers.append(await graphql(client, BY_ID, await _ids(client)))
    for answer in answers:
        assert "errors" not in answer, answer
    return answers


async def _ids(client: Any) -> dict[str, str]:
    """Ids of entities whose relationships hold something, as the caller sees them."""
    body = await graphql(
        client,
        "{ reviews(first: 10) { nodes { id findings(first: 1) { id }"
        " recommendations(first: 5) { id practiceChanges(first: 1) { id } }"
        " } } briefings(first: 30) { nodes { id findingCount } } }",
    )
    assert "errors" not in body, body
    reviews = body["data"]["reviews"]["nodes"]
    review = next(r for r in reviews if any(rec["practiceChanges"] for rec in r["recommendations"]))
    recommendation = next(rec for rec in review["recommendations"] if rec["practiceChanges"])
    briefings = body["data"]["briefings"]["nodes"]
    return {
        "review": review["id"],
        "finding": review["findings"][0]["id"],
        "recommendation": recommendation["id"],
        "change": recommendation["practiceChanges"][0]["id"],
        "briefing": max(briefings, key=lambda b: b["findingCount"])["id"],
    }


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value)
async def test_composed_reads_answer_what_one_statement_per_field_answers(
    loaded_store: GraphStore, role: Role
) -> None:
    composed = await _answers(loaded_store, role, compose=True)
    separate = await _answers(loaded_store, role, compose=False)
    assert composed == separate
    reviews = composed[0]["data"]["reviews"]["nodes"]
    assert any(review["findings"] for review in reviews)
    if role is Role.READER:
        assert not any(review["restricted"] for review in reviews)


async def test_a_review_page_is_one_statement_whatever_it_selects(
    loaded_store: GraphStore,
) -> None:
    async with signed_in(loaded_store, Role.ANALYST) as client:
        ids = await _ids(client)
        query = "query ($id: ID!) { review(id: $id) {" + REVIEW_FIELDS + "} }"
        await graphql(client, query, {"id": ids["review"]})  # the key and taxonomies are kept
        with recorded(loaded_store) as names:
            body = await graphql(client, query, {"id": ids["review"]})
    assert body["data"]["review"]["recommendations"], body
    composed = [name for name in names if name.startswith("entities/composed_")]
    assert len(composed) == 1, names
    # Only the relationships composition leaves to their own statement run besides it: the
    # related reviews' own look-ups are none of them here.
    assert [name for name in names if name not in composed] == [], names


async def test_a_list_reads_its_page_then_every_selected_relationship_at_once(
    loaded_store: GraphStore,
) -> None:
    async with signed_in(loaded_store, Role.READER) as client:
        await graphql(client, QUERIES[0])
        with recorded(loaded_store) as names:
            body = await graphql(client, QUERIES[0])
    assert "errors" not in body, body
    assert names[0] == "entities/reviews"
    assert [name.startswith("entities/composed_") for name in names[1:]] == [True], names


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_relationship_statement_of_the_plain_shape_composes(dialect: str) -> None:
    """A relationship statement edited out of the plain shape would silently cost its own
    statement again: the two that are not plain are named here."""
    composer = TreeComposer(StatementCatalogue.load(dialect))
    own_statement = {"force_governance_records", "group_members"}
    assert composer.relations() == {*RELATION_KINDS, *CODE_RELATIONS} - own_statement


def _wide(levels: int) -> str:
    """A review page reaching every relationship from every entity, ``levels`` deep, each
    list asked for with ``first: $z``: cheap by the cost estimate when $z is 0 or 1."""
    page = "(first: $z)"
    fragments = []
    for level in range(1, levels + 1):

        def under(name: str, level: int = level) -> str:
            return "{ id }" if level == levels else f"{{ ...{name}{level + 1} }}"

        fragments += [
            f"fragment R{level} on Review {{ relatedReviews{page} {under('R')}"
            f" citedBy{page} {under('B')} findings{page} {under('F')}"
            f" recommendations{page} {under('C')} agencyCount forces {{ code }} }}",
            f"fragment B{level} on Briefing {{ reviews{page} {under('R')}"
            f" findings{page} {under('F')} issues {{ code }} }}",
            f"fragment F{level} on Finding {{ recommendations{page} {under('C')}"
            f" briefings{page} {under('B')} themes {{ code }} }}",
            f"fragment C{level} on Recommendation {{ findings{page} {under('F')}"
            f" practiceChanges{page} {under('P')} }}",
            f"fragment P{level} on PracticeChange {{ implements{page} {under('C')}"
            f" informedBy{page} {under('B')} }}",
        ]
    text = "query ($id: ID!, $z: Int!) { review(id: $id) { ...R1 } } " + " ".join(fragments)
    used = {"R1"}
    while True:  # only the fragments reached, as GraphQL requires
        found = used | {
            name
            for fragment in fragments
            for name in re.findall(r"\.\.\.(\w+)", fragment)
            if fragment.split()[1] in used
        }
        if found == used:
            break
        used = found
    head = text.split(" fragment ")[0]
    return head + " " + " ".join(f for f in fragments if f.split()[1] in used)


def _composed_texts(store: GraphStore, names: list[str]) -> list[str]:
    return [
        _body(store.catalogue.get(name).text)
        for name in names
        if name.startswith("entities/composed_")
    ]


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))


@pytest.mark.parametrize("page", [0, 1])
async def test_a_deep_wide_selection_composes_a_bounded_statement(
    loaded_store: GraphStore, page: int
) -> None:
    """However deep and wide the selection, one statement reads at most MAX_RELATIONS
    relations, MAX_DEPTH levels down, and under a list asked for with first: 0 nothing."""
    query = _wide(6)
    async with signed_in(loaded_store, Role.READER) as client:
        ids = await _ids(client)
        with recorded(loaded_store) as names:
            composed = await graphql(client, query, {"id": ids["review"], "z": page})
    async with signed_in(loaded_store, Role.READER, Settings(compose_reads=False)) as client:
        separate = await graphql(client, query, {"id": ids["review"], "z": page})
    assert "errors" not in composed, composed
    assert composed == separate
    (text,) = _composed_texts(loaded_store, names)
    # The bounds as documented, written out: a change to them must be deliberate.
    assert (MAX_RELATIONS, MAX_DEPTH) == (24, 3)
    assert 0 < text.count("OPTIONAL MATCH") <= 24
    assert _levels(text) <= 3
    if page == 0:  # only the review's own relationships, for their counts
        assert not re.search(r"OPTIONAL MATCH \(x\d+\)", text), text


async def test_a_field_left_out_by_a_directive_is_not_read(loaded_store: GraphStore) -> None:
    query = (
        "query ($id: ID!, $no: Boolean!) { review(id: $id) { id"
        " findings(first: 3) @skip(if: true) { id }"
        " recommendations(first: 3) @include(if: $no) { id }"
        " forces { code } } }"
    )
    async with signed_in(loaded_store, Role.READER) as client:
        ids = await _ids(client)
        with recorded(loaded_store) as names:
            body = await graphql(client, query, {"id": ids["review"], "no": False})
    assert "errors" not in body, body
    (text,) = _composed_texts(loaded_store, names)
    assert ":IN_FORCE_AREA]" in text
    assert ":IDENTIFIES]" not in text
    assert ":MAKES]" not in text


async def test_the_least_recently_used_shapes_are_forgotten(
    loaded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TreeRepository, "KEPT", 2)
    shapes = [
        "query ($id: ID!) { review(id: $id) { id forces { code } } }",
        "query ($id: ID!) { review(id: $id) { id strands { code } } }",
        "query ($id: ID!) { review(id: $id) { id findingCount } }",
    ]
    async with signed_in(loaded_store, Role.READER) as client:
        ids = await _ids(client)
        before = {n for n in loaded_store.catalogue.names() if "composed_" in n}
        answers = [await graphql(client, query, {"id": ids["review"]}) for query in shapes]
        again = await graphql(client, shapes[0], {"id": ids["review"]})
        kept = {n for n in loaded_store.catalogue.names() if "composed_" in n} - before
    assert again == answers[0]
    assert all("errors" not in answer for answer in answers), answers
    assert len(kept) <= 2


def _levels(text: str) -> int:
    """How deep the composed relations go: each level matches from the item above it."""
    parents = {"n": 0}
    for parent, number in re.findall(r"^OPTIONAL MATCH \((\w+)\)\S*?\(x(\d+):", text, re.MULTILINE):
        parents[f"x{number}"] = parents[parent] + 1
    return max(parents.values())
