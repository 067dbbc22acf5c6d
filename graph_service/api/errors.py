"""Turns every error a GraphQL request meets into a stable code and a readable message.

Errors the service raises on purpose keep their message and carry their ``code`` in
``extensions.code``. Anything else is logged with its traceback and reaches the client only
as a generic message: no stack trace, no internals.
"""

import logging

from graphql import GraphQLError, GraphQLSyntaxError
from starlette.responses import JSONResponse
from strawberry.types import ExecutionResult

from graph_service.errors import (
    CatalogueError,
    GraphServiceError,
    StoreQueryError,
    StoreUnavailableError,
)

log = logging.getLogger(__name__)

INTERNAL_MESSAGE = "Internal error while answering this request; it has been logged."
STATEMENT_FAILED_MESSAGE = "A query failed inside the service; the details have been logged."
# The store's own message names its address (host and port, socket path or URI): logged only.
UNAVAILABLE_MESSAGE = "The graph store is unavailable; retry in a moment."


def with_codes(result: ExecutionResult) -> ExecutionResult:
    """The result with every error classified: a code and a message fit for the caller."""
    if result.errors:
        result.errors = [classify(error) for error in result.errors]
    return result


def classify(error: GraphQLError) -> GraphQLError:
    if isinstance(error, GraphQLSyntaxError):
        # Malformed text, or more tokens than the limit allows: the message says which.
        return _with_code(error, error.message, "GRAPHQL_PARSE_FAILED")
    original = error.original_error
    if isinstance(original, StoreUnavailableError):
        log.warning("store unavailable at %s: %s", error.path, original.message)
        return _with_code(error, UNAVAILABLE_MESSAGE, original.code)
    if isinstance(original, StoreQueryError | CatalogueError):
        # A defect, and its text may quote the statement or its parameters: log, don't show.
        log.error("statement failure at %s: %s", error.path, original.message)
        return _with_code(error, STATEMENT_FAILED_MESSAGE, original.code)
    if isinstance(original, GraphServiceError):
        return _with_code(error, original.message, original.code)
    if error.path is None and error.message.startswith("Variable '$"):
        # A variable of the wrong type or shape: graphql-core's message names it and the value.
        return _with_code(error, error.message, "BAD_USER_INPUT")
    if original is None:
        code = (error.extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
        return _with_code(error, error.message, str(code))
    log.error("unexpected error at %s", error.path, exc_info=original)
    return _with_code(error, INTERNAL_MESSAGE, "INTERNAL_SERVER_ERROR")


def _with_code(error: GraphQLError, message: str, code: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code},
    )


def refusal(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An HTTP answer refusing a request, in the shape of any GraphQL error."""
    return JSONResponse(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status,
        headers=headers,
    )
