// The themes each briefing covers, by briefing id.
// Parameters: $ids
// Columns: key, code
// Visibility: public
UNWIND $ids AS id
MATCH (:Briefing {id: id})-[:DISSEMINATES]->(x:Theme)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
