// One page, in id order, of the practice changes implementing a visible recommendation that
// targets a perennial issue and that have no outcome, from the id list kept on the issue's
// pathway tally.
// Parameters: $includeRestricted, $code, $ascending, $afterId, $limit
// Columns: key, id, node
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (t:PathwayTally {code: $code, reviewType: '*'})
WHERE t.scope = CASE WHEN $includeRestricted THEN 'all' ELSE 'open' END
WITH CASE WHEN $ascending
    THEN [x IN t.openChangeIds WHERE $afterId IS NULL OR x > $afterId][0..$limit]
    ELSE reverse([x IN t.openChangeIds WHERE $afterId IS NULL OR x < $afterId])[0..$limit]
    END AS ids
UNWIND ids AS id
MATCH (n:PracticeChange {id: id})
RETURN id AS key, id, n {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} AS node
