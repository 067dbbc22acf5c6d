// Where the reviews stand in the change feed: each one's latest change after the cursor
// ($afterRun, $afterId) and up to load run $upTo, in feed order, with what tells a
// caller's view of the change apart. Items the caller may not see come only if they were once
// public, as removals: their content is read through export/reviews, which filters it.
// Parameters: $afterRun, $afterId, $upTo, $limit, $includeRestricted
// Columns: id, changedIn, createdIn, publicSince, restricted, fieldChangedIn, linksChangedIn
// Visibility: review
MATCH (n:Review)
WHERE n.changedIn <= $upTo
    AND (n.changedIn > $afterRun OR (n.changedIn = $afterRun AND n.id > $afterId))
    AND ($includeRestricted OR n.restricted = false OR n.everPublic = true)
RETURN n.id AS id, n.changedIn AS changedIn, n.createdIn AS createdIn,
    n.publicSince AS publicSince, coalesce(n.restricted, false) AS restricted,
    n.fieldChangedIn AS fieldChangedIn, n.linksChangedIn AS linksChangedIn
ORDER BY changedIn, id
LIMIT $limit
