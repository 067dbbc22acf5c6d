// Counts practice changes that pass the same filters as api/practice_changes.
// Parameters: $includeRestricted, $agencies, $changeTypes, $statuses, $issues, $withOutcome
// Columns: total
MATCH (n:PracticeChange)
WHERE ($agencies IS NULL OR n.agencyId IN $agencies)
    AND ($changeTypes IS NULL OR n.changeType IN $changeTypes)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($withOutcome IS NULL OR (n.outcomeCount > 0) = $withOutcome)
WITH n,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:IMPLEMENTS]->(r1:Recommendation)-[:TARGETS]->(m1:PerennialIssue) WHERE m1.code IN $issues AND ($includeRestricted OR r1.restricted = false) | m1]) > 0 END AS keep1
WHERE keep1
RETURN count(n) AS total
