"""Refuse, before any statement runs, a request whose arguments hold text no store can carry
(see :mod:`graph_service.domain.text`): ``BAD_USER_INPUT`` naming the variable or argument."""

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import ArgumentNode, DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from graph_service.domain.text import unstorable
from graph_service.errors import InputError


class TextArguments(SchemaExtension):
    """Answers BAD_USER_INPUT, naming the variable or argument, instead of running."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            where = _in_variables(context.variables or {}) or _in_arguments(document)
            if where is not None:
                error = InputError(
                    f"{where}: holds a NUL character or an unpaired surrogate, which no text "
                    "in the graph can hold; remove it"
                )
                context.result = ExecutionResult(
                    data=None,
                    errors=[GraphQLError(error.message, extensions={"code": error.code})],
                )
        yield


def _in_variables(variables: Mapping[str, Any]) -> str | None:
    for name, value in variables.items():
        if _holds_unstorable(value):
            return f"${name}"
    return None


def _holds_unstorable(value: object) -> bool:
    if isinstance(value, str):
        return unstorable(value)
    if isinstance(value, Mapping):
        return any(_holds_unstorable(key) or _holds_unstorable(v) for key, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_unstorable(item) for item in value)
    return False


class _ArgumentFinder(Visitor):
    """Finds the first argument whose literal value holds an unstorable string."""

    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None
        self._argument: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        self._argument.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_: object) -> None:
        self._argument.pop()

    def enter_string_value(self, node: StringValueNode, *_: object) -> object:
        if self.found is None and unstorable(node.value):
            self.found = f"argument {self._argument[-1]}" if self._argument else "a string"
            return self.BREAK
        return None


# Documents already scanned, by identity: the parser cache hands a repeated query the same
# document, so its literal arguments are read once, not on every request.
_SCANNED: OrderedDict[int, tuple[DocumentNode, str | None]] = OrderedDict()
_SCANNED_KEPT = 256


def _in_arguments(document: DocumentNode) -> str | None:
    kept = _SCANNED.get(id(document))
    if kept is not None and kept[0] is document:
        _SCANNED.move_to_end(id(document))
        return kept[1]
    finder = _ArgumentFinder()
    visit(document, finder)
    _SCANNED[id(document)] = (document, finder.found)
    while len(_SCANNED) > _SCANNED_KEPT:
        _SCANNED.popitem(last=False)
    return finder.found
