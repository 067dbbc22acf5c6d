// The partnership that commissioned each review, by review id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Review {id: id})-[:COMMISSIONED_BY]->(x:Partnership)
WITH id, x
RETURN id AS key, x {.id, .name} AS node
ORDER BY key, node.id
