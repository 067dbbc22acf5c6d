// One page of forces' governance records, filtered, in keyset order ($sort: recorded or id).
// Parameters: $forces, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: public
MATCH (n:GovernanceRecord)
WHERE ($forces IS NULL OR n.forceId IN $forces)
WITH n, CASE $sort WHEN 'recorded' THEN n.recordedOn ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .forceId, .recordedOn, .hasReviewTeam, .reviewLeadRole, .oversightBoard, .recommendationTracking, .imrSignoffRole, .notes} AS node
