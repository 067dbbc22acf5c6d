// The systems factors that shaped each finding, with their effect, by finding id.
// Parameters: $ids
// Columns: key, code, effect
// Visibility: parent
UNWIND $ids AS id
MATCH (:Finding {id: id})-[s:SHAPED_BY]->(x:SystemsFactor)
RETURN id AS key, x.code AS code, s.effect AS effect
ORDER BY key, code
