// One page of IMR assessments, only when the caller may see them and their review, filtered, in keyset order ($sort: assessed or id).
// Parameters: $includeRestricted, $includeImr, $reviews, $agencies, $reviewTypes, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
// Visibility: review
MATCH (n:ImrAssessment)-[:FOR_REVIEW]->(review:Review)
WHERE $includeImr
    AND ($includeRestricted OR review.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($agencies IS NULL OR n.agencyId IN $agencies)
    AND ($reviewTypes IS NULL OR review.reviewType IN $reviewTypes)
WITH n, CASE $sort WHEN 'assessed' THEN coalesce(n.assessedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .reviewId, .agencyId, .assessedOn, .assessorRole, .comment} AS node
