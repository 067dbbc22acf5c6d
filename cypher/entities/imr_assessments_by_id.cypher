// Looks up IMR assessments by id, if the caller may see them and their review.
// Parameters: $ids, $includeImr, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (n:ImrAssessment {id: id})-[:FOR_REVIEW]->(review:Review)
WITH n, review
WHERE $includeImr AND ($includeRestricted OR review.restricted = false)
RETURN n.id AS key, n {.id, .reviewId, .agencyId, .assessedOn, .assessorRole, .comment} AS node
