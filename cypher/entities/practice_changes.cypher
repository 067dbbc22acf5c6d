// One page of practice changes, filtered, in keyset order ($sort: completed or id).
// Parameters: $includeRestricted, $agencies, $changeTypes, $statuses, $issues, $withOutcome, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: derived if $issues
// A reader's issue filter reads the issues derived for readers: while those are stale, it
// matches nothing.
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH $includeRestricted OR coalesce(figures.stale, false) = false AS issuesCurrent
MATCH (n:PracticeChange)
WHERE ($agencies IS NULL OR n.agencyId IN $agencies)
    AND ($changeTypes IS NULL OR n.changeType IN $changeTypes)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($issues IS NULL OR issuesCurrent AND any(x IN CASE WHEN $includeRestricted THEN n.issueCodes ELSE n.openIssueCodes END WHERE x IN $issues))
    AND ($withOutcome IS NULL OR (n.outcomeCount > 0) = $withOutcome)
WITH n, CASE $sort WHEN 'completed' THEN coalesce(n.completedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} AS node
