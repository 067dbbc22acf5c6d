// The findings of each review, by review id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Review {id: id})-[:IDENTIFIES]->(x:Finding)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .reviewId, .text, .kind} AS node
ORDER BY key, node.id
