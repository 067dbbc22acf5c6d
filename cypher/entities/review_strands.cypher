// The strands each review concerns, by review id.
// Parameters: $ids
// Columns: key, code
// Visibility: parent
UNWIND $ids AS id
MATCH (:Review {id: id})-[:CONCERNS]->(x:Strand)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
