// Derives, for a batch of practice changes, how many outcomes each resulted in, and the
// perennial issues targeted by the recommendations it implements: all of them, and those
// reached through unrestricted recommendations. Run after the recommendations' TARGETS.
// Parameters: $ids
// Columns: changes
UNWIND $ids AS id
MATCH (c:PracticeChange {id: id})
WITH c, size([(c)-[resulted:RESULTED_IN]->(:Outcome) | resulted]) AS outcomes,
    [(c)-[:IMPLEMENTS]->(rec:Recommendation)-[:TARGETS]->(issue:PerennialIssue) |
        [issue.code, rec.restricted]] AS reached
SET c.outcomeCount = outcomes,
    c.issueCodes = reduce(seen = [], pair IN reached |
        CASE WHEN pair[0] IN seen THEN seen ELSE seen + pair[0] END),
    c.openIssueCodes = reduce(seen = [], pair IN reached |
        CASE WHEN pair[1] = true OR pair[0] IN seen THEN seen ELSE seen + pair[0] END)
RETURN count(c) AS changes
