// Looks up recommendations, if the caller may see their review by id; unknown ids give no row.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (n:Recommendation {id: id})
WITH n
WHERE ($includeRestricted OR n.restricted = false)
RETURN n.id AS key, n {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS node
