// Derives, for a batch of practice changes, how many outcomes each resulted in, and the
// perennial issues targeted by the recommendations it implements: all of them, and those
// reached through unrestricted recommendations. Run after the recommendations' TARGETS.
// Parameters: $ids
// Columns: changes
UNWIND $ids AS id
MATCH (c:PracticeChange {id: id})
OPTIONAL MATCH (c)-[resulted:RESULTED_IN]->(:Outcome)
WITH c, count(resulted) AS outcomes
OPTIONAL MATCH (c)-[:IMPLEMENTS]->(rec:Recommendation)-[:TARGETS]->(issue:PerennialIssue)
WITH c, outcomes, collect(DISTINCT issue.code) AS issues,
    collect(DISTINCT CASE WHEN rec.restricted = false THEN issue.code END) AS openIssues
SET c.outcomeCount = outcomes, c.issueCodes = issues, c.openIssueCodes = openIssues
RETURN count(c) AS changes
