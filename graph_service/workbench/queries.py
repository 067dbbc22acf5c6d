"""The GraphQL documents the workbench pages send, and how a page runs one: through the same
schema, context and visibility as a request to /graphql, for the page's viewer."""

from typing import Any

import strawberry

from graph_service.api.context import Context
from graph_service.api.services import Services
from graph_service.domain.access import Principal
from graph_service.errors import PageQueryError

TAXONOMIES = """
query {
  reviewTypes { code name }
  forces { code name }
  strands { code name }
  perennialIssues { code name }
}
"""

RECURRENCE = """
query ($dimension: RecurrenceDimension!, $filter: RecurrenceFilter) {
  recurringIssues(dimension: $dimension, filter: $filter) {
    code name reviews findings
    byReviewType { reviewType reviews findings }
    byYear { year reviews findings }
  }
}
"""

FINDINGS = """
query ($filter: FindingFilter, $after: String) {
  findings(filter: $filter, first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id text kind
      perennialIssues { code name }
      themes { code name }
      systemsFactors { factor { code } effect }
      review {
        id title year reviewTypeCode jurisdiction
        reviewType { name }
        forces { code name }
        strands { code }
      }
    }
  }
}
"""

PATHWAY = """
query ($code: String!, $after: String) {
  issuePathway(code: $code) {
    code
    issue { code name }
    stages {
      findings reviews recommendations practiceChanges outcomes
      outcomesByDirection { improved noChange worsened unknown }
      findingsAddressed recommendationsImplemented changesWithOutcome outcomesImproved
    }
    openRecommendations(first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id text level status madeOn
        review { id title }
        directedTo(first: 20) { name }
        directedToCount
      }
    }
    changesWithoutOutcome(first: 0) { totalCount }
  }
}
"""


async def run(
    schema: strawberry.Schema,
    services: Services,
    principal: Principal,
    document: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The data the document answers for ``principal``; :class:`PageQueryError` when the API
    refuses it."""
    result = await schema.execute(
        document, variable_values=variables, context_value=Context(services, principal)
    )
    if result.errors:
        raise PageQueryError("; ".join(error.message for error in result.errors))
    assert result.data is not None
    return result.data
