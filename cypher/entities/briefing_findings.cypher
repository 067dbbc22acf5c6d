// The findings each briefing cites that the caller may see, by briefing id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Briefing {id: id})-[:DISSEMINATES]->(x:Finding)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, x {.id, .reviewId, .text, .kind} AS node
ORDER BY key, node.id
