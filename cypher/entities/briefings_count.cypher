// Counts briefings that disseminate learning that pass the same filters as entities/briefings.
// Parameters: $kinds, $issues, $themes
// Columns: total
// Visibility: public
MATCH (n:Briefing)
WHERE ($kinds IS NULL OR n.kind IN $kinds)
WITH n,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:DISSEMINATES]->(m1:PerennialIssue) WHERE m1.code IN $issues | m1]) > 0 END AS keep1,
    CASE WHEN $themes IS NULL THEN true ELSE size([(n)-[:DISSEMINATES]->(m2:Theme) WHERE m2.code IN $themes | m2]) > 0 END AS keep2
WHERE keep1 AND keep2
RETURN count(n) AS total
