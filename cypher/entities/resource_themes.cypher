// The themes each resource helps with, by resource id.
// Parameters: $ids
// Columns: key, code
// Visibility: public
UNWIND $ids AS id
MATCH (:Resource {id: id})-[:HELPS_WITH]->(x:Theme)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
