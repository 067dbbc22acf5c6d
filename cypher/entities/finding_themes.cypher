// The themes each finding is about, by finding id.
// Parameters: $ids
// Columns: key, code
// Visibility: parent
UNWIND $ids AS id
MATCH (:Finding {id: id})-[:ABOUT_THEME]->(x:Theme)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
