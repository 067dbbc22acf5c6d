// Entities of one kind retired after the cursor ($afterRun, $afterId) and up to load run
// $upTo, in feed order. Callers who may not see restricted material hear only of what they
// could once see, and readers of no IMR assessment.
// Parameters: $kind, $afterRun, $afterId, $upTo, $limit, $includeRestricted, $includeImr
// Columns: id, changedIn
// Visibility: review
MATCH (t:Retired {kind: $kind})
WHERE t.changedIn <= $upTo
    AND (t.changedIn > $afterRun OR (t.changedIn = $afterRun AND t.id > $afterId))
    AND ($includeRestricted OR t.everPublic = true)
    AND ($includeImr OR t.kind <> 'imr_assessments')
RETURN t.id AS id, t.changedIn AS changedIn
ORDER BY changedIn, id
LIMIT $limit
