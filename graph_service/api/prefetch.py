"""Reading a root field's selected relationships in one statement, before its resolvers ask.

A root field that returns entities (``review(id:)``, ``reviews(...)``) looks at its own
selection, finds the relationship fields in it (and theirs, as deep as it goes), and has the
repository read them all in one composed statement. The rows go into the request's
DataLoaders, where the relationship fields' resolvers find them: the resolvers and their
answers stay exactly as they are, only the number of statements changes.
"""

from collections.abc import Callable, Iterable, Sequence

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from graph_service.api.info import Info

# GraphQL type -> its fields backed by a relationship statement (lists and their counts).
RELATION_FIELDS: dict[str, dict[str, str]] = {
    "Review": {
        "forces": "review_forces",
        "strands": "review_strands",
        "agencies": "review_agencies",
        "agencyCount": "review_agencies",
        "partnership": "review_partnerships",
        "relatedReviews": "review_related",
        "relatedReviewCount": "review_related",
        "findings": "review_findings",
        "findingCount": "review_findings",
        "recommendations": "review_recommendations",
        "recommendationCount": "review_recommendations",
        "imrAssessments": "review_imr_assessments",
        "imrAssessmentCount": "review_imr_assessments",
        "citedBy": "review_briefings",
        "citedByCount": "review_briefings",
    },
    "Finding": {
        "perennialIssues": "finding_issues",
        "themes": "finding_themes",
        "systemsFactors": "finding_factors",
        "agencies": "finding_agencies",
        "agencyCount": "finding_agencies",
        "recommendations": "finding_recommendations",
        "recommendationCount": "finding_recommendations",
        "briefings": "finding_briefings",
        "briefingCount": "finding_briefings",
    },
    "Recommendation": {
        "findings": "recommendation_findings",
        "findingCount": "recommendation_findings",
        "directedTo": "recommendation_agencies",
        "directedToCount": "recommendation_agencies",
        "practiceChanges": "recommendation_changes",
        "practiceChangeCount": "recommendation_changes",
    },
    "PracticeChange": {
        "implements": "change_recommendations",
        "implementsCount": "change_recommendations",
        "informedBy": "change_briefings",
        "informedByCount": "change_briefings",
        "outcomes": "change_outcomes",
        "outcomeCount": "change_outcomes",
    },
    "ImrAssessment": {"scores": "imr_scores"},
    "Briefing": {
        "issues": "briefing_issues",
        "themes": "briefing_themes",
        "findings": "briefing_findings",
        "findingCount": "briefing_findings",
        "reviews": "briefing_reviews",
        "reviewCount": "briefing_reviews",
    },
    "Resource": {"issues": "resource_issues", "themes": "resource_themes"},
}
Tree = dict[str, "Tree"]


def selected_relations(
    type_name: str, selections: Iterable[Selection], item_type: Callable[[str], str | None]
) -> Tree:
    """The relationship fields selected on ``type_name``, each with those under its items,
    whose GraphQL type ``item_type`` gives (None for a list of codes).

    Fragments are merged in. A field that ``@skip``/``@include`` leaves out is left out, and
    nothing is read under a list asked for with ``first: 0``: the statement reads only what
    the answer can show."""
    tree: Tree = {}
    fields = RELATION_FIELDS.get(type_name, {})
    for selection in selections:
        if not _included(selection):
            continue
        if isinstance(selection, FragmentSpread | InlineFragment):
            _merge(tree, selected_relations(type_name, selection.selections, item_type))
            continue
        relation = fields.get(selection.name)
        if relation is None:
            continue
        items = item_type(relation)
        shown = selection.arguments.get("first") != 0
        below = (
            selected_relations(items, selection.selections, item_type) if items and shown else {}
        )
        _merge(tree.setdefault(relation, {}), below)
    return tree


def _included(selection: Selection) -> bool:
    """False for a selection ``@skip(if: true)`` or ``@include(if: false)`` leaves out."""
    directives = selection.directives
    if directives.get("skip", {}).get("if") is True:
        return False
    return directives.get("include", {}).get("if") is not False


def page_items(selections: Iterable[Selection]) -> list[Selection]:
    """The selections on a connection's items: under ``nodes`` and ``edges { node }``."""
    items: list[Selection] = []
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            items += page_items(selection.selections)
        elif selection.name == "nodes":
            items += selection.selections
        elif selection.name == "edges":
            for edge in _fields(selection.selections):
                if edge.name == "node":
                    items += edge.selections
    return items


async def prefetch(
    info: Info, kind: str, type_name: str, ids: Sequence[str], selections: Iterable[Selection]
) -> None:
    """Reads the roots ``ids`` of ``kind`` with the relationships selected under them in one
    statement, and primes the request's loaders with what it read. Does nothing when no
    relationship is selected that one statement can read."""
    context = info.context
    trees = context.services.trees
    if trees is None:
        return
    tree = trees.composable(kind, selected_relations(type_name, selections, trees.item_label))
    if not tree or not ids:
        return
    read = await trees.read(kind, ids, tree, context.visibility)
    context.entity(kind).prime_many({id_: read.found.get(id_) for id_ in ids})
    for relation, rows in read.related.items():
        context.relation(relation).prime_many(rows)


def _fields(selections: Iterable[Selection]) -> list[SelectedField]:
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            found += _fields(selection.selections)
        else:
            found.append(selection)
    return found


def _merge(into: Tree, other: Tree) -> None:
    for name, children in other.items():
        _merge(into.setdefault(name, {}), children)
