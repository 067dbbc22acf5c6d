// The perennial issues each finding exemplifies, by finding id.
// Parameters: $ids
// Columns: key, code
// Visibility: parent
UNWIND $ids AS id
MATCH (:Finding {id: id})-[:EXEMPLIFIES]->(x:PerennialIssue)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
