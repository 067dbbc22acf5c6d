// The agencies involved in each review, by review id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Review {id: id})-[:INVOLVED]->(x:Agency)
WITH id, x
RETURN id AS key, x {.id, .name, .sector, .area} AS node
ORDER BY key, node.id
