// Counts IMR assessments, only when the caller may see them and their review that pass the same filters as entities/imr_assessments.
// Parameters: $includeRestricted, $includeImr, $reviews, $agencies, $reviewTypes
// Columns: total
// Visibility: review
MATCH (n:ImrAssessment)-[:FOR_REVIEW]->(review:Review)
WHERE $includeImr
    AND ($includeRestricted OR review.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($agencies IS NULL OR n.agencyId IN $agencies)
    AND ($reviewTypes IS NULL OR review.reviewType IN $reviewTypes)
RETURN count(n) AS total
