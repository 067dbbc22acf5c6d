// Where the briefings stand in the change feed: each one's latest change after the cursor
// ($afterRun, $afterId) and up to load run $upTo, in feed order; every caller may see them.
// Parameters: $afterRun, $afterId, $upTo, $limit
// Columns: id, changedIn, createdIn, publicSince, restricted, fieldChangedIn, linksChangedIn
// Visibility: public
MATCH (n:Briefing)
WHERE n.changedIn <= $upTo
    AND (n.changedIn > $afterRun OR (n.changedIn = $afterRun AND n.id > $afterId))
RETURN n.id AS id, n.changedIn AS changedIn, n.createdIn AS createdIn,
    n.publicSince AS publicSince, coalesce(n.restricted, false) AS restricted,
    n.fieldChangedIn AS fieldChangedIn, n.linksChangedIn AS linksChangedIn
ORDER BY changedIn, id
LIMIT $limit
