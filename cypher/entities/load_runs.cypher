// One page of dataset loads, filtered, in keyset order ($sort: started or id).
// Parameters: $statuses, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: role
MATCH (n:LoadRun)
WHERE ($statuses IS NULL OR n.status IN $statuses)
WITH n, CASE $sort WHEN 'started' THEN toString(n.startedAt) ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .status, .source, .datasetName, .datasetHash, .files, .loaderVersion, .startedAt, .finishedAt, .summary} AS node
