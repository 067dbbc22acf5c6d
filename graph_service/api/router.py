"""The GraphQL endpoint: Strawberry's router, refusing what it cannot serve in the GraphQL shape.

Strawberry refuses a body that is not JSON, a batch, another content type or a mutation over
GET with a plain-text answer, and fails on a body nested thousands deep or not in UTF-8. Here
every such request gets a 4xx whose body has the shape of any other error,
``{"errors": [{"message": ..., "extensions": {"code": "BAD_REQUEST"}}]}``.

A request naming a persisted query by hash runs the query registered under it
(:mod:`graph_service.api.persisted`).
"""

import json
from typing import Any

from cross_web import HTTPException
from starlette.responses import Response
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from graph_service.api.errors import refusal
from graph_service.api.persisted import PersistedQueries, persisted_query_refusal
from graph_service.errors import GraphServiceError, MalformedRequestError

# Deeper than any request needs (input objects nest a few levels), shallow enough that nothing
# walking a request's variables can run out of stack.
MAX_JSON_DEPTH = 32

# Strawberry's reasons that deserve a status of their own, or a message saying what to send.
_UNSUPPORTED_TYPE = "Unsupported content type"


class Router(GraphQLRouter[Any, None]):
    """Strawberry's router serving the project's GraphiQL page, ``ide_page``, if given, and
    running persisted queries as ``persisted_queries`` says."""

    def __init__(
        self,
        schema: Any,
        *,
        ide_page: str | None,
        persisted_queries: PersistedQueries,
        **options: Any,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if ide_page else None, **options)
        self._ide_page = ide_page or ""
        self._persisted = persisted_queries

    @property
    def graphql_ide_html(self) -> str:
        return self._ide_page

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a persisted query in its extensions asks for data, not for the page.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        resolved = await self._persisted.resolve(request_data, context)
        if isinstance(resolved, ExecutionResult):
            return resolved
        return await super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=resolved,
        )

    def decode_json(self, data: str | bytes) -> object:
        """The body as JSON: UTF-8 text (RFC 8259) nested at most :data:`MAX_JSON_DEPTH` deep."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8; send UTF-8 JSON") from None
        try:
            value = json.loads(text)
        except RecursionError:
            value = None  # nested far beyond the limit: refused below like any deep body
            depth = MAX_JSON_DEPTH + 1
        except ValueError:
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        else:
            depth = _depth(value)
        if depth > MAX_JSON_DEPTH:
            raise HTTPException(
                400, f"the request body nests arrays or objects more than {MAX_JSON_DEPTH} deep"
            )
        if not isinstance(value, dict | list):
            raise HTTPException(400, 'the request body must be a JSON object: {"query": ...}')
        return value

    async def run(  # type: ignore[override]  # HTTP only: the service has no WebSocket route
        self, request: Any, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response:
        try:
            response: Response = await super().run(request, context, root_value)
        except HTTPException as refused:
            if refused.reason == _UNSUPPORTED_TYPE:
                error = MalformedRequestError(
                    "send the request as application/json with POST, or as query parameters "
                    "with GET"
                )
                return refusal(415, error.code, error.message)
            error = MalformedRequestError(refused.reason)
            return refusal(refused.status_code, error.code, error.message)
        except GraphServiceError as persisted_error:  # raised only by persisted queries
            return persisted_query_refusal(persisted_error)
        return response


def _depth(value: object) -> int:
    """How deep arrays and objects nest in a decoded JSON value, counted without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            if level <= MAX_JSON_DEPTH:
                pending.extend((child, level + 1) for child in children)
    return deepest
