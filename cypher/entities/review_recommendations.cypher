// The recommendations each review makes, by review id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: review
UNWIND $ids AS id
MATCH (:Review {id: id})-[:MAKES]->(x:Recommendation)
WITH id, x
WHERE ($includeRestricted OR x.restricted = false)
RETURN id AS key, properties(x) AS node
ORDER BY key, node.id
