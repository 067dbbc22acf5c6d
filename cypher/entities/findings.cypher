// One page of findings of reviews the caller may see, filtered, in keyset order by id.
// Parameters: $includeRestricted, $reviews, $reviewTypes, $yearFrom, $yearTo, $kinds, $issues, $themes, $factors, $factorEffect, $agencies, $sectors, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: review
MATCH (n:Finding)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($issues IS NULL OR any(x IN n.issueCodes WHERE x IN $issues))
    AND ($themes IS NULL OR any(x IN n.themeCodes WHERE x IN $themes))
    AND ($factors IS NULL OR any(x IN n.factorEffects WHERE split(x, ':')[0] IN $factors AND ($factorEffect IS NULL OR split(x, ':')[1] = $factorEffect)))
    AND ($factorEffect IS NULL OR any(x IN n.factorEffects WHERE split(x, ':')[1] = $factorEffect))
    AND ($agencies IS NULL OR any(x IN n.agencyIds WHERE x IN $agencies))
    AND ($sectors IS NULL OR any(x IN n.sectorCodes WHERE x IN $sectors))
WITH n, n.id AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .reviewId, .text, .kind} AS node
