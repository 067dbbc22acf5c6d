// The recommendations addressing each finding, by finding id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Finding {id: id})<-[:ADDRESSES]-(x:Recommendation)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS node
ORDER BY key, node.id
