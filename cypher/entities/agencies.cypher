// One page of agencies, police forces included, filtered, in keyset order ($sort: name or id).
// Parameters: $sectors, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: public
MATCH (n:Agency)
WHERE ($sectors IS NULL OR n.sector IN $sectors)
WITH n, CASE $sort WHEN 'name' THEN n.name ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .name, .sector, .area} AS node
