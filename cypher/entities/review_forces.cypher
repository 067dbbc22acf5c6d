// The force areas of each review, by review id.
// Parameters: $ids
// Columns: key, code
// Visibility: parent
UNWIND $ids AS id
MATCH (:Review {id: id})-[:IN_FORCE_AREA]->(x:Force)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
