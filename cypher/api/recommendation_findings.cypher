// The findings each recommendation addresses, by recommendation id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
UNWIND $ids AS id
MATCH (:Recommendation {id: id})-[:ADDRESSES]->(x:Finding)
WHERE ($includeRestricted OR x.restricted = false)
WITH id, x
RETURN id AS key, properties(x) AS node
ORDER BY key, node.id
