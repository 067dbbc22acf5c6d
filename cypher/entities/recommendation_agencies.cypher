// The agencies each recommendation is directed to, by recommendation id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Recommendation {id: id})-[:DIRECTED_TO]->(x:Agency)
WITH id, x
RETURN id AS key, x {.id, .name, .sector, .area} AS node
ORDER BY key, node.id
