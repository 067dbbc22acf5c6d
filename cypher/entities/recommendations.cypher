// One page of recommendations of reviews the caller may see, filtered, in keyset order ($sort: made or id).
// Parameters: $includeRestricted, $reviews, $reviewTypes, $yearFrom, $yearTo, $statuses, $levels, $implemented, $agencies, $sectors, $issues, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: review
MATCH (n:Recommendation)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($levels IS NULL OR n.level IN $levels)
    AND ($implemented IS NULL OR n.implemented = $implemented)
    AND ($agencies IS NULL OR any(x IN n.agencyIds WHERE x IN $agencies))
    AND ($sectors IS NULL OR any(x IN n.sectorCodes WHERE x IN $sectors))
    AND ($issues IS NULL OR any(x IN n.issueCodes WHERE x IN $issues))
WITH n, CASE $sort WHEN 'made' THEN coalesce(n.madeOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS node
