// One page of forces' governance records, filtered, in keyset order ($sort: recorded or id).
// Parameters: $forces, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
MATCH (n:GovernanceRecord)
WHERE ($forces IS NULL OR n.forceId IN $forces)
WITH n, CASE $sort WHEN 'recorded' THEN n.recordedOn ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
RETURN key, n.id AS id, properties(n) AS node
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN id END ASC, CASE WHEN $ascending THEN null ELSE id END DESC
LIMIT $limit
