// The agencies each finding concerns, by finding id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Finding {id: id})-[:CONCERNS_AGENCY]->(x:Agency)
WITH id, x
RETURN id AS key, x {.id, .name, .sector, .area} AS node
ORDER BY key, node.id
