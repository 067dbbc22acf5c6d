"""The GraphQL schema: root fields and the extensions every request passes through."""

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
from graph_service.api.fields.reference import ReferenceQuery
from graph_service.api.fields.review_system import ReviewSystemQuery
from graph_service.api.text import TextArguments

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
    ),
)


class Schema(strawberry.Schema):
    """Strawberry's schema, giving every error a code and logging only the service's own faults.

    Errors are classified on the finished result rather than in an extension, because a
    document refused while parsing never reaches the extensions' end of operation. A caller's
    mistake (a bad argument, a missing key) must not flood the log; ``classify`` logs what is
    the service's fault (unexpected errors, failed statements).
    """

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        return with_codes(await super().execute(*args, **kwargs))

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    """The schema; without ``introspection``, __schema and __type queries are refused."""
    rules = LIMIT_RULES if introspection else [*LIMIT_RULES, NoSchemaIntrospectionCustomRule]
    # Extensions are given as factories: Strawberry builds fresh ones for every request.
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            TextArguments,
            CostLimiter,
            lambda: AddValidationRules(rules),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )
