"""The cost limit: refuse, before it runs, a query that could resolve too many objects.

The cost of a query is an upper bound of the objects it resolves: every field counts once per
parent object, and a list multiplies what it holds by the most items it can return: the page
size asked for (or its default) where it takes ``first``/``last``, else the bound
:mod:`graph_service.api.bounds` names for it, which its resolver keeps to. Depth, alias and
token limits catch other abuse; the request time limit catches what no estimate foresees.
"""

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    value_from_ast_untyped,
)
from graphql.execution import ExecutionResult
from strawberry.extensions import SchemaExtension

from graph_service.api.bounds import most_items
from graph_service.domain.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from graph_service.errors import QueryCostError

MAX_COST = 50_000
PAGE_ARGUMENTS = ("first", "last")


class CostLimiter(SchemaExtension):
    """Answers QUERY_TOO_COSTLY, with the figures, instead of running an expensive query."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            schema = context.schema._schema
            cost = query_cost(
                schema, document.definitions, context.operation_name, context.variables
            )
            if cost > MAX_COST:
                error = QueryCostError(
                    f"this query could resolve about {cost:,} objects, more than the "
                    f"{MAX_COST:,} allowed per request; ask for smaller pages (first/last) or "
                    "fewer nested lists, and follow cursors for the rest"
                )
                context.result = ExecutionResult(
                    data=None,
                    errors=[GraphQLError(error.message, extensions={"code": error.code})],
                )
        yield


def query_cost(
    schema: GraphQLSchema,
    definitions: Any,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> int:
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name in (None, o.name and o.name.value)]
    if not chosen:
        return 0
    operation = chosen[0]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    # A variable left out takes its default, which the estimate must see too.
    defaults = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    walker = _Walker(fragments, {**defaults, **(variables or {})})
    return walker.cost(operation.selection_set, root, in_connection=False)


class _Walker:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]):
        self._fragments = fragments
        self._variables = variables

    def cost(self, selections: SelectionSetNode, parent: Any, *, in_connection: bool) -> int:
        total = 0
        for field in self._fields(selections):
            definition = getattr(parent, "fields", {}).get(field.name.value)
            if definition is None:  # __typename and the like
                continue
            returned = get_nullable_type(definition.type)
            named = get_named_type(returned)
            multiplier = 1
            if "first" in definition.args:
                multiplier = self._page_size(field, definition)
            elif is_list_type(returned) and not in_connection:
                multiplier = most_items(parent.name, field.name.value)
            total += multiplier
            if field.selection_set is not None and isinstance(named, GraphQLObjectType):
                connection = named.name.endswith("Connection")
                total += multiplier * self.cost(
                    field.selection_set, named, in_connection=connection
                )
        return total

    def _fields(self, selections: SelectionSetNode) -> Iterator[FieldNode]:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self._fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self._fragments.get(selection.name.value)
                if fragment is not None:
                    yield from self._fields(fragment.selection_set)

    def _page_size(self, field: FieldNode, definition: GraphQLField) -> int:
        """The page size a field asks for, else its default; never more than a page can hold
        (a larger one is refused when the field runs)."""
        given = {argument.name.value: argument.value for argument in field.arguments or ()}
        for name in PAGE_ARGUMENTS:
            node = given.get(name)
            if node is None:
                continue
            value = (
                self._variables.get(node.name.value)
                if isinstance(node, VariableNode)
                else value_from_ast_untyped(node)
            )
            if isinstance(value, int) and not isinstance(value, bool):
                return max(0, min(value, MAX_PAGE_SIZE))
        default = definition.args["first"].default_value
        return default if isinstance(default, int) else DEFAULT_PAGE_SIZE
