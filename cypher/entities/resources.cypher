// One page of resources shared by forces, filtered, in keyset order ($sort: shared or id).
// Parameters: $kinds, $forces, $issues, $themes, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: public
MATCH (n:Resource)
WHERE ($kinds IS NULL OR n.kind IN $kinds)
    AND ($forces IS NULL OR n.sharedBy IN $forces)
WITH n,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:HELPS_WITH]->(m1:PerennialIssue) WHERE m1.code IN $issues | m1]) > 0 END AS keep1,
    CASE WHEN $themes IS NULL THEN true ELSE size([(n)-[:HELPS_WITH]->(m2:Theme) WHERE m2.code IN $themes | m2]) > 0 END AS keep2
WHERE keep1 AND keep2
WITH n, CASE $sort WHEN 'shared' THEN coalesce(n.sharedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .title, .kind, .sharedBy, .sharedOn, .url} AS node
