// The IMR assessments made for each review, by review id.
// Parameters: $ids, $includeImr, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (review:Review {id: id})<-[:FOR_REVIEW]-(x:ImrAssessment)
WITH id, x
WHERE $includeImr AND ($includeRestricted OR review.restricted = false)
RETURN id AS key, x {.id, .reviewId, .agencyId, .assessedOn, .assessorRole, .comment} AS node
ORDER BY key, node.id
