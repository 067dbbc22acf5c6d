// One page of outcomes of practice changes, filtered, in keyset order ($sort: observed or id).
// Parameters: $changes, $directions, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: public
MATCH (n:Outcome)
WHERE ($changes IS NULL OR n.changeId IN $changes)
    AND ($directions IS NULL OR n.direction IN $directions)
WITH n, CASE $sort WHEN 'observed' THEN coalesce(n.observedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .changeId, .description, .direction, .observedOn, .measure, .value, .baseline, .evidenceUrl} AS node
