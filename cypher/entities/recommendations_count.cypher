// Counts recommendations of reviews the caller may see that pass the same filters as entities/recommendations.
// Parameters: $includeRestricted, $reviews, $reviewTypes, $yearFrom, $yearTo, $statuses, $levels, $implemented, $agencies, $sectors, $issues
// Columns: total
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
RETURN count(n) AS total
