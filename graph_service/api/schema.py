"""The GraphQL schema: root fields and the extensions every request passes through."""

import asyncio
import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult

from graph_service.api.cost import CostLimiter
from graph_service.api.errors import with_codes
from graph_service.api.fields.administration import AdministrationQuery, Mutation
from graph_service.api.fields.analytics import AnalyticsQuery
from graph_service.api.fields.entities import EntityQuery
from graph_service.api.fields.exploration import ExplorationQuery
from graph_service.api.fields.feed import FeedQuery
from graph_service.api.fields.reference import ReferenceQuery
from graph_service.api.fields.review_system import ReviewSystemQuery
from graph_service.api.text import TextArguments
from graph_service.errors import RequestTimeoutError

log = logging.getLogger(__name__)

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2_000


# The depth and alias rules, built once: a limiter made per request brings new rule classes,
# which the validation cache keys on, so every request would be validated afresh.
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]

Query = merge_types(
    "Query",
    (
        ReferenceQuery,
        EntityQuery,
        AnalyticsQuery,
        ExplorationQuery,
        ReviewSystemQuery,
        AdministrationQuery,
        FeedQuery,
    ),
)


class Schema(strawberry.Schema):
    """Strawberry's schema, giving every error a code and logging only the service's own faults.

    Errors are classified on the finished result rather than in an extension, because a
    document refused while parsing never reaches the extensions' end of operation. A caller's
    mistake (a bad argument, a missing key) must not flood the log; ``classify`` logs what is
    the service's fault (unexpected errors, failed statements).
    """

    def __init__(self, *args: Any, request_timeout_ms: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._request_timeout_ms = request_timeout_ms

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        if self._request_timeout_ms is None:
            return with_codes(await super().execute(*args, **kwargs))
        timer = asyncio.timeout(self._request_timeout_ms / 1000)
        try:
            async with timer:
                result = await super().execute(*args, **kwargs)
        except TimeoutError:
            if not timer.expired():
                raise
            result = self._timed_out()
        return with_codes(result)

    def _timed_out(self) -> ExecutionResult:
        """The answer to a request stopped at the time limit: what it had found is dropped."""
        error = RequestTimeoutError(
            f"the request ran longer than the {self._request_timeout_ms:,} ms allowed and was "
            "stopped; ask for less (smaller pages, fewer nested fields) or retry later"
        )
        log.warning("request stopped after %d ms", self._request_timeout_ms)
        return ExecutionResult(
            data=None, errors=[GraphQLError(error.message, extensions={"code": error.code})]
        )

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(
    *, introspection: bool = True, request_timeout_ms: int | None = None
) -> strawberry.Schema:
    """The schema; without ``introspection``, __schema and __type queries are refused, and
    with ``request_timeout_ms`` a request running longer is stopped with REQUEST_TIMEOUT."""
    rules = LIMIT_RULES if introspection else [*LIMIT_RULES, NoSchemaIntrospectionCustomRule]
    # Extensions are given as factories: Strawberry builds fresh ones for every request.
    return Schema(
        query=Query,
        mutation=Mutation,
        request_timeout_ms=request_timeout_ms,
        extensions=[
            TextArguments,
            CostLimiter,
            lambda: AddValidationRules(rules),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )
