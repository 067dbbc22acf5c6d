// The recommendations each practice change implements that the caller may see, by change id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:PracticeChange {id: id})-[:IMPLEMENTS]->(x:Recommendation)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS node
ORDER BY key, node.id
