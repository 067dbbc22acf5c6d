// The findings each recommendation addresses, by recommendation id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Recommendation {id: id})-[:ADDRESSES]->(x:Finding)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .reviewId, .text, .kind} AS node
ORDER BY key, node.id
