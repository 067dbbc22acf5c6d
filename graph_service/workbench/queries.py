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
  themes { code name }
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


# The API's error codes that are the service's fault, not the viewer's, and their status.
_SERVICE_FAULTS = {
    "STORE_UNAVAILABLE": 503,
    "REQUEST_TIMEOUT": 504,
    "INTERNAL_SERVER_ERROR": 500,
    "STORE_QUERY_ERROR": 500,
    "STORE_ERROR": 500,
}


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
        codes = {(error.extensions or {}).get("code") for error in result.errors}
        status = max((_SERVICE_FAULTS.get(str(code), 400) for code in codes), default=400)
        raise PageQueryError("; ".join(error.message for error in result.errors), status=status)
    assert result.data is not None
    return result.data


REVIEW = """
query ($id: ID!) {
  review(id: $id) {
    id title status year publishedOn jurisdiction summary sourceUrl restricted
    reviewType { name }
    forces { code name }
    strands { name }
    findings(first: 50) {
      id text kind
      perennialIssues { code name }
      themes { code name }
      systemsFactors { factor { code name } effect }
    }
    findingCount
    recommendations(first: 30) {
      id text level status madeOn
      practiceChanges(first: 5) {
        id description status completedOn
        outcomes(first: 5) { id description direction observedOn }
      }
    }
    recommendationCount
  }
}
"""

RELATED = """
query ($id: ID!) {
  relatedReviews(id: $id, first: 10) {
    nodes { score shared review { id title year reviewType { name } } }
  }
}
"""

FORCE = """
query ($code: String!, $forces: [String!]) {
  forceOverview(code: $code) {
    code force { name country }
    reviews reviewsByType { reviewTypeCode count reviewType { name } }
    recommendations recommendationsByStatus { status count }
    practiceChanges practiceChangesByStatus { status count }
    imrMeanScores { criterionCode assessed mean criterion { name } }
    latestGovernanceRecord { recordedOn hasReviewTeam oversightBoard recommendationTracking }
  }
  recurringIssues(filter: { forces: $forces }) { code name reviews findings }
  reviews(filter: { forces: $forces }, first: 25) {
    totalCount
    nodes { id title year status reviewType { name } }
  }
}
"""

SEARCH = """
query ($text: String!, $kinds: [SearchKind!]) {
  search(text: $text, kinds: $kinds, first: 50) {
    totalCount
    nodes {
      kind id score
      review { id title year reviewType { name } }
      finding { text }
      recommendation { text }
      practiceChange { description }
    }
  }
  reviewHits: search(text: $text, kinds: [REVIEW], first: 0) { totalCount }
  findingHits: search(text: $text, kinds: [FINDING], first: 0) { totalCount }
  recommendationHits: search(text: $text, kinds: [RECOMMENDATION], first: 0) { totalCount }
  changeHits: search(text: $text, kinds: [PRACTICE_CHANGE], first: 0) { totalCount }
}
"""

BRIEFING = """
query ($dimension: RecurrenceDimension!, $filter: RecurrenceFilter, $findings: FindingFilter) {
  recurringIssues(dimension: $dimension, filter: $filter) {
    code name reviews findings reviewTypeCount forceCount firstSeen lastSeen
    byReviewType { reviewType reviews findings }
    byYear { year reviews findings }
  }
  findings(filter: $findings, first: 6) {
    totalCount
    nodes {
      id text
      review { id title year reviewType { name } }
      recommendations(first: 3) {
        id text status
        practiceChanges(first: 3) {
          description status
          outcomes(first: 3) { description direction }
        }
      }
    }
  }
}
"""
