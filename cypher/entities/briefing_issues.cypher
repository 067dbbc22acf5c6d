// The perennial issues each briefing covers, by briefing id.
// Parameters: $ids
// Columns: key, code
// Visibility: public
UNWIND $ids AS id
MATCH (:Briefing {id: id})-[:DISSEMINATES]->(x:PerennialIssue)
WITH id, x
RETURN id AS key, x.code AS code
ORDER BY key, code
