// Lists pairs of perennial issues (a.code < b.code) raised by the same visible reviews, with
// the visible reviews raising each issue and raising any issue, from the derived counts.
// Parameters: $includeRestricted, $minReviews, $issue
// Columns: issueA, issueB, reviews, reviewsA, reviewsB, total
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (r:Review)
WHERE ($includeRestricted OR r.restricted = false) AND r.issueCount > 0
WITH count(r) AS total
MATCH (a:PerennialIssue)-[pair:CO_OCCURS]->(b:PerennialIssue)
WITH total, a, b,
    CASE WHEN $includeRestricted THEN pair.reviews ELSE pair.openReviews END AS reviews
WHERE reviews > 0 AND reviews >= $minReviews
    AND ($issue IS NULL OR a.code = $issue OR b.code = $issue)
RETURN a.code AS issueA, b.code AS issueB, reviews,
    CASE WHEN $includeRestricted THEN a.reviews ELSE a.openReviews END AS reviewsA,
    CASE WHEN $includeRestricted THEN b.reviews ELSE b.openReviews END AS reviewsB,
    total
