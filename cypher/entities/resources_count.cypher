// Counts resources shared by forces that pass the same filters as entities/resources.
// Parameters: $kinds, $forces, $issues, $themes
// Columns: total
// Visibility: public
MATCH (n:Resource)
WHERE ($kinds IS NULL OR n.kind IN $kinds)
    AND ($forces IS NULL OR n.sharedBy IN $forces)
WITH n,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:HELPS_WITH]->(m1:PerennialIssue) WHERE m1.code IN $issues | m1]) > 0 END AS keep1,
    CASE WHEN $themes IS NULL THEN true ELSE size([(n)-[:HELPS_WITH]->(m2:Theme) WHERE m2.code IN $themes | m2]) > 0 END AS keep2
WHERE keep1 AND keep2
RETURN count(n) AS total
