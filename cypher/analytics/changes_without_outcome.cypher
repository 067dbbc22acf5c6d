// One page, by id, of the practice changes implementing a visible recommendation that targets
// a perennial issue, and that have no outcome.
// Parameters: $includeRestricted, $code, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
MATCH (:PerennialIssue {code: $code})<-[:TARGETS]-(rec:Recommendation)<-[:IMPLEMENTS]-(n:PracticeChange)
WHERE ($includeRestricted OR rec.restricted = false) AND n.outcomeCount = 0
WITH DISTINCT n
WITH n, n.id AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
RETURN key, n.id AS id, properties(n) AS node
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN id END ASC, CASE WHEN $ascending THEN null ELSE id END DESC
LIMIT $limit
