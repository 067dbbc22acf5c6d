// Counts recommendations of reviews the caller may see that pass the same filters as api/recommendations.
// Parameters: $includeRestricted, $reviews, $reviewTypes, $yearFrom, $yearTo, $statuses, $levels, $implemented, $agencies, $sectors, $issues
// Columns: total
MATCH (n:Recommendation)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($levels IS NULL OR n.level IN $levels)
    AND ($implemented IS NULL OR n.implemented = $implemented)
WITH n,
    CASE WHEN $agencies IS NULL THEN true ELSE size([(n)-[:DIRECTED_TO]->(m1:Agency) WHERE m1.id IN $agencies | m1]) > 0 END AS keep1,
    CASE WHEN $sectors IS NULL THEN true ELSE size([(n)-[:DIRECTED_TO]->(m2:Agency) WHERE m2.sector IN $sectors | m2]) > 0 END AS keep2,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:TARGETS]->(m3:PerennialIssue) WHERE m3.code IN $issues | m3]) > 0 END AS keep3
WHERE keep1 AND keep2 AND keep3
RETURN count(n) AS total
