// One page of briefings that disseminate learning, filtered, in keyset order ($sort: published or id).
// Parameters: $kinds, $issues, $themes, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: public
MATCH (n:Briefing)
WHERE ($kinds IS NULL OR n.kind IN $kinds)
WITH n,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:DISSEMINATES]->(m1:PerennialIssue) WHERE m1.code IN $issues | m1]) > 0 END AS keep1,
    CASE WHEN $themes IS NULL THEN true ELSE size([(n)-[:DISSEMINATES]->(m2:Theme) WHERE m2.code IN $themes | m2]) > 0 END AS keep2
WHERE keep1 AND keep2
WITH n, CASE $sort WHEN 'published' THEN coalesce(n.publishedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .title, .kind, .publishedOn, .url} AS node
