// Derives, for a batch of practice changes, how many outcomes each resulted in, and the
// perennial issues targeted by the recommendations it implements: all of them, and those
// reached through unrestricted recommendations (each in code order). Run after the
// recommendations' TARGETS. Only changes whose values changed are written (FalkorDB
// re-indexes a node on every write); returns how many were.
// Parameters: $ids
// Columns: changes
// Visibility: internal
UNWIND $ids AS id
MATCH (c:PracticeChange {id: id})
OPTIONAL MATCH (c)-[resulted:RESULTED_IN]->(:Outcome)
WITH c, count(resulted) AS outcomes
OPTIONAL MATCH (c)-[:IMPLEMENTS]->(rec:Recommendation)-[:TARGETS]->(issue:PerennialIssue)
WITH c, outcomes, rec, issue ORDER BY issue.code
WITH c, outcomes, collect(DISTINCT issue.code) AS issues,
    collect(DISTINCT CASE WHEN rec.restricted = false THEN issue.code END) AS openIssues
WHERE NOT coalesce(
    [c.outcomeCount, c.issueCodes, c.openIssueCodes] = [outcomes, issues, openIssues], false)
SET c.outcomeCount = outcomes, c.issueCodes = issues, c.openIssueCodes = openIssues
RETURN count(c) AS changes
