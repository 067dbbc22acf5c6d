"""Persisted queries on ``/graphql``: Apollo's automatic persisted queries, and a mode in which
only registered queries run.

A request names a registered query by the SHA-256 hash of its text, in its ``extensions``
(the JSON body's, or the ``extensions`` query parameter of a GET)::

    {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<64 lowercase hex>"}}}

Without ``query``, the registered text runs, or the answer is ``PersistedQueryNotFound`` (HTTP
200, so that Apollo clients send the query again with its hash). With ``query``, the text must
have that hash; it is registered, when the mode allows, and runs. Either way the text then
runs like any other request: the same limits, and the caller's own visibility.

In ``registered`` mode only registered texts run, by hash or sent in full, and only admins may
register one over HTTP (the command line registers them from files).
"""

import dataclasses
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, parse, specified_rules, validate
from starlette.responses import Response
from strawberry import Schema
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from graph_service.api.context import Context
from graph_service.api.errors import STATEMENT_FAILED_MESSAGE, UNAVAILABLE_MESSAGE, refusal
from graph_service.api.schema import LIMIT_RULES, MAX_TOKENS
from graph_service.config import PersistedQueryMode
from graph_service.domain.access import Role
from graph_service.errors import (
    AuthenticationError,
    GraphServiceError,
    InputError,
    MalformedRequestError,
    PersistedQueryMismatchError,
    PersistedQueryNotFoundError,
    PersistedQueryRequiredError,
    StoreUnavailableError,
)
from graph_service.repository.persisted_queries import query_hash
from graph_service.services.audited import Actor, record_denied
from graph_service.services.persisted_queries import QueryCheck

log = logging.getLogger(__name__)

EXTENSION = "persistedQuery"
VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")
_WHAT_TO_SEND = (
    'send "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<the SHA-256 hash of '
    'the query text in UTF-8, as 64 lowercase hex digits>"}}'
)
REQUIRED_MESSAGE = (
    "this service runs only registered queries, and this query is not registered. An operator "
    "registers it with `graph-service queries register FILE` (an admin may also send it once "
    'with its hash); then send its hash alone: "extensions": {"persistedQuery": {"version": 1, '
    '"sha256Hash": "<hash>"}}'
)


def requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The hash a request's extensions name, None when they name none; a malformed
    ``persistedQuery`` is a :class:`MalformedRequestError` saying what to send."""
    named = (extensions or {}).get(EXTENSION)
    if named is None:
        return None
    if not isinstance(named, dict):
        raise MalformedRequestError(f"extensions.persistedQuery must be an object; {_WHAT_TO_SEND}")
    version = named.get("version")
    if type(version) is not int or version != VERSION:
        raise MalformedRequestError(
            f"extensions.persistedQuery.version must be {VERSION}, the one version of the "
            f"protocol this service speaks; {_WHAT_TO_SEND}"
        )
    sha256 = named.get("sha256Hash")
    if not isinstance(sha256, str) or not _HASH.fullmatch(sha256):
        raise MalformedRequestError(
            f"extensions.persistedQuery.sha256Hash is not a SHA-256 hash; {_WHAT_TO_SEND}"
        )
    return sha256


def schema_check(schema: Schema) -> QueryCheck:
    """What stops a query from running on ``schema`` before it starts: the token limit and the
    rules every request is validated by, the depth and alias limits included."""
    rules = [*specified_rules, *LIMIT_RULES]

    def check(text: str) -> Sequence[str]:
        try:
            document = parse(text, max_tokens=MAX_TOKENS)
        except GraphQLSyntaxError as error:
            return [error.message]
        return [error.message for error in validate(schema._schema, document, rules)]

    return check


# The longest text registered over HTTP: a real query is a few kilobytes; without this, a
# caller could store the whole request size limit (comments, string literals) 10,000 times.
MAX_REGISTERED_BYTES = 32_768


class PersistedQueries:
    """Turns a request naming a persisted query into the request to run, per ``mode``."""

    def __init__(self, schema: Schema, *, mode: PersistedQueryMode, max_query_bytes: int) -> None:
        self._mode = mode
        self._max_query_bytes = max_query_bytes
        self._check = schema_check(schema)

    async def resolve(
        self, request: GraphQLRequestData, context: Context
    ) -> GraphQLRequestData | ExecutionResult:
        """The request to run, with the registered text as its query; or the answer to give
        at once when no query is registered under its hash."""
        sha256 = requested_hash(request.extensions)
        if sha256 is None:
            if self._mode == "automatic" or request.query is None:
                return request
            if await context.services.persisted_queries.find(query_hash(request.query)) is None:
                raise PersistedQueryRequiredError(REQUIRED_MESSAGE)
            return request
        # The gate lets a browser's GET through unauthenticated when it sends no query: it asks
        # for the GraphiQL page. Whether a hash is registered is for callers only.
        principal = context.principal
        queries = context.services.persisted_queries
        if request.query is None:
            text = await queries.find(sha256)
            if text is None:
                return not_found()
            return dataclasses.replace(request, query=text)
        sent = query_hash(request.query)
        if sent != sha256:
            raise PersistedQueryMismatchError(
                "extensions.persistedQuery.sha256Hash is not the SHA-256 hash of the query sent, "
                f"whose text (UTF-8) hashes to {sent}; send the hash of the query itself"
            )
        if await queries.find(sha256) is not None:
            return request
        actor = Actor.of(principal)
        if self._mode == "registered" and not principal.role.includes(Role.ADMIN):
            if principal.kind != "anonymous":  # anyone may send one: not worth a log entry
                await record_denied(
                    queries.audit,
                    actor,
                    "queries.register",
                    f"query {sha256}",
                    "only admins register queries over HTTP",
                )
            raise PersistedQueryRequiredError(REQUIRED_MESSAGE)
        if self._check(request.query):
            return request  # never registered; running it tells the caller what is wrong
        if principal.kind == "anonymous":
            return request  # runs, but only callers with a credential fill the registry
        try:
            await queries.register(
                actor,
                request.query,
                max_bytes=min(self._max_query_bytes, MAX_REGISTERED_BYTES),
                check=self._check,
            )
        except InputError as refused:  # the registry is full: the query still runs
            log.warning("query %s not registered: %s", sha256, refused.message)
        return request


def not_found() -> ExecutionResult:
    """The answer Apollo clients read as "send the query with its hash"."""
    error = PersistedQueryNotFoundError()
    return ExecutionResult(
        data=None, errors=[GraphQLError(error.message, extensions={"code": error.code})]
    )


def persisted_query_refusal(error: GraphServiceError) -> Response:
    """The HTTP answer to a request whose persisted query was refused before it ran."""
    if isinstance(error, AuthenticationError):
        return refusal(
            401, error.code, error.message, {"WWW-Authenticate": 'Bearer realm="learning-graph"'}
        )
    if isinstance(error, MalformedRequestError | PersistedQueryRequiredError):
        return refusal(400, error.code, error.message)
    if isinstance(error, StoreUnavailableError):
        log.warning("cannot read persisted queries: %s", error.message)
        return refusal(503, error.code, UNAVAILABLE_MESSAGE)
    log.error("persisted query failed: %s", error.message)
    return refusal(500, error.code, STATEMENT_FAILED_MESSAGE)
