"""GraphQL queries that more than one measurement sends, written once.

The tests count the statements these queries run (tests/api/test_round_trips.py), so that a
figure in bench/RESULTS.md and the test describe the same work.
"""

# A review's page as a client shows it: the review, its codes, findings, recommendations and
# what became of them. bench/api.py times it under concurrent clients; bench/peer.py sends it
# to the service beside the same question asked of @neo4j/graphql.
REVIEW_DETAIL = """
query ($id: ID!) {
  review(id: $id) {
    id title status publishedOn reviewType { code name } forces { code name }
    findings(first: 50) { id text kind perennialIssues { code } themes { code } }
    recommendations(first: 30) {
      id text status practiceChanges(first: 10) { id status outcomes(first: 10) { id direction } }
    }
  }
}
"""
