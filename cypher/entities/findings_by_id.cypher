// Looks up findings, if the caller may see their review by id; unknown ids give no row.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (n:Finding {id: id})
WITH n
WHERE ($includeRestricted OR n.restricted = false)
RETURN n.id AS key, n {.id, .reviewId, .text, .kind} AS node
