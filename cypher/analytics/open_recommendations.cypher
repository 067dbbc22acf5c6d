// One page, by id, of the visible recommendations targeting a perennial issue that no
// practice change implements.
// Parameters: $includeRestricted, $code, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
MATCH (:PerennialIssue {code: $code})<-[:TARGETS]-(n:Recommendation)
WHERE ($includeRestricted OR n.restricted = false) AND n.changeCount = 0
WITH n, n.id AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
RETURN key, n.id AS id, properties(n) AS node
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN id END ASC, CASE WHEN $ascending THEN null ELSE id END DESC
LIMIT $limit
